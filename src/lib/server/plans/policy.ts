import type { StaffActor } from '../auth/policy.ts';
import { belongsToKelurahan } from '../meetings/policy.ts';

/** Every signed-in account of a kelurahan sees its plans (facilitators too, to answer residents). */
export function canViewPlans(actor: StaffActor | null, kelurahanId: string): actor is StaffActor {
	return actor !== null && belongsToKelurahan(actor, kelurahanId);
}

/**
 * Kelurahan staff and admins write plans. Facilitators run meetings but do not decide budgets;
 * residents never reach this (they have no account).
 */
export function canEditPlans(actor: StaffActor | null, kelurahanId: string): actor is StaffActor {
	return (
		actor !== null &&
		(actor.role === 'staff' || actor.role === 'admin') &&
		belongsToKelurahan(actor, kelurahanId)
	);
}
