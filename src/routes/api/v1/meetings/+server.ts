import { jsonResponse, readJsonBody } from '$lib/server/http/json';
import { createMeeting, listMeetings } from '$lib/server/meetings/service';
import { getRuntime } from '$lib/server/runtime';
import { requireStaff, serviceRefusal } from '../access';
import { endpoint } from '../endpoint';
import { meetingJson } from '../serialize';
import type { RequestHandler } from './$types';

/** The meetings of the signed-in account's kelurahan, the next or latest first. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
	const actor = requireStaff(locals);
	const { database } = await getRuntime();
	const rows = await listMeetings(database.db, actor);
	return jsonResponse({ meetings: rows.map(meetingJson) });
});

/** Creates a meeting (a draft with its join code) in the signed-in account's kelurahan. */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
	const actor = requireStaff(locals);
	const body = await readJsonBody(request);
	const { database } = await getRuntime();
	try {
		const row = await createMeeting(database.db, actor, body);
		return jsonResponse({ meeting: meetingJson(row) }, 201, {
			location: `/api/v1/meetings/${row.id}`
		});
	} catch (e) {
		throw serviceRefusal(e);
	}
});
