import { jsonResponse } from '$lib/server/http/json';
import { listParticipants } from '$lib/server/participants/queries';
import { getRuntime } from '$lib/server/runtime';
import { managedMeeting } from '../../../access';
import { endpoint } from '../../../endpoint';
import type { RequestHandler } from './$types';

/**
 * The meeting's participants in the order they joined, for its staff. `?includeGone=true` adds
 * removed participants and merged duplicates (flagged by `status`).
 */
export const GET: RequestHandler = endpoint(async ({ locals, params, url }) => {
	const { meeting } = await managedMeeting(locals, params.meetingId);
	const { database } = await getRuntime();
	const participants = await listParticipants(database.db, meeting.id, {
		includeGone: url.searchParams.get('includeGone') === 'true'
	});
	return jsonResponse({ participants });
});
