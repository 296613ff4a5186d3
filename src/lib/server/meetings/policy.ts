import type { StaffActor } from '../auth/policy.ts';
import type { Meeting } from '../db/schema/index.ts';

/** Staff of a kelurahan see its meetings; an admin without a kelurahan sees every meeting. */
export function belongsToKelurahan(actor: StaffActor, kelurahanId: string) {
	return (
		actor.kelurahanId === kelurahanId || (actor.role === 'admin' && actor.kelurahanId === null)
	);
}

/** Facilitators, staff and admins of a kelurahan create its meetings. */
export function canCreateMeeting(actor: StaffActor | null): actor is StaffActor {
	return actor !== null && actor.kelurahanId !== null;
}

/** Facilitators and admins run a meeting of their kelurahan; staff assist (all three may). */
export function canManageMeeting(
	actor: StaffActor | null,
	m: Pick<Meeting, 'kelurahanId'>
): actor is StaffActor {
	return actor !== null && belongsToKelurahan(actor, m.kelurahanId);
}
