/**
 * What a resident or facilitator reads when a vote refuses something: the API puts it in
 * `message`, and the phone's ballot form says the same from the code alone (offline retries
 * included), so both come from here.
 */
import { formatRupiah } from '$lib/components/board/format';
import type { BallotErrorCode, BallotErrorDetail } from '$lib/domain/votes/ballot';
import { m } from '$lib/paraglide/messages';

/**
 * The votes endpoints' own refusal codes (besides the API-wide ones like `not_found`).
 * `other_meeting` is the message for a `forbidden` ballot: the participant belongs to another
 * meeting. `bad_key` is a ballot without a usable idempotency key.
 */
export type VoteRefusalCode =
	| 'not_open'
	| 'closed'
	| 'not_eligible'
	| 'other_meeting'
	| 'not_found'
	| 'no_ballot'
	| 'no_final_list'
	| 'not_closed'
	| 'wrong_phase'
	| 'sealed'
	| 'bad_key';

/** The sentence for a vote refusal. */
export function voteRefusalMessage(code: VoteRefusalCode): string {
	switch (code) {
		case 'not_open':
			return m.vote_error_not_open();
		case 'closed':
			return m.vote_error_closed();
		case 'not_eligible':
			return m.vote_error_not_eligible();
		case 'other_meeting':
			return m.vote_error_other_meeting();
		case 'not_found':
			return m.vote_error_not_found();
		case 'no_ballot':
			return m.vote_error_no_ballot();
		case 'no_final_list':
			return m.vote_error_no_final_list();
		case 'not_closed':
			return m.vote_error_not_closed();
		case 'wrong_phase':
			return m.vote_error_wrong_phase();
		case 'sealed':
			return m.vote_error_sealed();
		case 'bad_key':
			return m.vote_error_bad_key();
	}
}

/**
 * The sentence for a ballot the method refused, with the numbers that explain it ("Paling banyak
 * 3 pilihan."). Without the numbers it needs (an old server, a hand-made request) it falls back
 * to a general sentence rather than printing "undefined".
 */
export function ballotErrorMessage(code: BallotErrorCode, detail: BallotErrorDetail = {}): string {
	const { min, max, total } = detail;
	switch (code) {
		case 'wrong_shape':
			return m.vote_error_wrong_shape();
		case 'invalid_answer':
			return m.vote_error_invalid_answer();
		case 'unknown_option':
			return m.vote_error_unknown_option();
		case 'duplicate_option':
			return m.vote_error_duplicate_option();
		case 'too_many_approvals':
			return max === undefined ? m.vote_error_ballot() : m.vote_error_too_many_approvals({ max });
		case 'too_many_dots':
			return max === undefined || total === undefined
				? m.vote_error_ballot()
				: m.vote_error_too_many_dots({ max, total });
		case 'dots_per_option_exceeded':
			return max === undefined
				? m.vote_error_ballot()
				: m.vote_error_dots_per_option_exceeded({ max });
		case 'score_out_of_range':
			return min === undefined || max === undefined
				? m.vote_error_ballot()
				: m.vote_error_score_out_of_range({ min, max });
		case 'missing_score':
			return m.vote_error_missing_score();
		case 'unknown_criterion':
			return m.vote_error_unknown_criterion();
		case 'duplicate_rank':
			return m.vote_error_duplicate_rank();
		case 'missing_rank':
			return m.vote_error_missing_rank();
		case 'over_budget':
			return max === undefined || total === undefined
				? m.vote_error_ballot()
				: m.vote_error_over_budget({ total: formatRupiah(total), max: formatRupiah(max) });
		default:
			return m.vote_error_ballot();
	}
}
