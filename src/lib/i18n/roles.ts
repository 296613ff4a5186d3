import { m } from '$lib/paraglide/messages';

/** The translated name of an account role. */
export function roleLabel(role: string): string {
	switch (role) {
		case 'admin':
			return m.role_admin();
		case 'staff':
			return m.role_staff();
		case 'facilitator':
			return m.role_facilitator();
		default:
			return role;
	}
}
