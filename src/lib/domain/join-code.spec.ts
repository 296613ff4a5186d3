import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	formatJoinCode,
	generateJoinCode,
	isCanonicalJoinCode,
	JOIN_CODE_ALPHABET,
	JOIN_CODE_LENGTH,
	normalizeJoinCode,
	type RandomBytes
} from './join-code.ts';

/** Deterministic bytes (mulberry32), so the distribution test can never flake. */
function seededBytes(seed: number): RandomBytes {
	let a = seed >>> 0;
	return (n) => {
		const out = new Uint8Array(n);
		for (let i = 0; i < n; i++) {
			a = (a + 0x6d2b79f5) >>> 0;
			let t = a;
			t = Math.imul(t ^ (t >>> 15), t | 1);
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
			// The top byte: mulberry32's low bits are its weakest.
			out[i] = (t ^ (t >>> 14)) >>> 24;
		}
		return out;
	};
}

/** Returns the bytes 0, 1, …, 255, 0, 1, … in order, and counts how many were asked for. */
function cyclingBytes() {
	let next = 0;
	const source = {
		taken: 0,
		random: ((n: number) => {
			source.taken += n;
			return Uint8Array.from({ length: n }, () => next++ % 256);
		}) as RandomBytes
	};
	return source;
}

/** Look-alike groups, vowels and N: never in a code. */
const AMBIGUOUS = '0OQD1IL2Z5S8BGAEIUN';

describe('the alphabet', () => {
	it('holds none of the look-alikes, vowels or N', () => {
		for (const ch of AMBIGUOUS) expect(JOIN_CODE_ALPHABET).not.toContain(ch);
	});
	it('has no repeated characters and only upper-case letters and digits', () => {
		expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
		expect(JOIN_CODE_ALPHABET).toMatch(/^[0-9A-Z]+$/);
	});
});

