/**
 * Decisions the facilitator records from a closed vote's final tally: a confirmed priority list
 * (one decision per option, ranked 1..n in the tally's order) and the prefilled outcome of a
 * delegate election. The order is the one the result bars show (result-rows.ts), so what is
 * confirmed is what the room saw. Pure: used by the votes page and by its form actions.
 */
import type { BudgetStatus } from '$lib/domain/votes/budget';
import type { VoteSettings } from '$lib/domain/votes/methods';
import type { TallyResult } from '$lib/domain/votes/tally';
import { resultRows } from '../result-rows.ts';
import type { DecisionsValue } from '../vote-form.ts';

/** One option of a final tally in its place, best first. */
export type FinalRow = {
	id: string;
	label: string;
	/** Competition-style place: two options tied for first are both 1. */
	place: number;
	tied: boolean;
	/** Budget votes: whether it fits the pagu. */
	status?: BudgetStatus;
};

/**
 * The options of a final tally in order, best first; null for a yes / no vote (it passes or
 * fails, it ranks nothing).
 */
export function finalOrder(
	result: TallyResult,
	options: readonly { id: string; label: string }[],
	settings: VoteSettings
): FinalRow[] | null {
	if (result.method === 'yes_no') return null;
	return resultRows(result, options, settings).rows.map((r) => ({
		id: r.id,
		label: r.label ?? r.id,
		place: r.place ?? 0,
		tied: r.tied,
		...(r.status ? { status: r.status } : {})
	}));
}

/** Whether two options of the list share a place (the list order broke the tie). */
export const hasTies = (rows: readonly FinalRow[]) => rows.some((r) => r.tied);

/** Whether `seen` (the order a page showed) is still the final tally's order. */
export const sameOrder = (rows: readonly FinalRow[], seen: readonly string[]) =>
	rows.length === seen.length && rows.every((r, i) => r.id === seen[i]);

/**
 * One decision per option confirming the priority list: rank = its place in the list (1..n; ties
 * keep the list order, as the bars show them), outcome agreed. On a budget vote an usulan that
 * does not fit the pagu is deferred with `notes.noRoom`, one nobody chose with `notes.noSupport`.
 * The facilitator's `note` goes on every decision.
 */
export function priorityOutcomes(
	rows: readonly FinalRow[],
	note: string,
	notes: { noRoom: string; noSupport: string }
): DecisionsValue['outcomes'] {
	const join = (why: string) => (note ? `${why}. ${note}` : why);
	return rows.map((r, i) => {
		if (r.status === 'does_not_fit')
			return { optionId: r.id, outcome: 'deferred', rank: i + 1, note: join(notes.noRoom) };
		if (r.status === 'no_support')
			return { optionId: r.id, outcome: 'deferred', rank: i + 1, note: join(notes.noSupport) };
		return { optionId: r.id, outcome: 'agreed', rank: i + 1, note };
	});
}

/**
 * How many delegates a vote elects, when its settings say: an approval vote's "pick up to K" is
 * the number of seats. Other methods do not say (the facilitator marks the elected ones).
 */
export function seatsOf(settings: VoteSettings): number | null {
	return settings.method === 'approval' ? settings.maxChoices : null;
}

export type ElectionPrefill = {
	outcomes: Record<string, 'elected' | 'rejected'>;
	/** Candidates tied across the last seat: left for the meeting to decide. */
	undecided: string[];
};

/**
 * The election outcome the tally suggests for `seats` seats: candidates whose whole tie group fits
 * in the seats are elected, those placed after the seats are not, and a tie across the last seat
 * is left undecided (never settled by list order). No seats: nothing is prefilled.
 */
export function electionPrefill(rows: readonly FinalRow[], seats: number | null): ElectionPrefill {
	const outcomes: ElectionPrefill['outcomes'] = {};
	const undecided: string[] = [];
	if (seats === null || seats < 1) return { outcomes, undecided };
	for (const r of rows) {
		const group = rows.filter((o) => o.place === r.place).length;
		if (r.place + group - 1 <= seats) outcomes[r.id] = 'elected';
		else if (r.place > seats) outcomes[r.id] = 'rejected';
		else undecided.push(r.id);
	}
	return { outcomes, undecided };
}
