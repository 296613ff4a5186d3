import { z } from 'zod';
import { meetingPhases } from '$lib/domain/meeting-phase';
import { jsonResponse, parseBody, readJsonBody } from '$lib/server/http/json';
import { advanceMeetingPhase } from '$lib/server/meetings/service';
import { getRuntime } from '$lib/server/runtime';
import { managedMeeting, serviceRefusal } from '../../../access';
import { endpoint } from '../../../endpoint';
import { meetingJson } from '../../../serialize';
import type { RequestHandler } from './$types';

const input = z.object({ to: z.enum(meetingPhases.filter((p) => p !== 'draft')) });

/** Moves the meeting forward to `to` (never back). Asking for the current phase changes nothing. */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const { actor, meeting } = await managedMeeting(locals, params.meetingId);
	const { to } = parseBody(input, await readJsonBody(request));
	const { database } = await getRuntime();
	try {
		const row = await advanceMeetingPhase(database.db, actor, {
			meetingId: meeting.id,
			to
		});
		return jsonResponse({ meeting: meetingJson(row) });
	} catch (e) {
		throw serviceRefusal(e);
	}
});
