import { setParticipantCookie } from '$lib/server/auth/cookies';
import { ApiError, invalid, jsonResponse, readJsonBody } from '$lib/server/http/json';
import { limitWrongCodes, sharedJoinLimiter } from '$lib/server/participants/join-limiter';
import { joinMeeting } from '$lib/server/participants/service';
import { PARTICIPANT_COOKIE } from '$lib/server/participants/tokens';
import { getRuntime } from '$lib/server/runtime';
import { endpoint } from '../endpoint';
import type { RequestHandler } from './$types';

/**
 * A resident joins a meeting with its code: `{ code, displayName, rt, rw, gender?, ageGroup?,
 * disability?, affiliation? }`. Answers with the participant and sets the participant cookie. A
 * phone that already holds this meeting's cookie rejoins as the same participant.
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const body = await readJsonBody(event.request);
	const runtime = await getRuntime();
	const existing = event.cookies.get(PARTICIPANT_COOKIE) ?? null;
	const result = await limitWrongCodes(
		sharedJoinLimiter(runtime.redis),
		event.getClientAddress(),
		() => joinMeeting(runtime.database.db, body, existing)
	);
	if (!result.ok) {
		switch (result.reason) {
			case 'rate_limited':
				throw new ApiError(429, 'rate_limited', {
					headers: { 'retry-after': String(result.retryAfterMinutes * 60) }
				});
			case 'unknown_code':
				throw new ApiError(404, 'unknown_code');
			case 'invalid':
				throw invalid(result.errors.map((e) => ({ field: e.field, code: e.problem })));
			// not open yet, ended, or joining locked by the facilitator
			default:
				throw new ApiError(409, 'wrong_phase', { reason: result.reason });
		}
	}
	setParticipantCookie(event.cookies, event.url, PARTICIPANT_COOKIE, result.token);
	return jsonResponse(
		{
			participantId: result.participantId,
			meetingId: result.meeting.id,
			meetingTitle: result.meeting.title,
			rejoined: result.rejoined
		},
		result.rejoined ? 200 : 201
	);
});
