/**
 * Who is calling and which meeting they may see, for the /api/v1 handlers. The same policies as
 * the pages and the realtime server decide; this only turns their answers into HTTP statuses.
 */
import type { Cookies } from '@sveltejs/kit';
import type { StaffActor } from '$lib/server/auth/policy';
import type { SessionUser } from '$lib/server/auth/session';
import type { Meeting } from '$lib/server/db/schema';
import { actorOf } from '$lib/server/http/actor';
import { ApiError, invalid } from '$lib/server/http/json';
import { canManageMeeting } from '$lib/server/meetings/policy';
import { getMeeting, MeetingServiceError } from '$lib/server/meetings/service';
import { PARTICIPANT_COOKIE, verifyParticipantToken } from '$lib/server/participants/tokens';
import {
	docAccess,
	meetingAccessFacts,
	type DocAccess,
	type RealtimeActor
} from '$lib/server/realtime/policy';
import { getRuntime } from '$lib/server/runtime';
import { UsulanServiceError } from '$lib/server/usulan/service';

type Locals = { user: SessionUser | null };

/** The signed-in account, or 401. */
export function requireStaff(locals: Locals): StaffActor {
	const actor = actorOf(locals);
	if (!actor) throw new ApiError(401, 'unauthenticated');
	return actor;
}

/**
 * A meeting the signed-in account runs. Another kelurahan's meeting is 404, as on the pages: its
 * existence is not theirs to know.
 */
export async function managedMeeting(
	locals: Locals,
	meetingId: string
): Promise<{ actor: StaffActor; meeting: Meeting }> {
	const actor = requireStaff(locals);
	const { database } = await getRuntime();
	const meeting = await getMeeting(database.db, meetingId);
	if (!meeting || !canManageMeeting(actor, meeting)) throw new ApiError(404, 'not_found');
	return { actor, meeting };
}

/** The resident a participant cookie stands for, or null. */
export async function participantOf(
	cookies: Cookies
): Promise<Extract<RealtimeActor, { kind: 'participant' }> | null> {
	const token = cookies.get(PARTICIPANT_COOKIE);
	if (!token) return null;
	const { database } = await getRuntime();
	const p = await verifyParticipantToken(database.db, token);
	return p ? { kind: 'participant', ...p } : null;
}

/**
 * A meeting seen by staff of its kelurahan or by one of its participants, with what they may do
 * on its board (the realtime policy decides, so the API and the sockets always agree). A signed-in
 * account counts first; otherwise the participant cookie. 401 with neither, 404 when the meeting
 * is not theirs.
 */
export async function meetingForBoard(
	locals: Locals,
	cookies: Cookies,
	meetingId: string
): Promise<{ actor: RealtimeActor; meeting: Meeting; access: Exclude<DocAccess, 'deny'> }> {
	const actor: RealtimeActor | null = actorOf(locals) ?? (await participantOf(cookies));
	if (!actor) throw new ApiError(401, 'unauthenticated');
	const { database } = await getRuntime();
	const meeting = await getMeeting(database.db, meetingId);
	const access = docAccess(
		actor,
		{ kind: 'board', meetingId },
		meeting && meetingAccessFacts(meeting)
	);
	if (!meeting || access === 'deny') throw new ApiError(404, 'not_found');
	return { actor, meeting, access };
}

/** A service's refusal as the API's error; anything else is rethrown (a 500). */
export function serviceRefusal(e: unknown): ApiError {
	if (e instanceof MeetingServiceError) {
		switch (e.code) {
			case 'forbidden':
				return new ApiError(403, 'forbidden');
			case 'not_found':
				return new ApiError(404, 'not_found');
			case 'invalid':
				return invalid(e.errors);
			case 'backwards':
				return new ApiError(409, 'wrong_phase', { reason: 'backwards' });
			case 'closed':
				return new ApiError(409, 'sealed');
		}
	}
	if (e instanceof UsulanServiceError) {
		switch (e.code) {
			case 'forbidden':
				return new ApiError(403, 'forbidden');
			case 'not_found':
				return new ApiError(404, 'not_found');
			case 'too_early':
				return new ApiError(409, 'wrong_phase', { reason: 'too_early' });
			case 'sealed':
				return new ApiError(409, 'sealed');
		}
	}
	throw e;
}
