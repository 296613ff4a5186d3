import { jsonResponse, readJsonBody } from '$lib/server/http/json';
import { getRuntime } from '$lib/server/runtime';
import { closeVoteWithTally } from '$lib/server/votes/record';
import { staffVote } from '../../access';
import { voteEndpoint, voteRefusal } from '../../refusal';
import { voteJson } from '../../serialize';
import type { RequestHandler } from './$types';

/**
 * Closes the vote now and stores its final tally. Closing a closed vote changes nothing; a vote
 * never opened cannot be closed (409 `not_open`). The body may be empty.
 */
export const POST: RequestHandler = voteEndpoint(async ({ locals, cookies, params, request }) => {
	const { actor, vote } = await staffVote(locals, cookies, params.voteId);
	await readJsonBody(request, { allowEmpty: true });
	const { database } = await getRuntime();
	const row = await closeVoteWithTally(database.db, actor, { voteId: vote.id }).catch(
		(e: unknown) => {
			throw voteRefusal(e, 'close');
		}
	);
	return jsonResponse({ vote: voteJson(row) });
});
