import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemMap } from './edit.ts';
import { moveDown, moveItem, moveUp, planPlacement, type MoveOptions } from './move.ts';
import { isValidOrderKey } from './order-key.ts';
import { boardItems, readBoard } from './read.ts';
import { limits } from './schema.ts';
import { ctx, seededRandom, writeRawItem } from './testing.ts';

const opts = (): MoveOptions => ({ ...ctx, random: seededRandom(11) });
const ids = (doc: Y.Doc) => readBoard(doc, ctx).items.map((i) => i.id);
const orders = (doc: Y.Doc) =>
	Object.fromEntries([...boardItems(doc).keys()].map((id) => [id, itemMap(doc, id)?.get('order')]));

/** A board with items a..e at keys a0..a4. */
function board(n = 5) {
	const doc = new Y.Doc();
	for (let i = 0; i < n; i++) writeRawItem(doc, 'abcdefgh'[i], { order: `a${i}` });
	return doc;
}

function countUpdates(doc: Y.Doc, fn: () => void) {
	let n = 0;
	const onUpdate = () => n++;
	doc.on('update', onUpdate);
	fn();
	doc.off('update', onUpdate);
	return n;
}

describe('moveUp / moveDown', () => {
	it('moves one place at a time', () => {
		const doc = board();
		expect(moveUp(doc, 'c', opts())).toEqual({ ok: true });
		expect(ids(doc)).toEqual(['a', 'c', 'b', 'd', 'e']);
		moveUp(doc, 'c', opts());
		expect(ids(doc)).toEqual(['c', 'a', 'b', 'd', 'e']);
		moveDown(doc, 'a', opts());
		moveDown(doc, 'a', opts());
		expect(ids(doc)).toEqual(['c', 'b', 'd', 'a', 'e']);
	});

	it('rewrites only the moved item’s key, in one transaction', () => {
		const doc = board();
		const before = orders(doc);
		expect(countUpdates(doc, () => moveDown(doc, 'b', opts()))).toBe(1);
		const after = orders(doc);
		for (const id of ['a', 'c', 'd', 'e']) expect(after[id]).toBe(before[id]);
		expect(after.b).not.toBe(before.b);
		expect(isValidOrderKey(after.b)).toBe(true);
	});

	it('is a no-op at the ends', () => {
		const doc = board();
		expect(countUpdates(doc, () => moveUp(doc, 'a', opts()))).toBe(0);
		expect(countUpdates(doc, () => moveDown(doc, 'e', opts()))).toBe(0);
		expect(moveUp(doc, 'a', opts())).toEqual({ ok: true });
	});

	it('refuses missing, merged, deleted and invalid items', () => {
		const doc = board(2);
		writeRawItem(doc, 'm', { mergedInto: 'a', order: 'a5' });
		writeRawItem(doc, 'd', { deleted: true, order: 'a6' });
		writeRawItem(doc, 'i', { rt: -1, order: 'a7' });
		expect(moveUp(doc, 'zz', opts())).toEqual({
			ok: false,
			errors: [{ field: 'id', code: 'notFound' }]
		});
		for (const id of ['m', 'd', 'i']) {
			expect(moveUp(doc, id, opts())).toEqual({
				ok: false,
				errors: [{ field: 'id', code: 'notActive' }]
			});
		}
	});

	it('steps over hidden items as the screen shows them', () => {
		const doc = board(2);
		writeRawItem(doc, 'hidden', { order: 'a0V', mergedInto: 'a' });
		writeRawItem(doc, 'bad', { order: 'a0W', sector: 'x' });
		moveUp(doc, 'b', opts());
		expect(ids(doc)).toEqual(['b', 'a']);
	});
});

