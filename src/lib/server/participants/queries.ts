import { and, asc, eq, isNull } from 'drizzle-orm';
import {
	attendanceFigures,
	type AttendanceFigures,
	type AttendanceParticipant
} from '../../domain/attendance.ts';
import type { Queryable } from '../db/client.ts';
import { participant, type Meeting, type Participant } from '../db/schema/index.ts';
import { hashParticipantToken, TOKEN_PATTERN } from './tokens.ts';

/** A participant as the facilitator's console lists them. */
export type ParticipantListItem = Pick<
	Participant,
	| 'id'
	| 'displayName'
	| 'rt'
	| 'rw'
	| 'gender'
	| 'ageGroup'
	| 'disability'
	| 'affiliation'
	| 'joinedAt'
	| 'lastSeenAt'
	| 'mergedIntoId'
> & {
	verified: boolean;
	/** `merged`: a duplicate folded into `mergedIntoId`; `removed`: taken out by the facilitator. */
	status: 'active' | 'merged' | 'removed';
};

const listColumns = {
	id: participant.id,
	displayName: participant.displayName,
	rt: participant.rt,
	rw: participant.rw,
	gender: participant.gender,
	ageGroup: participant.ageGroup,
	disability: participant.disability,
	affiliation: participant.affiliation,
	joinedAt: participant.joinedAt,
	lastSeenAt: participant.lastSeenAt,
	mergedIntoId: participant.mergedIntoId,
	verifiedAt: participant.verifiedAt,
	removedAt: participant.removedAt
};

/**
 * A meeting's participants in the order they joined. Removed participants and merged duplicates
 * are left out unless `includeGone` (then flagged by `status`).
 */
export async function listParticipants(
	db: Queryable,
	meetingId: string,
	opts: { includeGone?: boolean } = {}
): Promise<ParticipantListItem[]> {
	const rows = await db
		.select(listColumns)
		.from(participant)
		.where(
			opts.includeGone
				? eq(participant.meetingId, meetingId)
				: and(eq(participant.meetingId, meetingId), isNull(participant.removedAt))
		)
		.orderBy(asc(participant.joinedAt), asc(participant.id));
	return rows.map(({ verifiedAt, removedAt, ...r }) => ({
		...r,
		verified: verifiedAt !== null,
		status: r.mergedIntoId ? 'merged' : removedAt ? 'removed' : 'active'
	}));
}

/** Attendance figures for a meeting: its scope of RWs and its inclusion thresholds apply. */
export async function meetingAttendance(
	db: Queryable,
	m: Pick<Meeting, 'id' | 'rwScope' | 'inclusionThresholds'>
): Promise<AttendanceFigures> {
	const rows = await db
		.select({
			id: participant.id,
			verifiedAt: participant.verifiedAt,
			removedAt: participant.removedAt,
			mergedInto: participant.mergedIntoId,
			rw: participant.rw,
			rt: participant.rt,
			gender: participant.gender,
			ageGroup: participant.ageGroup,
			disability: participant.disability,
			affiliation: participant.affiliation
		})
		.from(participant)
		.where(and(eq(participant.meetingId, m.id), isNull(participant.removedAt)));
	const people: AttendanceParticipant[] = rows.map(({ verifiedAt, removedAt, ...r }) => ({
		...r,
		verified: verifiedAt !== null,
		removed: removedAt !== null
	}));
	return attendanceFigures(people, {
		rwScope: m.rwScope,
		thresholds: m.inclusionThresholds
	});
}

/**
 * The participant a phone's token stands for in this meeting, with their answers (to prefill the
 * join form on a rejoin), or null: no token, a malformed or unknown one, another meeting's, or a
 * removed participant's.
 */
export async function participantForToken(
	db: Queryable,
	meetingId: string,
	token: string | undefined | null
): Promise<Participant | null> {
	if (!token || !TOKEN_PATTERN.test(token)) return null;
	const [row] = await db
		.select()
		.from(participant)
		.where(
			and(
				eq(participant.tokenHash, hashParticipantToken(token)),
				eq(participant.meetingId, meetingId),
				isNull(participant.removedAt)
			)
		);
	return row ?? null;
}
