import { z } from 'zod';
import { jsonResponse, parseBody, readJsonBody } from '$lib/server/http/json';
import { setBoardLocked } from '$lib/server/meetings/service';
import { getRuntime } from '$lib/server/runtime';
import { managedMeeting, serviceRefusal } from '../../../access';
import { endpoint } from '../../../endpoint';
import { meetingJson } from '../../../serialize';
import type { RequestHandler } from './$types';

const input = z.object({ locked: z.boolean() });

/** Locks (`locked: true`) or unlocks the board for residents without leaving the phase. */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const { actor, meeting } = await managedMeeting(locals, params.meetingId);
	const { locked } = parseBody(input, await readJsonBody(request));
	const { database } = await getRuntime();
	try {
		const row = await setBoardLocked(database.db, actor, {
			meetingId: meeting.id,
			locked
		});
		return jsonResponse({ meeting: meetingJson(row) });
	} catch (e) {
		throw serviceRefusal(e);
	}
});
