/**
 * Words of the votes page in the reader's language: methods, thresholds, outcomes, and the
 * refusals of the vote forms and services.
 */
import type { QuorumRule } from '$lib/domain/quorum';
import type { ExtraCountErrorCode, VoteMethod, YesNoThreshold } from '$lib/domain/votes';
import type { VoteStatus } from '$lib/domain/votes';
import { formatQuantity } from '$lib/components/board/format';
import type { VoteFormErrorCode, VoteFormSubject } from '$lib/components/voting/vote-form';
import { m } from '$lib/paraglide/messages';

const methods: Record<VoteMethod, () => string> = {
	yes_no: m.votes_method_yes_no,
	approval: m.votes_method_approval,
	dots: m.votes_method_dots,
	score: m.votes_method_score,
	criteria: m.votes_method_criteria,
	ranked: m.votes_method_ranked,
	budget: m.votes_method_budget
};
export const methodLabel = (method: VoteMethod) => methods[method]();

const thresholds: Record<YesNoThreshold, () => string> = {
	majority: m.votes_threshold_majority,
	two_thirds: m.votes_threshold_two_thirds,
	consensus: m.votes_threshold_consensus
};
export const thresholdLabel = (t: YesNoThreshold) => thresholds[t]();

const statuses: Record<VoteStatus, () => string> = {
	draft: m.votes_status_draft,
	open: m.votes_status_open,
	closed: m.votes_status_closed
};
export const statusLabel = (s: VoteStatus) => statuses[s]();

export type OutcomeCode = 'agreed' | 'rejected' | 'deferred' | 'elected';
const outcomes: Record<OutcomeCode, () => string> = {
	agreed: m.votes_outcome_agreed,
	rejected: m.votes_outcome_rejected,
	deferred: m.votes_outcome_deferred,
	elected: m.votes_outcome_elected
};
/** An outcome in words; in a delegate election `rejected` reads *Tidak terpilih*. */
export const outcomeLabel = (o: OutcomeCode, subject?: VoteFormSubject) =>
	subject === 'candidates' && o === 'rejected' ? m.votes_outcome_not_elected() : outcomes[o]();

/** A quorum rule in words: *tanpa kuorum*, *paling sedikit 20 suara*, *paling sedikit 50% …*. */
export function quorumRuleText(rule: QuorumRule): string {
	switch (rule.kind) {
		case 'none':
			return m.votes_quorum_rule_none();
		case 'count':
			return m.votes_quorum_rule_count({ min: formatQuantity(rule.min) });
		case 'share':
			return m.votes_quorum_rule_share({
				percent: formatQuantity(Math.round(rule.share * 1000) / 10)
			});
	}
}

const formErrors: Record<VoteFormErrorCode, () => string> = {
	required: m.vote_form_error_required,
	invalid_type: m.vote_form_error_invalid,
	invalid_choice: m.vote_form_error_invalid_choice,
	not_integer: m.vote_form_error_not_integer,
	too_small: m.vote_form_error_too_small,
	too_big: m.vote_form_error_too_big,
	too_few: m.vote_form_error_too_few,
	too_many: m.vote_form_error_too_many,
	too_short: m.vote_form_error_too_short,
	too_long: m.vote_form_error_too_long,
	invalid_format: m.vote_form_error_invalid_format,
	duplicate: m.vote_form_error_duplicate,
	unknown_field: m.vote_form_error_invalid,
	too_few_options: m.vote_form_error_too_few_options,
	too_many_options: m.vote_form_error_too_many_options,
	invalid_option_id: m.vote_form_error_invalid,
	duplicate_option: m.vote_form_error_duplicate_option,
	missing_cost: m.vote_form_error_missing_cost,
	invalid_cost: m.vote_form_error_invalid_cost,
	cost_over_ceiling: m.vote_form_error_cost_over_ceiling,
	invalid_number: m.vote_form_error_invalid_number,
	invalid_amount: m.vote_form_error_invalid_amount,
	ambiguous_amount: m.vote_form_error_ambiguous_amount,
	not_whole_rupiah: m.vote_form_error_not_whole_rupiah,
	no_final_list: m.vote_form_error_no_final_list,
	unknown_option: m.vote_form_error_unknown_option,
	not_for_candidates: m.votes_error_not_for_candidates,
	unknown_candidate: m.votes_error_unknown_candidate,
	too_few_candidates: m.votes_error_too_few_candidates,
	quorum_count_range: m.votes_error_quorum_count_range,
	quorum_share_range: m.votes_error_quorum_share_range,
	invalid: m.vote_form_error_invalid
};

/**
 * A vote form error for people. Codes from the service's schema (zod issue codes) that the form
 * cannot name more precisely read as "check this field".
 */
export function voteFormErrorText(code: string, option?: string): string {
	if (option && (code === 'missing_cost' || code === 'cost_over_ceiling')) {
		return code === 'missing_cost'
			? m.vote_form_error_missing_cost_named({ title: option })
			: m.vote_form_error_cost_over_ceiling_named({ title: option });
	}
	const text = (formErrors as Record<string, (() => string) | undefined>)[code];
	return (text ?? m.vote_form_error_invalid)();
}

const countErrors: Record<ExtraCountErrorCode, () => string> = {
	wrong_shape: m.votes_count_error_wrong_shape,
	extra_not_supported: m.votes_count_error_not_supported,
	unknown_option: m.votes_count_error_wrong_shape,
	too_many_voters: m.votes_count_error_too_many_voters,
	counts_do_not_add_up: m.votes_count_error_do_not_add_up,
	count_exceeds_voters: m.votes_count_error_exceeds_voters,
	total_exceeds_voters: m.votes_count_error_total_exceeds_voters
};
export function countErrorText(code: string): string {
	const text = (countErrors as Record<string, (() => string) | undefined>)[code];
	return (text ?? m.votes_count_error_wrong_shape)();
}
