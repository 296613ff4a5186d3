import { docName } from '$lib/realtime/doc-names';
import {
	addItem,
	itemInputSchema,
	readBoard,
	toFieldErrors,
	type ItemInput,
	type OpResult
} from '$lib/realtime/board';
import { ApiError, invalid, jsonResponse, readJsonBody } from '$lib/server/http/json';
import { getRuntime } from '$lib/server/runtime';
import { meetingForBoard } from '../../../../access';
import { endpoint } from '../../../../endpoint';
import type { RequestHandler } from './$types';

/**
 * Adds an usulan at the end of the board, through the board model, exactly as a phone would.
 * Staff may while preparing and collecting; residents only while collecting and the board is not
 * locked (the realtime policy decides). Answers once the edit is stored.
 */
export const POST: RequestHandler = endpoint(async ({ locals, cookies, params, request }) => {
	const { actor, meeting, access } = await meetingForBoard(locals, cookies, params.meetingId);
	if (access !== 'write') throw new ApiError(403, 'board_read_only');
	const body = await readJsonBody(request);
	const sectors = meeting.sectorCodes;
	const parsed = itemInputSchema(sectors).safeParse(body);
	if (!parsed.success) throw invalid(toFieldErrors(parsed.error));

	const runtime = await getRuntime();
	const handle = await runtime.realtime.openDoc(docName.board(meeting.id));
	try {
		let result!: OpResult<{ id: string }>;
		handle.transact((doc) => {
			result = addItem(doc, body as ItemInput, {
				sectors,
				actorId: actor.kind === 'user' ? actor.id : actor.participantId,
				now: Date.now()
			});
		});
		if (!result.ok) throw invalid(result.errors);
		await handle.flush();
		const id = result.id;
		const item = readBoard(handle.doc, { sectors }).items.find((i) => i.id === id) ?? null;
		return jsonResponse({ item }, 201);
	} finally {
		handle.release();
	}
});
