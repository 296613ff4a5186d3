import { jsonResponse, readJsonBody } from '$lib/server/http/json';
import { getMeeting } from '$lib/server/meetings/service';
import { getRuntime } from '$lib/server/runtime';
import { listVotes } from '$lib/server/votes/queries';
import { createVote } from '$lib/server/votes/service';
import { meetingViewer, staffMeeting, visibleToResidents } from '../../../votes/access';
import { voteEndpoint, voteRefusal } from '../../../votes/refusal';
import { voteJson, voteOptionJson } from '../../../votes/serialize';
import type { RequestHandler } from './$types';

/**
 * The meeting's votes in the order they were prepared: all of them for its staff, the opened ones
 * (open or closed) for its participants.
 */
export const GET: RequestHandler = voteEndpoint(async ({ locals, cookies, params }) => {
	const { database } = await getRuntime();
	const meeting = await getMeeting(database.db, params.meetingId);
	const viewer = await meetingViewer(locals, cookies, meeting);
	const now = new Date();
	const rows = await listVotes(database.db, params.meetingId);
	const shown = viewer.kind === 'staff' ? rows : rows.filter((v) => visibleToResidents(v, now));
	return jsonResponse({ votes: shown.map((v) => voteJson(v, now)) });
});

/**
 * Prepares a vote (a draft) on usulan of the latest final list, on candidates, or on free
 * options. Opening it is a separate step.
 */
export const POST: RequestHandler = voteEndpoint(async ({ locals, cookies, params, request }) => {
	const { actor, meeting } = await staffMeeting(locals, cookies, params.meetingId);
	const body = await readJsonBody(request);
	const { database } = await getRuntime();
	const created = await createVote(database.db, actor, {
		meetingId: meeting.id,
		vote: body
	}).catch((e: unknown) => {
		throw voteRefusal(e, 'create');
	});
	return jsonResponse(
		{ vote: voteJson(created.vote), options: created.options.map(voteOptionJson) },
		201,
		{ location: `/api/v1/votes/${created.vote.id}` }
	);
});
