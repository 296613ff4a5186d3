import { and, asc, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import {
	hashPassword,
	PASSWORD_MAX_LENGTH,
	PASSWORD_MIN_LENGTH,
	verifyPassword
} from '../auth/password.ts';
import { canManageAccounts, type StaffActor } from '../auth/policy.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import type { Queryable } from '../db/client.ts';
import { session as sessionTable, user as userTable, userRoles } from '../db/schema/index.ts';

/** Why a user-service call was refused; routes translate the code for the person. */
export class UserServiceError extends Error {
	constructor(
		readonly code: 'forbidden' | 'username_taken' | 'not_found' | 'invalid' | 'wrong_password'
	) {
		super(code);
		this.name = 'UserServiceError';
	}
}

export const usernameSchema = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^[a-z0-9._-]{3,32}$/);
export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

export const newUserSchema = z.object({
	username: usernameSchema,
	displayName: z.string().trim().min(1).max(80),
	role: z.enum(userRoles),
	password: passwordSchema,
	kelurahanId: z.uuid().nullable().optional()
});
export type NewUser = z.input<typeof newUserSchema>;

export type UserSummary = {
	id: string;
	username: string;
	displayName: string;
	role: (typeof userRoles)[number];
	createdAt: Date;
	disabledAt: Date | null;
};

const summary = {
	id: userTable.id,
	username: userTable.username,
	displayName: userTable.displayName,
	role: userTable.role,
	createdAt: userTable.createdAt,
	disabledAt: userTable.disabledAt
};

/** Creates an account without a permission check: for seeding and admin scripts only. */
export async function insertUser(db: Queryable, input: NewUser): Promise<UserSummary> {
	const parsed = newUserSchema.safeParse(input);
	if (!parsed.success) throw new UserServiceError('invalid');
	const { password, ...rest } = parsed.data;
	const passwordHash = await hashPassword(password);
	const rows = await db
		.insert(userTable)
		.values({ ...rest, kelurahanId: rest.kelurahanId ?? null, passwordHash })
		.onConflictDoNothing({ target: userTable.username })
		.returning(summary);
	if (!rows[0]) throw new UserServiceError('username_taken');
	return rows[0];
}

export async function listUsers(db: Queryable, actor: StaffActor | null): Promise<UserSummary[]> {
	if (!canManageAccounts(actor)) throw new UserServiceError('forbidden');
	return db.select(summary).from(userTable).orderBy(asc(userTable.role), asc(userTable.username));
}

/** An admin creates a staff, facilitator or admin account. */
export async function createUser(db: Queryable, actor: StaffActor | null, input: NewUser) {
	if (!canManageAccounts(actor)) throw new UserServiceError('forbidden');
	return insertUser(db, { ...input, kelurahanId: input.kelurahanId ?? actor.kelurahanId });
}

/** An admin sets a new password; every session of that account is signed out. */
export async function resetPassword(
	db: Queryable,
	actor: StaffActor | null,
	input: { userId: string; password: string }
) {
	if (!canManageAccounts(actor)) throw new UserServiceError('forbidden');
	const password = passwordSchema.safeParse(input.password);
	if (!password.success || !z.uuid().safeParse(input.userId).success) {
		throw new UserServiceError('invalid');
	}
	const passwordHash = await hashPassword(password.data);
	const rows = await db
		.update(userTable)
		.set({ passwordHash, passwordChangedAt: new Date() })
		.where(eq(userTable.id, input.userId))
		.returning({ id: userTable.id });
	if (!rows[0]) throw new UserServiceError('not_found');
	await invalidateUserSessions(db, input.userId);
}

/**
 * Anyone signed in changes their own password, proving the current one. Every other session of
 * the account is signed out; the one in use (`keepSessionId`) stays.
 */
export async function changeOwnPassword(
	db: Queryable,
	actor: StaffActor | null,
	input: { currentPassword: string; newPassword: string; keepSessionId: string }
): Promise<void> {
	if (!actor) throw new UserServiceError('forbidden');
	const next = passwordSchema.safeParse(input.newPassword);
	if (!next.success || typeof input.currentPassword !== 'string') {
		throw new UserServiceError('invalid');
	}
	const [row] = await db
		.select({ passwordHash: userTable.passwordHash })
		.from(userTable)
		.where(eq(userTable.id, actor.id));
	if (!row) throw new UserServiceError('not_found');
	if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
		throw new UserServiceError('wrong_password');
	}
	await db
		.update(userTable)
		.set({ passwordHash: await hashPassword(next.data), passwordChangedAt: new Date() })
		.where(eq(userTable.id, actor.id));
	await db
		.delete(sessionTable)
		.where(and(eq(sessionTable.userId, actor.id), ne(sessionTable.id, input.keepSessionId)));
}
