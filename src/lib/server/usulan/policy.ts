import type { MeetingPhase } from '../../domain/meeting-phase.ts';
import type { StaffActor } from '../auth/policy.ts';
import type { Meeting } from '../db/schema/index.ts';
import { canManageMeeting } from '../meetings/policy.ts';
import type { RealtimeActor } from '../realtime/policy.ts';

/** Whoever asks: an account, a meeting participant, or nobody signed in. */
export type UsulanActor = RealtimeActor | null;

/**
 * Facilitators and staff of the meeting's kelurahan finalize its board; residents never do, even
 * while they may edit it.
 */
export function canFinalizeBoard(
	actor: UsulanActor,
	m: Pick<Meeting, 'kelurahanId'>
): actor is StaffActor {
	return actor !== null && actor.kind === 'user' && canManageMeeting(actor, m);
}

/**
 * Phases in which the board holds something to finalize and the record is not sealed yet:
 * before collecting there is nothing to rank; once finalized the meeting's record is closed.
 */
export const boardFinalizableIn: ReadonlySet<MeetingPhase> = new Set([
	'collecting',
	'voting',
	'closed'
]);
