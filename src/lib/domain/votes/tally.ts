/**
 * One entry point for every method's result, so the service and the live doc need not know the
 * methods apart.
 */
import { tallyApproval, type ApprovalResult } from './approval.ts';
import type { BallotOf } from './ballot.ts';
import { tallyBudget, type BudgetResult } from './budget.ts';
import type { Cast } from './counts.ts';
import { tallyCriteria, type CriteriaResult } from './criteria.ts';
import { tallyDots, type DotsResult } from './dots.ts';
import { methodsWithExtraCounts, type ExtraCount } from './extra.ts';
import type { VoteMethod, VoteOption, VoteSettings } from './methods.ts';
import { tallyRanked, type RankedResult } from './ranked.ts';
import { tallyScore, type ScoreResult } from './score.ts';
import { tallyYesNo, type YesNoResult } from './yes-no.ts';

export type TallyResult =
	| YesNoResult
	| ApprovalResult
	| DotsResult
	| ScoreResult
	| CriteriaResult
	| RankedResult
	| BudgetResult;

/** The result type of each method. */
export type ResultOf<M extends VoteMethod> = Extract<TallyResult, { method: M }>;

/** Stored ballots for a vote with settings `S`. */
export type BallotsFor<S extends VoteSettings> = readonly Cast<BallotOf[S['method']]>[];

/**
 * The result of a vote from its (valid) settings and options, its stored ballots (each checked
 * by validateBallot when cast) and counts from hands or paper (checked by validateExtraCount).
 * Depends only on how many of each ballot there are, never on their order. Ids that are not
 * options are ignored, so a stale row cannot add phantom votes.
 *
 * @throws RangeError when given extra counts for a method that takes none (score, criteria,
 * ranked): validateExtraCount refuses those, so this is a programming error.
 */
export function tally<S extends VoteSettings>(
	settings: S,
	options: readonly VoteOption[],
	ballots: BallotsFor<S>,
	extra?: readonly ExtraCount[]
): ResultOf<S['method']>;
export function tally(
	settings: VoteSettings,
	options: readonly VoteOption[],
	ballots: readonly Cast<BallotOf[VoteMethod]>[],
	extra: readonly ExtraCount[] = []
): TallyResult {
	if (extra.length > 0 && !(methodsWithExtraCounts as readonly string[]).includes(settings.method))
		throw new RangeError(`tally: ${settings.method} takes no extra counts`);
	// Each method's ballots are that method's (the vote's rows all share its settings).
	switch (settings.method) {
		case 'yes_no':
			return tallyYesNo(settings, ballots as readonly Cast<BallotOf['yes_no']>[], extra);
		case 'approval':
			return tallyApproval(options, ballots as readonly Cast<BallotOf['approval']>[], extra);
		case 'dots':
			return tallyDots(options, ballots as readonly Cast<BallotOf['dots']>[], extra);
		case 'score':
			return tallyScore(options, ballots as readonly Cast<BallotOf['score']>[]);
		case 'criteria':
			return tallyCriteria(settings, options, ballots as readonly Cast<BallotOf['criteria']>[]);
		case 'ranked':
			return tallyRanked(options, ballots as readonly Cast<BallotOf['ranked']>[]);
		case 'budget':
			return tallyBudget(settings, options, ballots as readonly Cast<BallotOf['budget']>[], extra);
	}
}
