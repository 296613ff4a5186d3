import { ApiError, jsonResponse, readJsonBody } from '$lib/server/http/json';
import { getRuntime } from '$lib/server/runtime';
import { finalizeBoard } from '$lib/server/usulan/service';
import { managedMeeting, participantOf, serviceRefusal } from '../../../access';
import { endpoint } from '../../../endpoint';
import { boardVersionJson, usulanJson } from '../../../serialize';
import type { RequestHandler } from './$types';

/**
 * Materializes the board into a new version of ranked usulan (201), or answers the latest version
 * when the board has not changed since (200). The body may be empty; it must still be sent as
 * `application/json`.
 */
export const POST: RequestHandler = endpoint(async ({ locals, cookies, params, request }) => {
	// Residents never finalize: a participant cookie alone is a 403, not a 401.
	if (!locals.user && (await participantOf(cookies))) throw new ApiError(403, 'forbidden');
	const { actor, meeting } = await managedMeeting(locals, params.meetingId);
	await readJsonBody(request, { allowEmpty: true });
	const runtime = await getRuntime();
	try {
		const result = await finalizeBoard(
			runtime.database.db,
			actor,
			{ meetingId: meeting.id },
			runtime.realtime
		);
		return jsonResponse(
			{
				version: boardVersionJson(result.version),
				usulan: result.usulan.map(usulanJson),
				skipped: result.skipped,
				created: result.created
			},
			result.created ? 201 : 200
		);
	} catch (e) {
		throw serviceRefusal(e);
	}
});
