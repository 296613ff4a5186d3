import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { user as userTable } from '../db/schema/index.ts';
import { verifyAgainstDummy, verifyPassword } from './password.ts';
import type { LoginLimiter } from './rate-limit.ts';
import { createSession, generateSessionToken, type SessionPolicy } from './session.ts';

export type SignInInput = { username: string; password: string; address: string };

export type SignInResult =
	| {
			ok: true;
			token: string;
			expiresAt: Date;
			user: { id: string; username: string; displayName: string; role: string };
	  }
	/** Wrong password, unknown or disabled account: one answer for all, so accounts cannot be probed. */
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'rate_limited'; retryAfterMinutes: number };

/**
 * Checks a username and password and opens a session. Refusals are counted per account and per
 * address; past the limits every attempt is refused for a while, right or wrong.
 */
export async function signIn(
	db: Queryable,
	deps: { limiter: LoginLimiter; sessions: SessionPolicy },
	input: SignInInput
): Promise<SignInResult> {
	const username = input.username.trim().toLowerCase();
	const blocked = await deps.limiter.blockedFor(username, input.address);
	if (blocked > 0) return { ok: false, reason: 'rate_limited', retryAfterMinutes: blocked };

	const [found] = await db.select().from(userTable).where(eq(userTable.username, username));
	const valid =
		found && !found.disabledAt
			? await verifyPassword(found.passwordHash, input.password)
			: await verifyAgainstDummy(input.password);
	if (!found || !valid || found.disabledAt) {
		const nowBlocked = await deps.limiter.recordFailure(username, input.address);
		if (nowBlocked > 0) return { ok: false, reason: 'rate_limited', retryAfterMinutes: nowBlocked };
		return { ok: false, reason: 'invalid' };
	}
	await deps.limiter.recordSuccess(username);
	const token = generateSessionToken();
	const session = await createSession(db, deps.sessions, token, found.id);
	return {
		ok: true,
		token,
		expiresAt: session.expiresAt,
		user: {
			id: found.id,
			username: found.username,
			displayName: found.displayName,
			role: found.role
		}
	};
}
