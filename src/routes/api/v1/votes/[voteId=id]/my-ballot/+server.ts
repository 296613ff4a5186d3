import { ApiError, jsonResponse } from '$lib/server/http/json';
import { voteRefusalMessage } from '$lib/i18n/vote-errors';
import { getRuntime } from '$lib/server/runtime';
import { myBallot, voteWithOptions } from '$lib/server/votes/queries';
import { participantOf } from '../../../access';
import { VoteApiError, voteEndpoint } from '../../refusal';
import type { RequestHandler } from './$types';

/**
 * The caller's own ballot as it counts now, so the phone can say "you already voted — change?".
 * Only ever the caller's: nobody else's choice is answered anywhere. 404 `no_ballot` before they
 * vote; 404 `not_found` for a vote of another meeting.
 */
export const GET: RequestHandler = voteEndpoint(async ({ cookies, params }) => {
	const voter = await participantOf(cookies);
	if (!voter) throw new ApiError(401, 'unauthenticated');
	const { database } = await getRuntime();
	const found = await voteWithOptions(database.db, params.voteId);
	if (!found || found.vote.meetingId !== voter.meetingId) throw new ApiError(404, 'not_found');
	const row = await myBallot(database.db, found.vote.id, voter.participantId);
	if (!row) throw new VoteApiError(404, 'no_ballot', voteRefusalMessage('no_ballot'));
	return jsonResponse({
		receiptId: row.id,
		castAt: row.castAt.toISOString(),
		choice: row.choice
	});
});
