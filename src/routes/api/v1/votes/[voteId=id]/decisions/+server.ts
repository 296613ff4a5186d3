import { jsonResponse, readJsonBody } from '$lib/server/http/json';
import { getRuntime } from '$lib/server/runtime';
import { decisionsOf } from '$lib/server/votes/queries';
import { recordDecisions } from '$lib/server/votes/record';
import { staffVote, viewedVote } from '../../access';
import { voteEndpoint, voteRefusal } from '../../refusal';
import { decisionJson } from '../../serialize';
import type { RequestHandler } from './$types';

/** The decisions taken on the vote, for its staff and the meeting's participants. */
export const GET: RequestHandler = voteEndpoint(async ({ locals, cookies, params }) => {
	const { vote } = await viewedVote(locals, cookies, params.voteId);
	const { database } = await getRuntime();
	const rows = await decisionsOf(database.db, vote.id);
	return jsonResponse({ decisions: rows.map(decisionJson) });
});

/**
 * Records what the meeting decided once the vote closed: `{ outcomes: [{ optionId | null,
 * outcome, rank?, note? }] }`. Each decision keeps the vote's final tally.
 */
export const POST: RequestHandler = voteEndpoint(async ({ locals, cookies, params, request }) => {
	const { actor, vote } = await staffVote(locals, cookies, params.voteId);
	const body = await readJsonBody(request);
	const { database } = await getRuntime();
	const rows = await recordDecisions(database.db, actor, {
		voteId: vote.id,
		decisions: body
	}).catch((e: unknown) => {
		throw voteRefusal(e, 'decide');
	});
	return jsonResponse({ decisions: rows.map(decisionJson) }, 201);
});
