/**
 * Who may see or run a vote, for the votes endpoints. Staff of the meeting's kelurahan run its
 * votes; the meeting's participants see them once opened (the same rule as the live doc, which
 * shows them the current vote). Anyone else gets 404: a vote's existence is not theirs to know.
 */
import type { Cookies } from '@sveltejs/kit';
import { voteStatus } from '$lib/domain/votes/status';
import type { StaffActor } from '$lib/server/auth/policy';
import type { SessionUser } from '$lib/server/auth/session';
import type { Meeting, Vote, VoteOptionRow } from '$lib/server/db/schema';
import { actorOf } from '$lib/server/http/actor';
import { ApiError } from '$lib/server/http/json';
import { canManageMeeting } from '$lib/server/meetings/policy';
import { getMeeting } from '$lib/server/meetings/service';
import { docAccess, meetingAccessFacts } from '$lib/server/realtime/policy';
import { getRuntime } from '$lib/server/runtime';
import { voteWithOptions } from '$lib/server/votes/queries';
import { computeTally, type VoteTally } from '$lib/server/votes/tally';
import { participantOf } from '../access';

type Locals = { user: SessionUser | null };

export type VoteViewer =
	| { kind: 'staff'; actor: StaffActor }
	| { kind: 'participant'; participantId: string; meetingId: string };

/**
 * The signed-in account for a staff-only endpoint. A resident (participant cookie, no session)
 * is 403, as for finalizing: they are known, just not allowed. Nobody at all is 401.
 */
export async function staffOnly(locals: Locals, cookies: Cookies): Promise<StaffActor> {
	const actor = actorOf(locals);
	if (actor) return actor;
	if (await participantOf(cookies)) throw new ApiError(403, 'forbidden');
	throw new ApiError(401, 'unauthenticated');
}

/** A meeting the signed-in account runs (404 otherwise), for staff-only endpoints. */
export async function staffMeeting(
	locals: Locals,
	cookies: Cookies,
	meetingId: string
): Promise<{ actor: StaffActor; meeting: Meeting }> {
	const actor = await staffOnly(locals, cookies);
	const { database } = await getRuntime();
	const meeting = await getMeeting(database.db, meetingId);
	if (!meeting || !canManageMeeting(actor, meeting)) throw new ApiError(404, 'not_found');
	return { actor, meeting };
}

/** A vote the signed-in account runs, with its options (404 otherwise). */
export async function staffVote(
	locals: Locals,
	cookies: Cookies,
	voteId: string
): Promise<{ actor: StaffActor; vote: Vote; options: VoteOptionRow[] }> {
	const actor = await staffOnly(locals, cookies);
	const { database } = await getRuntime();
	const found = await voteWithOptions(database.db, voteId);
	const meeting = found && (await getMeeting(database.db, found.vote.meetingId));
	if (!found || !meeting || !canManageMeeting(actor, meeting)) {
		throw new ApiError(404, 'not_found');
	}
	return { actor, ...found };
}

/**
 * Staff of the meeting's kelurahan, or one of its participants (while the meeting is past its
 * draft), seeing a meeting's votes. A signed-in account counts first. 401 with neither cookie,
 * 404 when the meeting is not theirs.
 */
export async function meetingViewer(
	locals: Locals,
	cookies: Cookies,
	meeting: Meeting | null
): Promise<VoteViewer> {
	const staff = actorOf(locals);
	if (staff) {
		if (!meeting || !canManageMeeting(staff, meeting)) throw new ApiError(404, 'not_found');
		return { kind: 'staff', actor: staff };
	}
	const p = await participantOf(cookies);
	if (!p) throw new ApiError(401, 'unauthenticated');
	const access =
		meeting && docAccess(p, { kind: 'live', meetingId: meeting.id }, meetingAccessFacts(meeting));
	if (!meeting || !access || access === 'deny') throw new ApiError(404, 'not_found');
	return { kind: 'participant', participantId: p.participantId, meetingId: p.meetingId };
}

/** A vote as its viewer may see it: residents never see drafts. */
export async function viewedVote(
	locals: Locals,
	cookies: Cookies,
	voteId: string,
	now = new Date()
): Promise<{ viewer: VoteViewer; vote: Vote; options: VoteOptionRow[] }> {
	const { database } = await getRuntime();
	const found = await voteWithOptions(database.db, voteId);
	const meeting = found ? await getMeeting(database.db, found.vote.meetingId) : null;
	const viewer = await meetingViewer(locals, cookies, meeting);
	if (!found) throw new ApiError(404, 'not_found');
	if (viewer.kind === 'participant' && !visibleToResidents(found.vote, now)) {
		throw new ApiError(404, 'not_found');
	}
	return { viewer, ...found };
}

/** Residents see a vote once it has been opened; drafts are the facilitator's preparation. */
export function visibleToResidents(v: Vote, now = new Date()): boolean {
	return voteStatus(v, now) !== 'draft';
}

/**
 * The tally a viewer may see, or null. Staff always; residents when results are live or the vote
 * has closed (as on the live doc). A closed vote answers its stored final tally: the one its
 * decisions refer to.
 */
export async function visibleTally(
	viewer: VoteViewer,
	v: Vote,
	options: VoteOptionRow[],
	now = new Date()
): Promise<VoteTally | null> {
	const status = voteStatus(v, now);
	if (viewer.kind === 'participant' && v.results !== 'live' && status !== 'closed') return null;
	if (status === 'closed' && v.finalTally) return v.finalTally as VoteTally;
	const { database } = await getRuntime();
	return computeTally(database.db, v, options);
}
