import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, isNull, lte } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { session as sessionTable, user as userTable } from '../db/schema/index.ts';

/**
 * Lucia-style sessions (lucia-auth.com, the `sv` lucia add-on): a random token lives only in the
 * cookie; the database keeps its SHA-256 as the session id. Sessions slide: a session used within
 * `renewDays` of its end is extended to a full `ttlDays` again.
 */
export type SessionPolicy = { ttlDays: number; renewDays: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The sliding-expiry rule, in one place for every reader of sessions: `'expired'`, `'fresh'`
 * (nothing to do), or the new expiry a session used now must be extended to.
 */
export function sessionRenewal(
	expiresAt: Date,
	policy: SessionPolicy,
	now: Date = new Date()
): 'expired' | 'fresh' | Date {
	if (now.getTime() >= expiresAt.getTime()) return 'expired';
	if (now.getTime() >= expiresAt.getTime() - policy.renewDays * DAY_MS) {
		return new Date(now.getTime() + policy.ttlDays * DAY_MS);
	}
	return 'fresh';
}

export function generateSessionToken(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(20));
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
	db: Queryable,
	policy: SessionPolicy,
	token: string,
	userId: string,
	now = new Date()
) {
	const row = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: new Date(now.getTime() + policy.ttlDays * DAY_MS)
	};
	await db.insert(sessionTable).values(row);
	return row;
}

/** Session tokens are base32 of 20 bytes: anything else is refused without a query. */
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export async function validateSessionToken(
	db: Queryable,
	policy: SessionPolicy,
	token: string,
	now = new Date()
) {
	if (!TOKEN_PATTERN.test(token)) return { session: null, user: null } as const;
	const id = sessionIdFromToken(token);
	const [row] = await db
		.select({
			session: sessionTable,
			user: {
				id: userTable.id,
				username: userTable.username,
				displayName: userTable.displayName,
				role: userTable.role,
				kelurahanId: userTable.kelurahanId
			}
		})
		.from(sessionTable)
		.innerJoin(userTable, eq(sessionTable.userId, userTable.id))
		.where(and(eq(sessionTable.id, id), isNull(userTable.disabledAt)));
	if (!row) return { session: null, user: null } as const;
	const { session, user } = row;
	const renewal = sessionRenewal(session.expiresAt, policy, now);
	if (renewal === 'expired') {
		await db.delete(sessionTable).where(eq(sessionTable.id, id));
		return { session: null, user: null } as const;
	}
	if (renewal !== 'fresh') {
		session.expiresAt = renewal;
		await db
			.update(sessionTable)
			.set({ expiresAt: session.expiresAt })
			.where(eq(sessionTable.id, id));
	}
	return { session, user } as const;
}

export type SessionValidationResult = Awaited<ReturnType<typeof validateSessionToken>>;
export type SessionUser = NonNullable<SessionValidationResult['user']>;

export async function invalidateSession(db: Queryable, sessionId: string) {
	await db.delete(sessionTable).where(eq(sessionTable.id, sessionId));
}

export async function invalidateUserSessions(db: Queryable, userId: string) {
	await db.delete(sessionTable).where(eq(sessionTable.userId, userId));
}

/**
 * Removes expired rows (as validation sees them: a session ending at `now` has ended); called now
 * and then so the table does not grow without end.
 */
export async function deleteExpiredSessions(db: Queryable, now = new Date()) {
	await db.delete(sessionTable).where(lte(sessionTable.expiresAt, now));
}