describe('moveItem', () => {
	it('moves after an item', () => {
		const doc = board();
		expect(moveItem(doc, 'a', { after: 'c' }, opts())).toEqual({ ok: true });
		expect(ids(doc)).toEqual(['b', 'c', 'a', 'd', 'e']);
		moveItem(doc, 'd', { after: 'e' }, opts());
		expect(ids(doc)).toEqual(['b', 'c', 'a', 'e', 'd']);
	});

	it('moves before an item', () => {
		const doc = board();
		moveItem(doc, 'e', { before: 'a' }, opts());
		expect(ids(doc)).toEqual(['e', 'a', 'b', 'c', 'd']);
		moveItem(doc, 'a', { before: 'd' }, opts());
		expect(ids(doc)).toEqual(['e', 'b', 'c', 'a', 'd']);
	});

	it('moves between two neighbours', () => {
		const doc = board();
		moveItem(doc, 'e', { after: 'a', before: 'b' }, opts());
		expect(ids(doc)).toEqual(['a', 'e', 'b', 'c', 'd']);
	});

	it('writes nothing when the item is already there', () => {
		const doc = board();
		expect(countUpdates(doc, () => moveItem(doc, 'c', { after: 'b' }, opts()))).toBe(0);
		expect(countUpdates(doc, () => moveItem(doc, 'c', { before: 'd' }, opts()))).toBe(0);
	});

	it.each([
		[{}, 'target', 'required'],
		[{ after: 'c' }, 'after', 'sameItem'],
		[{ before: 'c' }, 'before', 'sameItem'],
		[{ after: 'zz' }, 'after', 'notFound'],
		[{ before: 'zz' }, 'before', 'notFound'],
		[{ after: 'a', before: 'd' }, 'before', 'notAdjacent'],
		[{ after: 'b', before: 'a' }, 'before', 'notAdjacent']
	])('refuses target %j (%s: %s)', (target, field, code) => {
		const doc = board();
		expect(moveItem(doc, 'c', target, opts())).toEqual({ ok: false, errors: [{ field, code }] });
	});

	it('refuses a hidden target', () => {
		const doc = board(3);
		writeRawItem(doc, 'm', { mergedInto: 'a', order: 'a9' });
		expect(moveItem(doc, 'a', { after: 'm' }, opts())).toEqual({
			ok: false,
			errors: [{ field: 'after', code: 'notFound' }]
		});
	});

	it('treats before/after of the moved item’s own neighbours as adjacent', () => {
		const doc = board();
		// Without c, b and d are neighbours: placing c between them is its current place.
		expect(moveItem(doc, 'c', { after: 'b', before: 'd' }, opts())).toEqual({ ok: true });
		expect(ids(doc)).toEqual(['a', 'b', 'c', 'd', 'e']);
	});

	it('can move an invalid item, which repairs a garbage order key', () => {
		const doc = board(3);
		writeRawItem(doc, 'x', { order: 'garbage!' });
		expect(readBoard(doc, ctx).invalid.map((i) => i.id)).toEqual(['x']);
		expect(moveItem(doc, 'x', { after: 'a' }, opts())).toEqual({ ok: true });
		expect(ids(doc)).toEqual(['a', 'x', 'b', 'c']);
	});

	it('refuses to move merged or deleted items', () => {
		const doc = board(2);
		writeRawItem(doc, 'm', { mergedInto: 'a', order: 'a5' });
		writeRawItem(doc, 'd', { deleted: true, order: 'a6' });
		for (const id of ['m', 'd']) {
			expect(moveItem(doc, id, { after: 'b' }, opts())).toEqual({
				ok: false,
				errors: [{ field: 'id', code: 'notActive' }]
			});
		}
	});

	it('refuses (writes nothing) when no key fits any more', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'a', { order: 'a0' + 'z'.repeat(limits.orderKeyMax - 2) });
		writeRawItem(doc, 'b', { order: 'a1' });
		writeRawItem(doc, 'c', { order: 'a2' });
		expect(moveItem(doc, 'c', { after: 'a' }, opts())).toEqual({
			ok: false,
			errors: [{ field: 'order', code: 'orderUnavailable' }]
		});
		expect(ids(doc)).toEqual(['a', 'b', 'c']);
	});
});

describe('equal order keys', () => {
	it('moves within a run of equal keys by re-spacing only that run', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'first', { order: 'a0' });
		for (const id of ['p', 'q', 'r']) writeRawItem(doc, id, { order: 'a1' });
		writeRawItem(doc, 'last', { order: 'a2' });
		expect(ids(doc)).toEqual(['first', 'p', 'q', 'r', 'last']);
		moveUp(doc, 'r', opts());
		expect(ids(doc)).toEqual(['first', 'p', 'r', 'q', 'last']);
		const keys = orders(doc);
		expect(keys.first).toBe('a0');
		expect(keys.last).toBe('a2');
		expect(new Set([keys.p, keys.q, keys.r]).size).toBe(3);
		moveUp(doc, 'r', opts());
		expect(ids(doc)).toEqual(['first', 'r', 'p', 'q', 'last']);
	});

	it('moves out of and into a tie', () => {
		const doc = new Y.Doc();
		for (const id of ['p', 'q']) writeRawItem(doc, id, { order: 'a1' });
		writeRawItem(doc, 'z', { order: 'a3' });
		moveItem(doc, 'z', { after: 'p' }, opts());
		expect(ids(doc)).toEqual(['p', 'z', 'q']);
		moveDown(doc, 'p', opts());
		expect(ids(doc)).toEqual(['z', 'p', 'q']);
	});
});

describe('planPlacement', () => {
	const list = [
		{ id: 'a', order: 'a0' },
		{ id: 'b', order: 'a1' },
		{ id: 'd', order: 'a1' },
		{ id: 'e', order: 'a2' }
	];

	it('writes one key between distinct neighbours', () => {
		const plan = planPlacement(list, 1, 'x', seededRandom(1));
		expect([...(plan?.keys() ?? [])]).toEqual(['x']);
		const key = plan?.get('x') as string;
		expect(key > 'a0' && key < 'a1').toBe(true);
	});

	it('shares the tied key when the id already sorts between the neighbours', () => {
		expect(planPlacement(list, 2, 'c', seededRandom(1))).toEqual(new Map([['c', 'a1']]));
	});

	it('re-spaces the tied run when the id does not sort between them', () => {
		const plan = planPlacement(list, 2, 'z', seededRandom(1)) as Map<string, string>;
		expect([...plan.keys()]).toEqual(['b', 'z', 'd']);
		const keys = [...plan.values()];
		expect(keys[0] > 'a0' && keys[0] < keys[1] && keys[1] < keys[2] && keys[2] < 'a2').toBe(true);
	});

	it('places at the start and the end', () => {
		expect((planPlacement(list, 0, 'x')?.get('x') as string) < 'a0').toBe(true);
		expect((planPlacement(list, 4, 'x')?.get('x') as string) > 'a2').toBe(true);
		expect(planPlacement([], 0, 'x')?.size).toBe(1);
	});
});
