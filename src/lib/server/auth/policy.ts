import type { UserRole } from '../db/schema/index.ts';

/** Who is acting: a signed-in account (participants arrive with the meeting issue). */
export type StaffActor = { kind: 'user'; id: string; role: UserRole; kelurahanId: string | null };

export function isAdmin(actor: StaffActor | null): actor is StaffActor {
	return actor?.role === 'admin';
}

/** The staff area (/staff) is for every signed-in account. */
export function canEnterStaffArea(actor: StaffActor | null): actor is StaffActor {
	return actor !== null;
}

/** Only an admin creates accounts, changes roles and resets passwords. */
export function canManageAccounts(actor: StaffActor | null): actor is StaffActor {
	return isAdmin(actor);
}
