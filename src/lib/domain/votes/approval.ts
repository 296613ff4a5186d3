/**
 * Approval voting: each voter approves up to K options; the most approved ranks first.
 */
import type { ApprovalBallot } from './ballot.ts';
import {
	addCount,
	optionCounts,
	standings,
	turnoutOf,
	type Cast,
	type Count,
	type OptionCount,
	type Standing
} from './counts.ts';
import type { ExtraCount } from './extra.ts';
import type { VoteOption } from './methods.ts';

export type ApprovalResult = {
	method: 'approval';
	turnout: Count;
	/** Approvals per option, in option order. */
	options: OptionCount[];
	/** Most approvals first; ties keep option order and are marked `tied`. */
	standings: Standing[];
};

/** Approvals per option from ballots and from hands or paper. Unknown ids in ballots are ignored. */
export function countApprovals(
	options: readonly VoteOption[],
	ballots: readonly Cast<{ optionIds: readonly string[] }>[],
	extra: readonly ExtraCount[]
): OptionCount[] {
	const counts = optionCounts(options.map((o) => o.id));
	for (const b of ballots) {
		for (const id of b.optionIds) {
			const count = counts.get(id);
			if (count) addCount(count, b.source ?? 'phone', 1);
		}
	}
	addExtra(counts, extra);
	return [...counts.values()];
}

/** Adds per-option extra counts (approval, budget, dots) to `counts` (in place). */
export function addExtra(counts: Map<string, OptionCount>, extra: readonly ExtraCount[]): void {
	for (const e of extra) {
		for (const [id, n] of Object.entries(e.counts)) {
			const count = counts.get(id);
			if (count) addCount(count, e.source, n);
		}
	}
}

/** The approval result: approvals per option and standings by approvals. */
export function tallyApproval(
	options: readonly VoteOption[],
	ballots: readonly Cast<ApprovalBallot>[],
	extra: readonly ExtraCount[] = []
): ApprovalResult {
	const counts = countApprovals(options, ballots, extra);
	return {
		method: 'approval',
		turnout: turnoutOf(ballots, extra),
		options: counts,
		standings: standingsOf(counts)
	};
}

/** Standings by total count, in the given option order for ties. */
export function standingsOf(counts: readonly OptionCount[]): Standing[] {
	const totals = new Map(counts.map((c) => [c.optionId, c.total]));
	return standings(
		counts.map((c) => c.optionId),
		(id) => totals.get(id) ?? 0
	);
}
