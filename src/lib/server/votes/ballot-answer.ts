/**
 * `POST /api/v1/votes/{voteId}/ballots`, apart from how the request is read and the answer
 * written: the SvelteKit route and the server's fast path (ballot-fast-path.ts) both answer
 * through here, so a ballot gets the same answer whichever of them took it.
 */
import { apiErrorAnswer, type JsonAnswer } from '../http/api-error-messages.ts';
import { ApiError, checkJsonHead, MAX_JSON_BODY_BYTES, parseJsonBody } from '../http/json.ts';
import type { BallotBatcher } from './ballot-batch.ts';
import { VoteApiError, voteApiAnswer, voteRefusal } from './refusal.ts';

export type BallotRequest = {
	/** The participant cookie, if the request had one. */
	token: string | undefined;
	voteId: string;
	contentType: string | null | undefined;
	contentLength: string | null | undefined;
	/** Reads the body; throws `ApiError` 413 past `maxBytes`, anything else for a broken stream. */
	read(maxBytes: number): Promise<Uint8Array>;
};

/**
 * 201 with the receipt; a retry with a key already used answers the first receipt with 200 and
 * `duplicate: true`, and is counted once. Refusals carry a message the phone shows as is.
 */
export async function answerBallot(
	ballots: BallotBatcher,
	req: BallotRequest
): Promise<JsonAnswer> {
	try {
		if (!req.token) throw new ApiError(401, 'unauthenticated');
		checkJsonHead(req.contentType, req.contentLength);
		let bytes: Uint8Array;
		try {
			bytes = await req.read(MAX_JSON_BODY_BYTES);
		} catch (e) {
			throw e instanceof ApiError ? e : new ApiError(400, 'malformed_json');
		}
		const body = parseJsonBody(req.contentType, bytes);
		// The participant is looked up in the ballot's batch (see ballot-batch.ts): an unknown or
		// removed participant's cookie is refused there with 401.
		const receipt = await ballots
			.cast({
				token: req.token,
				voteId: req.voteId,
				choice: body.choice,
				idempotencyKey: body.idempotencyKey
			})
			.catch((e: unknown) => {
				throw voteRefusal(e, 'ballot');
			});
		return {
			status: receipt.duplicate ? 200 : 201,
			body: {
				receiptId: receipt.receiptId,
				castAt: receipt.castAt.toISOString(),
				replaced: receipt.replaced,
				duplicate: receipt.duplicate
			}
		};
	} catch (e) {
		if (e instanceof VoteApiError) return voteApiAnswer(e);
		if (e instanceof ApiError) return apiErrorAnswer(e);
		throw e;
	}
}
