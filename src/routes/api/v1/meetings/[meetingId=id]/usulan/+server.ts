import { jsonResponse } from '$lib/server/http/json';
import { getRuntime } from '$lib/server/runtime';
import { latestBoardVersion } from '$lib/server/usulan/queries';
import { meetingForBoard } from '../../../access';
import { endpoint } from '../../../endpoint';
import { boardVersionJson, usulanJson } from '../../../serialize';
import type { RequestHandler } from './$types';

/**
 * The latest finalized version of the board with its ranked usulan, for staff and participants
 * (residents see what became of their usulan). `version` is null before the first finalize.
 */
export const GET: RequestHandler = endpoint(async ({ locals, cookies, params }) => {
	const { meeting } = await meetingForBoard(locals, cookies, params.meetingId);
	const { database } = await getRuntime();
	const latest = await latestBoardVersion(database.db, meeting.id);
	return jsonResponse({
		version: latest ? boardVersionJson(latest.version) : null,
		usulan: latest ? latest.usulan.map(usulanJson) : [],
		skipped: latest?.version.skipped ?? []
	});
});
