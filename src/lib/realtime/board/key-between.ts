/**
 * New fractional-index keys (the `fractional-indexing` package). Moving an item rewrites only its
 * own `order` key, so a move never touches — and never destroys — a concurrent text edit.
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { limits } from './schema.ts';

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Random characters appended to a new key. Two phones inserting at the same spot at the same time
 * would otherwise compute the same key (the algorithm is deterministic); with 3 base-62 digits
 * that happens about once in 230,000 such races. Ties that remain are harmless: see `compareItems`.
 */
const JITTER_DIGITS = 3;

function randomDigit(random: () => number, from: number) {
	const span = DIGITS.length - from;
	const i = Math.min(span - 1, Math.max(0, Math.floor(random() * span)));
	return DIGITS[from + i];
}

/**
 * `key` with random digits appended, if that still sorts below `upper`; else `key` itself.
 * Appending to the fraction keeps the key valid (the last digit is never '0') and above `key`.
 */
function jitter(key: string, upper: string | null, random: () => number): string {
	// `key + suffix` only reaches `upper` when `key` is a prefix of it; a few tries almost always
	// find a suffix below it, and falling back to the plain key is always correct.
	for (let attempt = 0; attempt < 4; attempt++) {
		let suffix = '';
		for (let i = 1; i < JITTER_DIGITS; i++) suffix += randomDigit(random, 0);
		suffix += randomDigit(random, 1);
		const candidate = key + suffix;
		if (candidate.length > limits.orderKeyMax) break;
		if (upper === null || candidate < upper) return candidate;
	}
	return key;
}

/**
 * A fresh key strictly between `lower` and `upper` (null = start / end of the board), or null
 * when none fits within `limits.orderKeyMax`. Requires valid keys with `lower < upper`.
 */
export function keyBetween(
	lower: string | null,
	upper: string | null,
	random: () => number = Math.random
): string | null {
	let key: string;
	try {
		key = generateKeyBetween(lower, upper);
	} catch {
		return null;
	}
	if (key.length > limits.orderKeyMax) return null;
	return jitter(key, upper, random);
}

/** `n` fresh ascending keys strictly between `lower` and `upper`, or null when they do not fit. */
export function keysBetween(
	lower: string | null,
	upper: string | null,
	n: number,
	random: () => number = Math.random
): string[] | null {
	let keys: string[];
	try {
		keys = generateNKeysBetween(lower, upper, n);
	} catch {
		return null;
	}
	if (keys.some((k) => k.length > limits.orderKeyMax)) return null;
	return keys.map((k, i) => jitter(k, keys[i + 1] ?? upper, random));
}
