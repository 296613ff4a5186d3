/**
 * Refusals of the votes endpoints. Most are the API's usual ones (`not_found`, `invalid`…); the
 * votes add their own codes (`not_open`, `closed`, `not_eligible`, `invalid_ballot`, …) with
 * messages a resident's phone can show as they are.
 */
import type { BallotErrorCode, BallotErrorDetail } from '../../domain/votes/ballot.ts';
import { ballotErrorMessage, voteRefusalMessage } from '../../i18n/vote-errors.ts';
import type { JsonAnswer } from '../http/api-error-messages.ts';
import { ApiError, invalid } from '../http/json.ts';
import { VoteServiceError } from './service.ts';

/** Error codes only the votes endpoints answer with (see docs/api.md). */
export type VoteApiErrorCode =
	| 'not_open'
	| 'closed'
	| 'not_closed'
	| 'not_eligible'
	| 'invalid_ballot'
	| 'no_ballot'
	| 'no_final_list';

/** A votes refusal, rendered as `{ error, message, ...extra }`. */
export class VoteApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: VoteApiErrorCode | 'forbidden' | 'invalid',
		readonly text: string,
		readonly extra: Record<string, unknown> = {}
	) {
		super(code);
		this.name = 'VoteApiError';
	}
}

/** Which service verb refused: the same service code means different things for each. */
export type VoteAction = 'create' | 'open' | 'close' | 'ballot' | 'count' | 'decide';

/** A `VoteServiceError` as the API's answer; anything else is rethrown (a 500). */
export function voteRefusal(e: unknown, action: VoteAction): ApiError | VoteApiError {
	if (!(e instanceof VoteServiceError)) throw e;
	switch (e.code) {
		case 'not_found':
			return new ApiError(404, 'not_found');
		case 'forbidden':
			// A valid cookie of another meeting: the phone should say so, not "not allowed".
			return action === 'ballot'
				? new VoteApiError(403, 'forbidden', voteRefusalMessage('other_meeting'))
				: new ApiError(403, 'forbidden');
		case 'invalid':
			// The only invalid input of a ballot that is not the choice is its idempotency key: a
			// client bug, so a 400 like malformed JSON rather than a 422 to show the resident.
			return action === 'ballot'
				? new VoteApiError(400, 'invalid', voteRefusalMessage('bad_key'), {
						fields: { idempotencyKey: ['invalid'] }
					})
				: invalid(e.details.fields ?? []);
		case 'not_open':
			if (action === 'open') return new ApiError(409, 'wrong_phase', { reason: 'not_voting' });
			return new VoteApiError(409, 'not_open', voteRefusalMessage('not_open'));
		case 'not_closed':
			return new VoteApiError(409, 'not_closed', voteRefusalMessage('not_closed'));
		case 'closed':
			// Creating a vote in a closed meeting: the meeting's record is sealed.
			if (action === 'create') return new ApiError(409, 'sealed');
			return new VoteApiError(409, 'closed', voteRefusalMessage('closed'));
		case 'unauthenticated':
			return new ApiError(401, 'unauthenticated');
		case 'not_eligible':
			return new VoteApiError(403, 'not_eligible', voteRefusalMessage('not_eligible'));
		case 'invalid_ballot':
			return invalidBallot(e.details.ballotCode ?? 'wrong_shape', e.details.ballotDetail);
		case 'no_final_list':
			return new VoteApiError(409, 'no_final_list', voteRefusalMessage('no_final_list'));
		case 'already_planned':
			// A plan builds on the decisions: they are part of the record now.
			return new ApiError(409, 'sealed', { reason: 'already_planned' });
	}
}

function invalidBallot(code: BallotErrorCode, detail: BallotErrorDetail = {}): VoteApiError {
	return new VoteApiError(422, 'invalid_ballot', ballotErrorMessage(code, detail), {
		ballotCode: code,
		detail
	});
}

/** A votes refusal as its JSON answer: `{ error, message, ...extra }`. */
export function voteApiAnswer(e: VoteApiError): JsonAnswer {
	return { status: e.status, body: { error: e.code, message: e.text, ...e.extra } };
}
