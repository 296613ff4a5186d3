import { jsonResponse, readJsonBody } from '$lib/server/http/json';
import { meetingFacts, updateMeeting } from '$lib/server/meetings/service';
import { getRuntime } from '$lib/server/runtime';
import { managedMeeting, serviceRefusal } from '../../access';
import { endpoint } from '../../endpoint';
import { meetingJson } from '../../serialize';
import type { RequestHandler } from './$types';

/** One meeting of the signed-in account's kelurahan. */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	const { meeting } = await managedMeeting(locals, params.meetingId);
	return jsonResponse({ meeting: meetingJson(meeting) });
});

/**
 * Changes some of a meeting's facts: the fields sent replace the current ones, the rest stay
 * (JSON merge patch, one level deep). The result is validated as a whole, like the edit form.
 */
export const PATCH: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const { actor, meeting } = await managedMeeting(locals, params.meetingId);
	const body = await readJsonBody(request);
	const { database } = await getRuntime();
	try {
		const row = await updateMeeting(database.db, actor, meeting.id, {
			...meetingFacts(meeting),
			...body
		});
		return jsonResponse({ meeting: meetingJson(row) });
	} catch (e) {
		throw serviceRefusal(e);
	}
});
