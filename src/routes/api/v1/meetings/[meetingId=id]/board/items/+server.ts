import { actorOf } from '$lib/server/http/actor';
import { ApiError, invalid, jsonResponse, readJsonBody } from '$lib/server/http/json';
import type { RealtimeActor } from '$lib/server/realtime/policy';
import { getRuntime } from '$lib/server/runtime';
import { addUsulan, BoardServiceError } from '$lib/server/usulan/board-service';
import { participantOf } from '../../../../access';
import { endpoint } from '../../../../endpoint';
import type { RequestHandler } from './$types';

/** The service's refusal as the API's: a meeting that is not the caller's is hidden as 404. */
function boardRefusal(e: unknown): ApiError {
	if (!(e instanceof BoardServiceError)) throw e;
	switch (e.code) {
		case 'forbidden':
		case 'not_found':
			return new ApiError(404, 'not_found');
		case 'read_only':
			return new ApiError(403, 'board_read_only');
	}
}

/**
 * Adds an usulan at the end of the board, through the board model, exactly as a phone would.
 * Staff may while preparing and collecting; residents only while collecting and the board is not
 * locked (the realtime policy decides). Answers once the edit is stored.
 */
export const POST: RequestHandler = endpoint(async ({ locals, cookies, params, request }) => {
	const actor: RealtimeActor | null = actorOf(locals) ?? (await participantOf(cookies));
	if (!actor) throw new ApiError(401, 'unauthenticated');
	const body = await readJsonBody(request);
	const runtime = await getRuntime();
	const result = await addUsulan(
		runtime.database.db,
		actor,
		{ meetingId: params.meetingId, input: body },
		runtime.realtime
	).catch((e: unknown) => {
		throw boardRefusal(e);
	});
	if (!result.ok) throw invalid(result.errors);
	return jsonResponse({ item: result.item }, 201);
});
