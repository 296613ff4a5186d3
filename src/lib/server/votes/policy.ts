import type { StaffActor } from '../auth/policy.ts';
import type { Meeting, Participant, Vote } from '../db/schema/index.ts';
import { canManageMeeting } from '../meetings/policy.ts';

/** Facilitators, staff and admins of the meeting's kelurahan run its votes. */
export function canRunVotes(
	actor: StaffActor | null,
	meeting: Pick<Meeting, 'kelurahanId'>
): actor is StaffActor {
	return canManageMeeting(actor, meeting);
}

/**
 * A participant may vote in a vote of their own meeting when they are still in the room (not
 * removed, not merged into someone else) and, for votes only verified attendees may cast, when
 * the facilitator verified them.
 */
export function isEligibleVoter(
	p: Pick<Participant, 'meetingId' | 'removedAt' | 'mergedIntoId' | 'verifiedAt'>,
	v: Pick<Vote, 'meetingId' | 'eligibility'>
): boolean {
	if (p.meetingId !== v.meetingId || p.removedAt || p.mergedIntoId) return false;
	return v.eligibility === 'joined' || p.verifiedAt !== null;
}
