import {
	meetingPhase,
	type MeetingLifecycle,
	type MeetingPhase
} from '../../domain/meeting-phase.ts';
import type { AccessMode } from '../../realtime/protocol.ts';
import type { DocRef } from '../../realtime/doc-names.ts';
import type { StaffActor } from '../auth/policy.ts';
import { belongsToKelurahan } from '../meetings/policy.ts';

/** Who holds a realtime connection: a signed-in account or a meeting participant. */
export type RealtimeActor =
	| StaffActor
	| { kind: 'participant'; participantId: string; meetingId: string; displayName: string };

/** What the policy needs to know of the meeting a doc belongs to. */
export type MeetingAccessFacts = {
	id: string;
	kelurahanId: string;
	phase: MeetingPhase;
	boardLocked: boolean;
};

/** The facts `docAccess` needs, from a meeting row (upgrades, pages, the API and services agree). */
export const meetingAccessFacts = (
	m: MeetingLifecycle & { id: string; kelurahanId: string; boardLockedAt: Date | null }
): MeetingAccessFacts => ({
	id: m.id,
	kelurahanId: m.kelurahanId,
	phase: meetingPhase(m),
	boardLocked: m.boardLockedAt !== null
});

export type DocAccess = AccessMode | 'deny';

/** Phases in which the facilitator and staff may still edit the board (preparing and collecting). */
const staffEditsBoardIn: ReadonlySet<MeetingPhase> = new Set(['draft', 'open', 'collecting']);

/**
 * Read-write, read-only or no access to a doc, decided from the actor, the doc kind and the
 * meeting's phase. Re-evaluated for live connections whenever the meeting changes.
 *
 * - `live` is written by the server only: everybody who may see the meeting reads it.
 * - `board`: staff of the kelurahan edit it while preparing and collecting; residents of the
 *   meeting edit it only while collecting and not locked; everybody of the meeting reads it.
 * - anybody else (another meeting's participant, another kelurahan's staff): no access.
 */
export function docAccess(
	actor: RealtimeActor,
	doc: DocRef,
	meeting: MeetingAccessFacts | null
): DocAccess {
	if (!meeting || meeting.id !== doc.meetingId) return 'deny';
	if (actor.kind === 'user') {
		if (!belongsToKelurahan(actor, meeting.kelurahanId)) return 'deny';
		if (doc.kind === 'live') return 'read';
		return staffEditsBoardIn.has(meeting.phase) ? 'write' : 'read';
	}
	if (actor.meetingId !== meeting.id || meeting.phase === 'draft') return 'deny';
	if (doc.kind === 'live') return 'read';
	return meeting.phase === 'collecting' && !meeting.boardLocked ? 'write' : 'read';
}
