import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createSession,
	deleteExpiredSessions,
	generateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	sessionIdFromToken,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';
import {
	session as sessionTable,
	user as userTable
} from '../../src/lib/server/db/schema/index.ts';
import { createUser } from '../factories/users.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../support/test-db.ts';

const DAY = 24 * 60 * 60 * 1000;
const policy = { ttlDays: 30, renewDays: 15 };
const t0 = new Date('2026-03-01T08:00:00.000Z');
const at = (days: number) => new Date(t0.getTime() + days * DAY);

describe('session tokens', () => {
	it('are 32 characters of lower-case base32 (160 random bits), never the same twice', () => {
		const tokens = Array.from({ length: 50 }, generateSessionToken);
		for (const t of tokens) expect(t).toMatch(/^[a-z2-7]{32}$/);
		expect(new Set(tokens).size).toBe(tokens.length);
	});

	it('are stored only as their SHA-256', () => {
		expect(sessionIdFromToken('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
	});
});

describe.each(drivers)('sessions on %s', (driver) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await createTestDatabase(driver);
	});
	afterAll(async () => {
		await t?.cleanup();
	});

	const rowOf = async (token: string) =>
		(
			await t.db
				.select()
				.from(sessionTable)
				.where(eq(sessionTable.id, sessionIdFromToken(token)))
		)[0];

	it('a created session validates and returns its user', async () => {
		const u = await createUser(t.db, { role: 'facilitator', displayName: 'Sri Wahyuni' });
		const token = generateSessionToken();
		const created = await createSession(t.db, policy, token, u.id, t0);
		expect(created).toEqual({ id: sessionIdFromToken(token), userId: u.id, expiresAt: at(30) });

		const row = await rowOf(token);
		expect(row.id).toBe(sessionIdFromToken(token));
		expect(row.id).not.toContain(token);
		expect(row.expiresAt).toEqual(at(30));

		const result = await validateSessionToken(t.db, policy, token, at(1));
		expect(result.user).toEqual({
			id: u.id,
			username: u.username,
			displayName: 'Sri Wahyuni',
			role: 'facilitator',
			kelurahanId: null
		});
		expect(result.session).toMatchObject({ id: row.id, userId: u.id, expiresAt: at(30) });
	});

	it.each([
		['empty', ''],
		['too short', 'abc'],
		['upper case', 'A'.repeat(32)],
		['outside base32', '0'.repeat(32)],
		['one character too long', 'a'.repeat(33)],
		['very long', 'a'.repeat(10_000)],
		['with SQL', "' or 1=1 --aaaaaaaaaaaaaaaaaaaaaa"]
	])('refuses a malformed token (%s)', async (_name, token) => {
		expect(await validateSessionToken(t.db, policy, token, at(1))).toEqual({
			session: null,
			user: null
		});
	});

	it('refuses a well-formed token that has no session', async () => {
		expect(await validateSessionToken(t.db, policy, generateSessionToken(), t0)).toEqual({
			session: null,
			user: null
		});
	});

	it('refuses an expired session and deletes it', async () => {
		const u = await createUser(t.db);
		const token = generateSessionToken();
		await createSession(t.db, policy, token, u.id, t0);
		// one millisecond before the end it is still valid
		const justBefore = new Date(at(30).getTime() - 1);
		expect((await validateSessionToken(t.db, policy, token, justBefore)).user?.id).toBe(u.id);
		// that use renewed it; expire it relative to the new end
		const renewedEnd = (await rowOf(token)).expiresAt;
		expect(renewedEnd).toEqual(new Date(justBefore.getTime() + 30 * DAY));
		expect(await validateSessionToken(t.db, policy, token, renewedEnd)).toEqual({
			session: null,
			user: null
		});
		expect(await rowOf(token)).toBeUndefined();
		// and it stays refused
		expect((await validateSessionToken(t.db, policy, token, t0)).session).toBeNull();
	});

	it('renews a session used inside the renew window to a full TTL', async () => {
		const u = await createUser(t.db);
		const token = generateSessionToken();
		await createSession(t.db, policy, token, u.id, t0);
		// 15 days left at day 15: inside the window (the boundary counts)
		const result = await validateSessionToken(t.db, policy, token, at(15));
		expect(result.session?.expiresAt).toEqual(at(45));
		expect((await rowOf(token)).expiresAt).toEqual(at(45));
		// later, 1 day left: renewed again from that moment
		const again = await validateSessionToken(t.db, policy, token, at(44));
		expect(again.session?.expiresAt).toEqual(at(74));
		expect((await rowOf(token)).expiresAt).toEqual(at(74));
	});

	it('does not renew a session used outside the renew window', async () => {
		const u = await createUser(t.db);
		const token = generateSessionToken();
		await createSession(t.db, policy, token, u.id, t0);
		for (const day of [0, 1, 14.9]) {
			const result = await validateSessionToken(t.db, policy, token, at(day));
			expect(result.user?.id).toBe(u.id);
			expect(result.session?.expiresAt).toEqual(at(30));
		}
		expect((await rowOf(token)).expiresAt).toEqual(at(30));
	});

	it('invalidateSession signs out that session only', async () => {
		const u = await createUser(t.db);
		const [a, b] = [generateSessionToken(), generateSessionToken()];
		await createSession(t.db, policy, a, u.id, t0);
		await createSession(t.db, policy, b, u.id, t0);
		await invalidateSession(t.db, sessionIdFromToken(a));
		expect((await validateSessionToken(t.db, policy, a, at(1))).session).toBeNull();
		expect((await validateSessionToken(t.db, policy, b, at(1))).user?.id).toBe(u.id);
	});

	it('invalidateUserSessions signs out every session of that user and no one else', async () => {
		const u = await createUser(t.db);
		const other = await createUser(t.db);
		const mine = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
		for (const token of mine) await createSession(t.db, policy, token, u.id, t0);
		const theirs = generateSessionToken();
		await createSession(t.db, policy, theirs, other.id, t0);

		await invalidateUserSessions(t.db, u.id);
		for (const token of mine) {
			expect((await validateSessionToken(t.db, policy, token, at(1))).session).toBeNull();
		}
		expect(await t.db.select().from(sessionTable).where(eq(sessionTable.userId, u.id))).toEqual([]);
		expect((await validateSessionToken(t.db, policy, theirs, at(1))).user?.id).toBe(other.id);
	});

	it("refuses a disabled user's session", async () => {
		const u = await createUser(t.db);
		const token = generateSessionToken();
		await createSession(t.db, policy, token, u.id, t0);
		await t.db
			.update(userTable)
			.set({ disabledAt: at(1) })
			.where(eq(userTable.id, u.id));
		expect(await validateSessionToken(t.db, policy, token, at(2))).toEqual({
			session: null,
			user: null
		});
		// inside the renew window too: a disabled account's session is never extended
		expect((await validateSessionToken(t.db, policy, token, at(20))).session).toBeNull();
		expect((await rowOf(token)).expiresAt).toEqual(at(30));
	});

	it('deleteExpiredSessions removes expired sessions and keeps live ones', async () => {
		const u = await createUser(t.db);
		const expired = generateSessionToken();
		const endsNow = generateSessionToken();
		const live = generateSessionToken();
		await createSession(t.db, policy, expired, u.id, at(-40)); // ended at day -10
		await createSession(t.db, policy, endsNow, u.id, at(-30)); // ends exactly at t0
		await createSession(t.db, policy, live, u.id, at(-1)); // ends at day 29

		await deleteExpiredSessions(t.db, t0);
		expect(await rowOf(expired)).toBeUndefined();
		// a session whose end is now is expired for validation, so the sweep removes it too
		expect(await rowOf(endsNow)).toBeUndefined();
		expect((await rowOf(live))?.expiresAt).toEqual(at(29));
	});
});
