/**
 * Small pure helpers for the staff dashboard: shared by the server (which computes the figures)
 * and the page (which draws them), so both say the same thing.
 */

/** One bar per series in each row; `tone` picks the colour. */
export type ChartSeries = { key: string; label: string; tone: 'main' | 'soft' | 'alt' | 'warm' };

export type ChartRow = {
	key: string;
	label: string;
	/** A second line under the label, e.g. a date. */
	detail?: string;
	values: (number | null)[];
	/** Values to flag (same order as `values`), e.g. below a minimum share. */
	flags?: boolean[];
};

/**
 * How far an indicator has come from its baseline towards its target: 0 at the baseline, 1 at
 * the target, above 1 past it, below 0 when it went the wrong way. A missing baseline counts as 0
 * (targets like "30 UMKM trained" start from none). Null when there is no value yet, or when
 * target and baseline are equal (there is no way to go).
 */
export function indicatorShare(
	baseline: number | null,
	target: number,
	value: number | null
): number | null {
	const from = baseline ?? 0;
	if (value === null || target === from) return null;
	return (value - from) / (target - from);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A bar's length in percent of its track: `value` against `max`, kept within 0–100 (a value past
 * the scale fills the track; the number beside the bar tells the rest). Null or a scale of 0
 * draws nothing.
 */
export function barPercent(value: number | null, max: number): number {
	if (value === null || !Number.isFinite(value) || !(max > 0)) return 0;
	return Math.max(0, Math.min(100, (100 * value) / max));
}

/** The largest value, or `floor` when all are smaller (or there are none): the scale of a chart. */
export function scaleMax(values: readonly (number | null)[], floor = 0): number {
	return values.reduce<number>(
		(m, v) => (v !== null && Number.isFinite(v) && v > m ? v : m),
		floor
	);
}

/** `part` as a whole percentage of `whole`; null when there is no whole to speak of. */
export function wholePercent(part: number, whole: number): number | null {
	return whole > 0 ? Math.round((100 * part) / whole) : null;
}

/**
 * A `YYYY-MM-DD` day for people: `31 Mar 2027` in both locales (the calendar day as stored, not
 * shifted by any time zone).
 */
export function formatDay(day: string, locale: string): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${day}T00:00:00Z`));
}

/** The calendar day of a moment at the kelurahan (WIB), as {@link formatDay} writes it. */
export function formatDateWib(at: Date | string, locale: string): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		timeZone: 'Asia/Jakarta'
	}).format(new Date(at));
}
