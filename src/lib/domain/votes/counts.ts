/**
 * Counts shared by every tally: where a count came from, and standings (places with ties).
 */

/**
 * Where counted votes came from: ballots cast on phones, or counts the facilitator entered from a
 * show of hands or from paper ballots. Results keep them apart so the minutes can say which is which.
 */
export const countSources = ['phone', 'hands', 'paper'] as const;
export type CountSource = (typeof countSources)[number];

/** Sources a facilitator enters as counts (see extra.ts). */
export const extraSources = ['hands', 'paper'] as const;
export type ExtraSource = (typeof extraSources)[number];

/** A number and how it splits by source; `total` is always the sum of `bySource`. */
export type Count = { total: number; bySource: Record<CountSource, number> };

/** A zero count. */
export function emptyCount(): Count {
	return { total: 0, bySource: { phone: 0, hands: 0, paper: 0 } };
}

/** Adds `n` from `source` to `count` (in place). */
export function addCount(count: Count, source: CountSource, n: number): void {
	count.total += n;
	count.bySource[source] += n;
}

/**
 * An option's place in a result. Places are competition-style: 1 + the number of options with a
 * strictly better result, so two options tied for first both get place 1 and the next gets 3.
 */
export type Standing = {
	optionId: string;
	place: number;
	/** Another option has exactly the same result. */
	tied: boolean;
};

/**
 * Standings from a score per option (higher is better). Options with equal scores keep the order
 * they were given in (the board's priority order) and are marked `tied`; the tie is shown, never
 * settled silently. Scores must compare exactly (whole numbers), which every tally ensures.
 */
export function standings(ids: readonly string[], score: (id: string) => number): Standing[] {
	const scored = ids.map((optionId, index) => ({ optionId, index, value: score(optionId) }));
	const sorted = [...scored].sort((a, b) => b.value - a.value || a.index - b.index);
	return sorted.map(({ optionId, value }) => ({
		optionId,
		place: 1 + scored.filter((o) => o.value > value).length,
		tied: scored.some((o) => o.optionId !== optionId && o.value === value)
	}));
}

/** Sources a ballot can come from: a phone, or a paper ballot typed in whole by the facilitator. */
export type BallotSource = 'phone' | 'paper';

/**
 * A stored ballot as the tally reads it: the validated choice, plus where it came from (phone
 * when left out). Phones cannot set `source`: validateBallot refuses keys other than the choice.
 */
export type Cast<B> = B & { source?: BallotSource };

/** Turnout from ballots and from extra counts' voters. */
export function turnoutOf(
	ballots: readonly { source?: BallotSource }[],
	extra: readonly { source: ExtraSource; voters: number }[] = []
): Count {
	const turnout = emptyCount();
	for (const b of ballots) addCount(turnout, b.source ?? 'phone', 1);
	for (const e of extra) addCount(turnout, e.source, e.voters);
	return turnout;
}

/** A count for one option. */
export type OptionCount = Count & { optionId: string };

/** Zero counts for every option, by id, in option order. */
export function optionCounts(ids: readonly string[]): Map<string, OptionCount> {
	return new Map(ids.map((optionId) => [optionId, { optionId, ...emptyCount() }]));
}
