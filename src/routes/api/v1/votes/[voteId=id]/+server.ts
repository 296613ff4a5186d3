import { jsonResponse } from '$lib/server/http/json';
import { viewedVote, visibleTally } from '../access';
import { voteEndpoint } from '../refusal';
import { voteJson, voteOptionJson } from '../serialize';
import type { RequestHandler } from './$types';

/**
 * One vote with its options and its tally. Staff of the meeting always see the tally; its
 * participants see the vote once opened, and the tally when results are live or the vote closed
 * (`tally` is null otherwise). No answer ever says who chose what.
 */
export const GET: RequestHandler = voteEndpoint(async ({ locals, cookies, params }) => {
	const now = new Date();
	const { viewer, vote, options } = await viewedVote(locals, cookies, params.voteId, now);
	return jsonResponse({
		vote: voteJson(vote, now),
		options: options.map(voteOptionJson),
		tally: await visibleTally(viewer, vote, options, now)
	});
});
