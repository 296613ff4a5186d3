/**
 * Numbers as Indonesian facilitators type them into forms: Rupiah amounts, percentages and whole
 * numbers. Indonesian writes 150.000.000 for a hundred and fifty million and 1,5 for one and a
 * half — the opposite of English — so anything that could be read both ways is refused with
 * `ambiguous_amount` rather than guessed: a pagu off by a factor of 1,000 is worse than a retype.
 */

export type NumberInputErrorCode =
	/** Nothing typed. */
	| 'required'
	/** Not a whole number (or percentage) in a form we accept. */
	| 'invalid_number'
	/** Not a Rupiah amount in a form we accept. */
	| 'invalid_amount'
	/** Could mean two amounts 1,000× apart (150,000 · 1,500 juta · 5 M); ask to retype. */
	| 'ambiguous_amount'
	/** Has sen / comes to a fraction of a Rupiah (1.500,50 · 1,2345 ribu). */
	| 'not_whole_rupiah'
	/** Beyond what the field (or a safe JavaScript integer) can hold. */
	| 'too_big';

export type NumberInputResult =
	{ ok: true; value: number } | { ok: false; code: NumberInputErrorCode };

/** Longer input is not a number anyone typed on purpose. */
const MAX_LENGTH = 40;

const MULTIPLIERS: Readonly<Record<string, bigint>> = {
	ribu: 1_000n,
	rb: 1_000n,
	k: 1_000n,
	thousand: 1_000n,
	juta: 1_000_000n,
	jt: 1_000_000n,
	million: 1_000_000n,
	miliar: 1_000_000_000n,
	milyar: 1_000_000_000n,
	billion: 1_000_000_000n,
	triliun: 1_000_000_000_000n,
	trillion: 1_000_000_000_000n
};

/** "M" is miliar in Indonesian budget papers and million in English: 1,000× apart. */
const AMBIGUOUS_SUFFIXES = new Set(['m', 'mn', 'mio']);

/**
 * Optional Rp / Rp. / IDR, then digits (plain, or grouped in threes by dots), then an optional
 * comma part, then an optional word or abbreviation.
 */
const AMOUNT = /^(?:rp\.?|idr)?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+|-{1,2}))?\s*(?:([a-z]+)\.?)?$/;

const WHOLE = /^(\d{1,3}(?:\.\d{3})+|\d+)$/;

const PERCENT = /^(\d{1,6})(?:[.,](\d{1,6}))?\s*%?$/;

function clean(text: string): string {
	return text.normalize('NFKC').trim().toLowerCase();
}

/**
 * A Rupiah amount in whole Rupiah.
 *
 * Accepted, case-insensitive, with or without spaces after the prefix and before the word:
 * - `150000000`, `150.000.000` (dots group thousands, always in threes)
 * - `Rp 150.000.000`, `Rp150.000.000`, `Rp. 150.000.000`, `IDR 150000000`
 * - `150.000.000,00`, `150.000.000,-` (zero sen, as written on invoices)
 * - `150 juta`, `150jt`, `1,5 miliar`, `1.500 juta` (= 1,5 miliar), `750 ribu`, `750rb`, `750k`,
 *   `2 triliun`; English `million`, `billion`, `thousand`, `trillion`
 *
 * Refused: a dot not followed by exactly three digits (`1.5 juta`, `150.00`: English decimals),
 * a comma followed by exactly three digits (`150,000`, `1,500 juta`: English thousands, or an
 * Indonesian decimal?) and `M` / `mn` as ambiguous; non-zero sen and amounts that are not whole
 * Rupiah; negative amounts, several numbers, unknown words.
 */
export function parseRupiah(text: string): NumberInputResult {
	const s = clean(text);
	if (s === '') return { ok: false, code: 'required' };
	if (s.length > MAX_LENGTH) return { ok: false, code: 'invalid_amount' };
	const m = AMOUNT.exec(s);
	if (!m) return { ok: false, code: 'invalid_amount' };
	const [, integerPart, decimals = '', word] = m;

	let multiplier = 1n;
	if (word !== undefined) {
		if (AMBIGUOUS_SUFFIXES.has(word)) return { ok: false, code: 'ambiguous_amount' };
		const known = MULTIPLIERS[word];
		if (known === undefined) return { ok: false, code: 'invalid_amount' };
		multiplier = known;
	}

	if (decimals.startsWith('-')) {
		// "Rp 150.000,-" means exactly; it does not go with "juta".
		if (word !== undefined) return { ok: false, code: 'invalid_amount' };
		return toSafeInteger(BigInt(integerPart.replaceAll('.', '')));
	}
	if (decimals.length === 3) return { ok: false, code: 'ambiguous_amount' };
	// Without a word the comma part is sen: at most two digits.
	if (word === undefined && decimals.length > 2) return { ok: false, code: 'invalid_amount' };

	const scale = 10n ** BigInt(decimals.length);
	const scaled =
		(BigInt(integerPart.replaceAll('.', '')) * scale + BigInt(decimals || '0')) * multiplier;
	if (scaled % scale !== 0n) return { ok: false, code: 'not_whole_rupiah' };
	return toSafeInteger(scaled / scale);
}

/**
 * A percentage typed as a number from 0 to 100, returned as a share from 0 to 1 ("30" → 0.3).
 * Accepts an optional `%` and a decimal comma or point (`12,5` or `12.5`: below 100 a point
 * cannot be a thousands separator). Values above 100 give `too_big`.
 */
export function parsePercent(text: string): NumberInputResult {
	const s = clean(text);
	if (s === '') return { ok: false, code: 'required' };
	const m = PERCENT.exec(s);
	if (!m) return { ok: false, code: 'invalid_number' };
	const percent = Number(`${m[1]}.${m[2] ?? '0'}`);
	if (percent > 100) return { ok: false, code: 'too_big' };
	return { ok: true, value: percent / 100 };
}

/** A whole number ≥ 0: plain digits or grouped by dots (`1.000`). */
export function parseWholeNumber(text: string): NumberInputResult {
	const s = clean(text);
	if (s === '') return { ok: false, code: 'required' };
	if (s.length > MAX_LENGTH || !WHOLE.test(s)) return { ok: false, code: 'invalid_number' };
	return toSafeInteger(BigInt(s.replaceAll('.', '')));
}

function toSafeInteger(n: bigint): NumberInputResult {
	if (n > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, code: 'too_big' };
	return { ok: true, value: Number(n) };
}
