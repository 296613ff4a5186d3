import { z } from 'zod';
import { jsonResponse, parseBody, readJsonBody } from '$lib/server/http/json';
import { getRuntime } from '$lib/server/runtime';
import { addHybridCount } from '$lib/server/votes/record';
import { staffVote } from '../../access';
import { voteEndpoint, voteRefusal } from '../../refusal';
import { hybridCountJson } from '../../serialize';
import type { RequestHandler } from './$types';

// The count itself is checked by the service against the vote's method; this only refuses
// misspelt keys, which would otherwise be dropped silently.
const input = z.strictObject({
	source: z.unknown(),
	voters: z.unknown(),
	counts: z.unknown(),
	note: z.unknown().optional()
});

/**
 * Adds a show-of-hands or paper count to the tally, marked by its source: `{ source: 'hands' |
 * 'paper', voters, counts: { [optionId | yes | no | abstain]: n }, note }`. While the vote is
 * open, or after it closed (the final tally is updated).
 */
export const POST: RequestHandler = voteEndpoint(async ({ locals, cookies, params, request }) => {
	const { actor, vote } = await staffVote(locals, cookies, params.voteId);
	const { source, voters, counts, note } = parseBody(input, await readJsonBody(request));
	const { database } = await getRuntime();
	const row = await addHybridCount(database.db, actor, {
		voteId: vote.id,
		count: { source, voters, counts },
		note
	}).catch((e: unknown) => {
		throw voteRefusal(e, 'count');
	});
	return jsonResponse({ count: hybridCountJson(row) }, 201);
});
