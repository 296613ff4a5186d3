/**
 * Priority order as fractional-index keys (the format of the `fractional-indexing` package:
 * base-62 keys that sort with plain string comparison): checking and comparing them. Generating
 * them is in `key-between.ts`.
 */
import { limits } from './schema.ts';

const KEY_CHARS = /^[0-9A-Za-z]+$/;
const SMALLEST_INTEGER = 'A' + '0'.repeat(26);

/**
 * True for a key `fractional-indexing` itself would accept (same rules: a head letter giving the
 * integer part's length, base-62 digits, no trailing zero in the fraction, not the smallest
 * integer), within `limits.orderKeyMax`. Slightly stricter than the library, which does not check
 * the digits: a key that passes here can always be passed back to `generateKeyBetween`.
 */
export function isValidOrderKey(key: unknown): key is string {
	if (typeof key !== 'string' || key.length < 2 || key.length > limits.orderKeyMax) return false;
	if (!KEY_CHARS.test(key) || key === SMALLEST_INTEGER) return false;
	const head = key.charCodeAt(0);
	let integerLength: number;
	if (head >= 97 && head <= 122) integerLength = head - 97 + 2;
	else if (head >= 65 && head <= 90) integerLength = 90 - head + 2;
	else return false;
	if (key.length < integerLength) return false;
	return key.length === integerLength || !key.endsWith('0');
}

/**
 * Ordinal comparison (UTF-16 code units), the order the keys are designed for. Never
 * `localeCompare`: it folds case and differs between devices.
 */
export function compareKeys(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Board order: by order key, then by item id. Two items can share a key (a race that jitter made
 * improbable, or a client writing one on purpose); item ids are unique map keys, so the id
 * tie-break makes the order total, and since it only compares strings every client sorts the
 * same items identically.
 */
export function compareItems(a: { order: string; id: string }, b: { order: string; id: string }) {
	return compareKeys(a.order, b.order) || compareKeys(a.id, b.id);
}
