/** The ballot's words: answers, criteria and the phone's own refusals, in the reader's language. */
import type { BallotErrorCode, BallotErrorDetail, YesNoAnswer } from '$lib/domain/votes/ballot';
import type { Criterion } from '$lib/domain/votes/methods';
import { m } from '$lib/paraglide/messages';
import { formatRupiah } from '$lib/components/board/format';

const answerLabels: Record<YesNoAnswer, () => string> = {
	yes: m.ballot_yes,
	no: m.ballot_no,
	abstain: m.ballot_abstain
};
/** *Setuju*, *Tidak setuju*, *Abstain*. */
export const answerLabel = (a: YesNoAnswer) => answerLabels[a]();

const criterionNames: Record<string, () => string> = {
	urgency: m.ballot_criterion_urgency,
	beneficiaries: m.ballot_criterion_beneficiaries,
	priority_fit: m.ballot_criterion_priority_fit,
	community_contribution: m.ballot_criterion_community_contribution
};
/** The facilitator's own name for a criterion, else the name of a known code, else the code. */
export function criterionLabel(c: Pick<Criterion, 'id' | 'label'>): string {
	return c.label ?? criterionNames[c.id]?.() ?? c.id;
}

/**
 * Why the phone will not send this choice yet, said plainly. Only what the ballot screens can
 * reach needs a precise sentence (an unanswered question, an unscored usulan, a ranking left
 * short, a total over the pagu); the rest means the page is out of date.
 */
export function ballotProblem(
	code: BallotErrorCode,
	detail: BallotErrorDetail | undefined,
	labelOf: (optionId: string) => string,
	criterionOf: (criterionId: string) => string
): string {
	const option = detail?.optionId ? labelOf(detail.optionId) : '';
	switch (code) {
		case 'wrong_shape':
			return detail?.optionId
				? m.ballot_problem_missing_score({ option })
				: m.ballot_problem_stale();
		case 'invalid_answer':
			return m.ballot_problem_no_answer();
		case 'missing_score':
			return detail?.criterionId
				? m.ballot_problem_missing_criterion({
						option,
						criterion: criterionOf(detail.criterionId)
					})
				: m.ballot_problem_missing_score({ option });
		case 'missing_rank':
			return m.ballot_problem_missing_rank({ option });
		case 'too_many_approvals':
			return m.ballot_problem_too_many({ max: detail?.max ?? 0 });
		case 'too_many_dots':
		case 'dots_per_option_exceeded':
			return m.ballot_problem_dots({ max: detail?.max ?? 0 });
		case 'over_budget':
			return m.ballot_problem_over_budget({
				total: formatRupiah(detail?.total ?? 0),
				ceiling: formatRupiah(detail?.max ?? 0)
			});
		default:
			return m.ballot_problem_stale();
	}
}
