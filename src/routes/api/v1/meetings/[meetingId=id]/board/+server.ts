import { docName } from '$lib/realtime/doc-names';
import { readBoard } from '$lib/realtime/board';
import { jsonResponse } from '$lib/server/http/json';
import { getRuntime } from '$lib/server/runtime';
import { meetingForBoard } from '../../../access';
import { endpoint } from '../../../endpoint';
import type { RequestHandler } from './$types';

/**
 * The live usulan board as JSON, for its staff and participants: listed items in board order,
 * merged, deleted and invalid items, and whether the caller may write to it now.
 */
export const GET: RequestHandler = endpoint(async ({ locals, cookies, params }) => {
	const { meeting, access } = await meetingForBoard(locals, cookies, params.meetingId);
	const runtime = await getRuntime();
	const handle = await runtime.realtime.openDoc(docName.board(meeting.id));
	try {
		const board = readBoard(handle.doc, { sectors: meeting.sectorCodes });
		return jsonResponse({
			items: board.items,
			mergedItems: board.mergedItems,
			deletedItems: board.deletedItems,
			invalid: board.invalid,
			// The meeting row is the real lock; the doc only mirrors it.
			locked: meeting.boardLockedAt !== null,
			writable: access === 'write'
		});
	} finally {
		handle.release();
	}
});
