import { ApiError, jsonResponse } from '$lib/server/http/json';
import { PARTICIPANT_COOKIE } from '$lib/server/participants/tokens';
import { getRuntime } from '$lib/server/runtime';
import { answerBallot } from '$lib/server/votes/ballot-answer';
import type { RequestHandler } from './$types';

/**
 * A participant casts or changes their ballot: `{ choice, idempotencyKey }` (see
 * $lib/server/votes/ballot-answer.ts). In production the server's fast path answers this before
 * SvelteKit sees it (docs/decisions/0008-ballots-take-a-fast-path.md); this route answers under
 * `vite dev` and anywhere the fast path is not mounted, with the same function.
 */
export const POST: RequestHandler = async ({ cookies, params, request }) => {
	const { ballots } = await getRuntime();
	const answer = await answerBallot(ballots, {
		token: cookies.get(PARTICIPANT_COOKIE),
		voteId: params.voteId,
		contentType: request.headers.get('content-type'),
		contentLength: request.headers.get('content-length'),
		async read(maxBytes) {
			const bytes = new Uint8Array(await request.arrayBuffer());
			if (bytes.byteLength > maxBytes) throw new ApiError(413, 'payload_too_large');
			return bytes;
		}
	});
	return jsonResponse(answer.body, answer.status, answer.headers);
};