describe('generateJoinCode', () => {
	it('gives canonical codes of the right length from the alphabet only', () => {
		const random = seededBytes(1);
		const codes = Array.from({ length: 2000 }, () => generateJoinCode(random));
		expect(codes.every((code) => code.length === JOIN_CODE_LENGTH)).toBe(true);
		expect(codes.every(isCanonicalJoinCode)).toBe(true);
		const used = new Set(codes.join(''));
		for (const ch of AMBIGUOUS) expect(used.has(ch)).toBe(false);
	});

	it('uses every byte value below 252 exactly equally often (no modulo bias)', () => {
		// 252 = 14 × 18 usable values per 256 bytes: 42 codes use one full cycle of bytes.
		const source = cyclingBytes();
		const counts = new Map<string, number>();
		for (let i = 0; i < 42 * 10; i++) {
			for (const ch of generateJoinCode(source.random)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
		}
		// The last cycle's bytes 252–255 are never asked for: the last code is complete by then.
		expect(source.taken).toBe(256 * 10 - 4);
		expect([...counts.keys()].sort().join('')).toBe([...JOIN_CODE_ALPHABET].sort().join(''));
		for (const n of counts.values()) expect(n).toBe(140);
	});

	it('redraws bytes 252–255 instead of folding them onto the first characters', () => {
		const queue = [252, 253, 254, 255, 0, 1, 2, 3, 4, 5];
		const code = generateJoinCode((n) => Uint8Array.from(queue.splice(0, n)));
		expect(code).toBe(JOIN_CODE_ALPHABET.slice(0, 6));
	});

	it('spreads characters uniformly over every position (chi-square, fixed seed)', () => {
		const random = seededBytes(20270110);
		const k = JOIN_CODE_ALPHABET.length;
		const perPosition = Array.from({ length: JOIN_CODE_LENGTH }, () =>
			new Array<number>(k).fill(0)
		);
		const codes = 18_000;
		for (let i = 0; i < codes; i++) {
			const code = generateJoinCode(random);
			for (let p = 0; p < JOIN_CODE_LENGTH; p++)
				perPosition[p][JOIN_CODE_ALPHABET.indexOf(code[p])]++;
		}
		const expected = codes / k;
		for (const counts of perPosition) {
			const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
			// 17 degrees of freedom: P(chi² > 40.79) = 0.001 for a fair source.
			expect(chi2).toBeLessThan(40.79);
		}
	});

	it('rarely repeats a code', () => {
		const random = seededBytes(7);
		const seen = new Set(Array.from({ length: 5000 }, () => generateJoinCode(random)));
		// Birthday bound for 5,000 draws from 34M codes: about 0.4 expected collisions.
		expect(seen.size).toBeGreaterThanOrEqual(4995);
	});

	it('throws on a random source that only gives unusable bytes', () => {
		expect(() => generateJoinCode((n) => new Uint8Array(n).fill(255))).toThrow();
		expect(() => generateJoinCode(() => new Uint8Array(0))).toThrow();
	});
});

describe('normalizeJoinCode', () => {
	it('round-trips generated codes through their displayed form', () => {
		const random = seededBytes(3);
		for (let i = 0; i < 500; i++) {
			const code = generateJoinCode(random);
			const shown = formatJoinCode(code);
			expect(normalizeJoinCode(shown)).toBe(code);
			expect(normalizeJoinCode(shown.toLowerCase())).toBe(code);
			expect(normalizeJoinCode(code)).toBe(code);
		}
	});

	it.each([
		['cfh-jkm', 'CFHJKM'],
		['  CFH JKM  ', 'CFHJKM'],
		['C F H - J K M', 'CFHJKM'],
		['cfh–jkm', 'CFHJKM'], // en dash from an autocorrecting keyboard
		['cfh—jkm', 'CFHJKM'], // em dash
		['cfh\u2212jkm', 'CFHJKM'], // minus sign
		['cfh_jkm', 'CFHJKM'],
		['cfh.jkm', 'CFHJKM'],
		['cfh\u00a0jkm', 'CFHJKM'], // no-break space from a copied message
		['ＣＦＨ－ＪＫＭ', 'CFHJKM'], // full-width keyboard
		['34u-79x', '34V79X'], // U can only be a misread V
		['uuuuuu', 'VVVVVV']
	])('accepts %j as %s', (input, code) => {
		expect(normalizeJoinCode(input)).toBe(code);
	});

	it.each([
		['empty', ''],
		['only separators', ' - - '],
		['too short', 'CFH-JK'],
		['too long', 'CFH-JKMP'],
		['a zero', 'CFH-JK0'],
		['an O', 'CFH-JKO'],
		['a one', 'CFH-JK1'],
		['an I', 'CFH-JKI'],
		['an L', 'CFH-JKL'],
		['a two', 'CFH-JK2'],
		['a Z', 'CFH-JKZ'],
		['a five', 'CFH-JK5'],
		['an S', 'CFH-JKS'],
		['an eight', 'CFH-JK8'],
		['a B', 'CFH-JKB'],
		['a G (6 or C?)', 'CFH-JKG'],
		['an N (M or H?)', 'CFH-JKN'],
		['a vowel', 'CFH-JKA'],
		['punctuation', 'CFH/JKM'],
		['a letter with a diacritic', 'CFH-JKÝ'],
		['a URL', 'https://rembuk.example/j/CFHJKM'],
		['very long input', 'C'.repeat(10_000)]
	])('refuses %s', (_, input) => {
		expect(normalizeJoinCode(input)).toBeNull();
	});

	it.each([null, undefined, 123456, {}, ['CFHJKM']])('refuses the non-string %j', (input) => {
		expect(normalizeJoinCode(input)).toBeNull();
	});
});

describe('formatJoinCode', () => {
	it('shows two groups of three', () => {
		expect(formatJoinCode('CFHJKM')).toBe('CFH-JKM');
		expect(formatJoinCode('cfh jkm')).toBe('CFH-JKM');
	});
	it('throws on something that is not a code', () => {
		expect(() => formatJoinCode('HELLO!')).toThrow(RangeError);
	});
});

describe('isCanonicalJoinCode', () => {
	it('accepts only the stored form', () => {
		expect(isCanonicalJoinCode('CFHJKM')).toBe(true);
		expect(isCanonicalJoinCode('CFH-JKM')).toBe(false);
		expect(isCanonicalJoinCode('cfhjkm')).toBe(false);
		expect(isCanonicalJoinCode('CFHJKU')).toBe(false);
	});
});

describe('join codes (properties)', () => {
	const codeArb = fc
		.array(fc.constantFrom(...JOIN_CODE_ALPHABET), {
			minLength: JOIN_CODE_LENGTH,
			maxLength: JOIN_CODE_LENGTH
		})
		.map((chars) => chars.join(''));

	it('any random source with a usable byte gives a canonical code', () => {
		const bytesArb = fc
			.uint8Array({ minLength: 1, maxLength: 20 })
			.filter((bytes) => bytes.some((b) => b < 252));
		fc.assert(
			fc.property(bytesArb, (bytes) => {
				let i = 0;
				const code = generateJoinCode((n) =>
					Uint8Array.from({ length: n }, () => bytes[i++ % bytes.length])
				);
				expect(isCanonicalJoinCode(code)).toBe(true);
			})
		);
	});

	it('a code survives any casing and separators a person adds', () => {
		const sepArb = fc.constantFrom('', '', ' ', '-', ' - ', '–', '.', '_', '\t');
		fc.assert(
			fc.property(
				codeArb,
				fc.array(sepArb, { minLength: 7, maxLength: 7 }),
				fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
				(code, seps, lower) => {
					const typed =
						seps[0] +
						[...code].map((ch, k) => (lower[k] ? ch.toLowerCase() : ch) + seps[k + 1]).join('');
					expect(normalizeJoinCode(typed)).toBe(code);
					expect(normalizeJoinCode(formatJoinCode(code))).toBe(code);
				}
			)
		);
	});

	it('normalizing anything gives null or a canonical code, and is idempotent', () => {
		const inputArb = fc.oneof(
			fc.string({ maxLength: 12 }),
			fc.string({ unit: 'binary', maxLength: 12 }),
			fc.string({ unit: fc.constantFrom(...'34679CFHJKMPRTVWXYUuvxo0O1- '), maxLength: 9 })
		);
		fc.assert(
			fc.property(inputArb, (input) => {
				const code = normalizeJoinCode(input);
				// Asserted on every run: when all random inputs are refused, vitest's
				// requireAssertions would otherwise fail a passing property.
				expect(code === null || isCanonicalJoinCode(code)).toBe(true);
				if (code !== null) expect(normalizeJoinCode(code)).toBe(code);
			})
		);
	});
});
