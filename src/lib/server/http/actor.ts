import type { StaffActor } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session.ts';

/** The acting account of a request, in the shape services and policies take. */
export function actorOf(locals: { user: SessionUser | null }): StaffActor | null {
	const u = locals.user;
	return u ? { kind: 'user', id: u.id, role: u.role, kelurahanId: u.kelurahanId } : null;
}
