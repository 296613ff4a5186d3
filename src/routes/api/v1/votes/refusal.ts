/**
 * The votes endpoints' wrapper: `endpoint` that also renders the votes' own refusals
 * (`VoteApiError`, see $lib/server/votes/refusal.ts).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { jsonResponse } from '$lib/server/http/json';
import { VoteApiError, voteApiAnswer } from '$lib/server/votes/refusal';
import { endpoint } from '../endpoint';

export { VoteApiError, voteRefusal, type VoteAction } from '$lib/server/votes/refusal';

/** `endpoint` that also renders `VoteApiError`s. */
export function voteEndpoint<E extends RequestEvent>(
	fn: (event: E) => Promise<Response>
): (event: E) => Promise<Response> {
	return endpoint(async (event: E) => {
		try {
			return await fn(event);
		} catch (e) {
			if (e instanceof VoteApiError) {
				const answer = voteApiAnswer(e);
				return jsonResponse(answer.body, answer.status);
			}
			throw e;
		}
	});
}
