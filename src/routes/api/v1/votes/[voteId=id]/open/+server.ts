import { jsonResponse, readJsonBody } from '$lib/server/http/json';
import { getRuntime } from '$lib/server/runtime';
import { openVote } from '$lib/server/votes/service';
import { staffVote } from '../../access';
import { voteEndpoint, voteRefusal } from '../../refusal';
import { voteJson } from '../../serialize';
import type { RequestHandler } from './$types';

/**
 * Opens the vote (its timer starts now), or reopens a closed one with a fresh timer. The meeting
 * must be in its voting phase. Opening an open vote changes nothing. The body may be empty.
 */
export const POST: RequestHandler = voteEndpoint(async ({ locals, cookies, params, request }) => {
	const { actor, vote } = await staffVote(locals, cookies, params.voteId);
	await readJsonBody(request, { allowEmpty: true });
	const { database } = await getRuntime();
	const row = await openVote(database.db, actor, { voteId: vote.id }).catch((e: unknown) => {
		throw voteRefusal(e, 'open');
	});
	return jsonResponse({ vote: voteJson(row) });
});
