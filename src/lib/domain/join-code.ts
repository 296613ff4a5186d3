/**
 * Join codes: what a resident reads off the projector (or hears the facilitator say) and types on a
 * cheap phone to join a meeting without an account.
 *
 * The alphabet keeps only characters that cannot be mistaken for another one in it, on a
 * projector at the back of a hall or on a small screen:
 *
 *   3 4 6 7 9 C F H J K M P R T V W X Y   (18 characters)
 *
 * Left out, and why:
 * - 0 O Q D, 1 I L, 2 Z, 5 S, 8 B: look-alike groups, left out whole. Keeping one member of each
 *   (as Crockford base32 does) would still make everyone in the hall wonder "nol atau O?"; with
 *   neither on the screen the doubt never arises.
 * - G: a twin of both 6 and C, which stay.
 * - All vowels (A E I O U): random codes then cannot spell Indonesian or English words, rude ones
 *   included; A/4 and E/3/F are look-alikes too.
 * - N: "en" and "em" sound the same when the code is read aloud, and H/N/M blur at a distance.
 *
 * 18⁶ ≈ 34 million codes. Codes are only valid while a meeting is open for joining and join
 * attempts are rate-limited, so guessing one is hopeless; a longer code would cost every resident
 * typing time.
 */
export const JOIN_CODE_ALPHABET = '34679CFHJKMPRTVWXY';

/** Characters in a canonical code (shown as two groups of three: `ABC-DEF`). */
export const JOIN_CODE_LENGTH = 6;

/**
 * Look-alikes a person may type for a character of the alphabet, mapped only where exactly one
 * alphabet character can have been meant. U can only be a misread V. Characters that could stand
 * for several (G: 6 or C? N: M or H?) or for none (O, 0, I, 1, S, B …) are refused, not guessed.
 */
const LOOK_ALIKES: Readonly<Record<string, string>> = { U: 'V' };

/** Separators people put between the groups: whitespace, any dash (incl. en/em dash, minus), _ and . */
const SEPARATORS = /[\s\p{Pd}\u2212_.]/gu;

/** Longer input is not a mistyped code; refusing early keeps junk cheap. */
const MAX_INPUT_LENGTH = 64;

/** Bytes at or above this would make some characters likelier than others (256 is not a multiple of 18). */
const UNBIASED_LIMIT = 256 - (256 % JOIN_CODE_ALPHABET.length);

/** Enough rounds for any honest random source (P(failure) < 10⁻¹⁰⁰); a broken one throws. */
const MAX_ROUNDS = 64;

/** A source of random bytes, e.g. `(n) => crypto.getRandomValues(new Uint8Array(n))`. */
export type RandomBytes = (n: number) => Uint8Array;

/**
 * A new canonical join code (6 characters of {@link JOIN_CODE_ALPHABET}, no separator).
 *
 * Randomness is injected so tests are deterministic; pass
 * `(n) => crypto.getRandomValues(new Uint8Array(n))` in production. Bytes ≥ 252 are rejected and
 * redrawn so every character is exactly equally likely (no modulo bias). Only as many bytes as
 * are still needed are requested each round. The caller must still check the code is not in use
 * by another open meeting.
 *
 * @throws Error if the source keeps returning only unusable bytes (a broken random source).
 */
export function generateJoinCode(random: RandomBytes): string {
	let code = '';
	for (let round = 0; round < MAX_ROUNDS && code.length < JOIN_CODE_LENGTH; round++) {
		for (const byte of random(JOIN_CODE_LENGTH - code.length)) {
			if (byte >= UNBIASED_LIMIT) continue;
			code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length];
			if (code.length === JOIN_CODE_LENGTH) break;
		}
	}
	if (code.length < JOIN_CODE_LENGTH)
		throw new Error('join code: random source gave no usable bytes');
	return code;
}

/**
 * The canonical code for what a resident typed, or null if it cannot be a join code.
 *
 * Case-insensitive; ignores spaces, dashes, dots and underscores anywhere; folds full-width and
 * other compatibility forms (NFKC) that some phone keyboards produce; maps unambiguous look-alikes
 * (U → V). Anything else outside the alphabet, or the wrong number of characters, gives null so
 * the join page can say "that is not a code" before asking the server. Accepts `unknown` so a
 * form value (`string | File | null`) can be passed as is.
 */
export function normalizeJoinCode(input: unknown): string | null {
	if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return null;
	const compact = input.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
	if (compact.length !== JOIN_CODE_LENGTH) return null;
	let code = '';
	for (const ch of compact) {
		const canonical = LOOK_ALIKES[ch] ?? ch;
		if (!JOIN_CODE_ALPHABET.includes(canonical)) return null;
		code += canonical;
	}
	return code;
}

/** Whether `code` is already canonical (as stored), without any normalization. */
export function isCanonicalJoinCode(code: string): boolean {
	if (code.length !== JOIN_CODE_LENGTH) return false;
	for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return false;
	return true;
}

/**
 * A code for display: `CFH-JKM`. Three-and-three is easier to read aloud and to keep one's place
 * in while typing. Accepts anything {@link normalizeJoinCode} accepts.
 *
 * @throws RangeError if `code` is not a join code (codes come from our own database, so this is a
 * programming error, not user input).
 */
export function formatJoinCode(code: string): string {
	const canonical = normalizeJoinCode(code);
	if (canonical === null) throw new RangeError('formatJoinCode: not a join code');
	return `${canonical.slice(0, 3)}-${canonical.slice(3)}`;
}
