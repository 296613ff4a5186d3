/**
 * Budget voting (participatory budgeting): each voter picks usulan whose costs fit the pagu; the
 * result ranks usulan by support and fills the pagu from the top.
 */
import { countApprovals, standingsOf } from './approval.ts';
import type { BudgetBallot } from './ballot.ts';
import { turnoutOf, type Cast, type Count, type OptionCount, type Standing } from './counts.ts';
import type { ExtraCount } from './extra.ts';
import type { SettingsOf, VoteOption } from './methods.ts';

/**
 * - `selected`: funded within the ceiling.
 * - `does_not_fit`: supported, but its cost no longer fits what is left of the ceiling.
 * - `no_support`: nobody chose it; never funded.
 */
export type BudgetStatus = 'selected' | 'does_not_fit' | 'no_support';

export type BudgetOption = OptionCount & { cost: number; status: BudgetStatus };

export type BudgetResult = {
	method: 'budget';
	ceiling: number;
	turnout: Count;
	/** Support (voters who chose it) per option, with cost and status, in option order. */
	options: BudgetOption[];
	/** Most support first; ties keep option order and are marked `tied`. */
	standings: Standing[];
	/** Selected option ids, in standings order. */
	selected: string[];
	/** Supported option ids that do not fit, in standings order. */
	doesNotFit: string[];
	/** Total cost of `selected`; never more than `ceiling`. */
	selectedCost: number;
	/** ceiling − selectedCost. */
	remaining: number;
};

/**
 * Counts support and fills the ceiling greedily in standings order: each supported usulan is
 * selected if its cost fits what is left, else marked `does_not_fit` and the next one is tried
 * (so a cheaper, less supported usulan can still use the rest of the pagu). This is the rule
 * participatory budgeting uses because anyone can check it by hand from the ranked list; it does
 * not search for the combination with the most total support. Ties in support keep the board's
 * order, as in the standings, and are marked there so the facilitator can see when a tie decided
 * what fits. Options without a cost count as costing 0 (validateVoteOptions refuses them).
 */
export function tallyBudget(
	settings: SettingsOf<'budget'>,
	options: readonly VoteOption[],
	ballots: readonly Cast<BudgetBallot>[],
	extra: readonly ExtraCount[] = []
): BudgetResult {
	const counts = countApprovals(options, ballots, extra);
	const order = standingsOf(counts);
	const cost = new Map(options.map((o) => [o.id, o.cost ?? 0]));
	const support = new Map(counts.map((c) => [c.optionId, c.total]));
	const status = new Map<string, BudgetStatus>();
	const selected: string[] = [];
	const doesNotFit: string[] = [];
	let remaining = settings.ceiling;
	for (const { optionId } of order) {
		const price = cost.get(optionId) ?? 0;
		if ((support.get(optionId) ?? 0) === 0) status.set(optionId, 'no_support');
		else if (price <= remaining) {
			status.set(optionId, 'selected');
			selected.push(optionId);
			remaining -= price;
		} else {
			status.set(optionId, 'does_not_fit');
			doesNotFit.push(optionId);
		}
	}
	return {
		method: 'budget',
		ceiling: settings.ceiling,
		turnout: turnoutOf(ballots, extra),
		options: counts.map((c) => ({
			...c,
			cost: cost.get(c.optionId) ?? 0,
			status: status.get(c.optionId) ?? 'no_support'
		})),
		standings: order,
		selected,
		doesNotFit,
		selectedCost: settings.ceiling - remaining,
		remaining
	};
}
