import type { Queryable } from '../../src/lib/server/db/client.ts';
import type { UserRole } from '../../src/lib/server/db/schema/index.ts';
import { insertUser, type NewUser } from '../../src/lib/server/users/service.ts';

let n = 0;

/** An account's fields with sensible defaults; a test sets only what it is about. */
export function buildUser(overrides: Partial<NewUser> = {}): NewUser & { password: string } {
	n += 1;
	return {
		username: `user${n}${Math.random().toString(36).slice(2, 6)}`,
		displayName: `Test User ${n}`,
		role: 'staff' as UserRole,
		password: 'correct horse battery',
		...overrides
	} as NewUser & { password: string };
}

export async function createUser(db: Queryable, overrides: Partial<NewUser> = {}) {
	const input = buildUser(overrides);
	const user = await insertUser(db, input);
	return { ...user, password: input.password };
}
