import { ApiError, jsonResponse, readJsonBody } from '$lib/server/http/json';
import { getRuntime } from '$lib/server/runtime';
import { castBallot } from '$lib/server/votes/service';
import { participantOf } from '../../../access';
import { voteEndpoint, voteRefusal } from '../../refusal';
import type { RequestHandler } from './$types';

/**
 * A participant casts or changes their ballot: `{ choice, idempotencyKey }`. 201 with the
 * receipt; a retry with a key already used answers the first receipt with 200 and
 * `duplicate: true`, and is counted once. Refusals carry a message the phone shows as is.
 */
export const POST: RequestHandler = voteEndpoint(async ({ cookies, params, request }) => {
	const voter = await participantOf(cookies);
	if (!voter) throw new ApiError(401, 'unauthenticated');
	const body = await readJsonBody(request);
	const { database } = await getRuntime();
	const receipt = await castBallot(
		database.db,
		{ participantId: voter.participantId, meetingId: voter.meetingId },
		{ voteId: params.voteId, choice: body.choice, idempotencyKey: body.idempotencyKey }
	).catch((e: unknown) => {
		throw voteRefusal(e, 'ballot');
	});
	return jsonResponse(
		{
			receiptId: receipt.receiptId,
			castAt: receipt.castAt.toISOString(),
			replaced: receipt.replaced,
			duplicate: receipt.duplicate
		},
		receipt.duplicate ? 200 : 201
	);
});
