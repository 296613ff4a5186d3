import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { describe, expect, it } from 'vitest';
import { keyBetween, keysBetween } from './key-between.ts';
import { compareItems, isValidOrderKey } from './order-key.ts';
import { limits } from './schema.ts';
import { seededRandom } from './testing.ts';

describe('isValidOrderKey', () => {
	it.each([
		'a0',
		'a1',
		'Zz',
		'a0V',
		'b00',
		'b01V',
		'zz' + '0'.repeat(25),
		'A' + '0'.repeat(26) + 'V'
	])('accepts %j', (key) => {
		expect(isValidOrderKey(key)).toBe(true);
	});

	it.each([
		'',
		'a',
		'0a',
		'a00',
		'a0 ',
		'a-1',
		'b1',
		'Z',
		'A' + '0'.repeat(26),
		'a' + 'V'.repeat(limits.orderKeyMax),
		'а0' // Cyrillic a
	])('refuses %j', (key) => {
		expect(isValidOrderKey(key)).toBe(false);
	});

	it('refuses non-strings', () => {
		for (const v of [null, undefined, 5, ['a0'], { key: 'a0' }])
			expect(isValidOrderKey(v)).toBe(false);
	});

	it('accepts every key the library generates', () => {
		const keys = generateNKeysBetween(null, null, 200);
		keys.push(...generateNKeysBetween(null, keys[0], 100));
		keys.push(...generateNKeysBetween(keys[10], keys[11], 100));
		for (const k of keys) expect(isValidOrderKey(k), k).toBe(true);
	});
});

describe('compareItems', () => {
	it('orders by key with ordinal comparison, then by id', () => {
		const items = [
			{ id: 'b', order: 'a1' },
			{ id: 'a', order: 'a1' },
			{ id: 'c', order: 'Zz' },
			{ id: 'd', order: 'a0z' },
			{ id: 'e', order: 'a0Z' }
		];
		expect(items.sort(compareItems).map((i) => i.id)).toEqual(['c', 'e', 'd', 'a', 'b']);
	});
});

describe('keyBetween', () => {
	it('returns a valid key strictly between its bounds', () => {
		const random = seededRandom(1);
		const cases: [string | null, string | null][] = [
			[null, null],
			['a0', null],
			[null, 'a0'],
			['a0', 'a1'],
			['a0', 'a0V'],
			['a0', 'a01'],
			['a0V', 'a0W'],
			['Zz', 'a0']
		];
		for (const [lo, hi] of cases) {
			for (let i = 0; i < 50; i++) {
				const key = keyBetween(lo, hi, random) as string;
				expect(isValidOrderKey(key), `${lo} ${key} ${hi}`).toBe(true);
				if (lo !== null) expect(key > lo).toBe(true);
				if (hi !== null) expect(key < hi).toBe(true);
			}
		}
	});

	it('jitters keys so two phones inserting at one spot rarely collide', () => {
		const a = keyBetween('a0', 'a1', seededRandom(1));
		const b = keyBetween('a0', 'a1', seededRandom(2));
		expect(a).not.toBe(b);
		expect(a?.startsWith(generateKeyBetween('a0', 'a1'))).toBe(true);
	});

	it('returns null when no key fits within the length limit', () => {
		const lo = 'a0' + 'z'.repeat(limits.orderKeyMax - 2);
		expect(isValidOrderKey(lo)).toBe(true);
		expect(keyBetween(lo, 'a1')).toBeNull();
	});

	it('returns null instead of throwing for equal or invalid bounds', () => {
		expect(keyBetween('a1', 'a1')).toBeNull();
		expect(keyBetween('a00', null)).toBeNull();
	});
});

describe('keysBetween', () => {
	it('returns ascending distinct keys between the bounds', () => {
		const keys = keysBetween('a0', 'a1', 5, seededRandom(3)) as string[];
		expect(keys).toHaveLength(5);
		expect([...keys].sort()).toEqual(keys);
		expect(new Set(keys).size).toBe(5);
		expect(keys[0] > 'a0' && keys[4] < 'a1').toBe(true);
		for (const k of keys) expect(isValidOrderKey(k)).toBe(true);
	});
});
