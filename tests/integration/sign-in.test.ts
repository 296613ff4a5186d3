import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginLimiter, type LoginLimits } from '../../src/lib/server/auth/rate-limit.ts';
import { validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { signIn } from '../../src/lib/server/auth/sign-in.ts';
import type { Queryable } from '../../src/lib/server/db/client.ts';
import {
	session as sessionTable,
	user as userTable
} from '../../src/lib/server/db/schema/index.ts';
import { createUser } from '../factories/users.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../support/test-db.ts';

const sessions = { ttlDays: 30, renewDays: 15 };
const limits: LoginLimits = {
	maxFailuresPerAccount: 3,
	maxFailuresPerAddress: 10,
	blockMinutes: 15
};
const invalid = { ok: false, reason: 'invalid' } as const;

/** Sign-in with its own fresh in-memory limiter unless one is given. */
function signer(db: Queryable, limiter = createLoginLimiter(limits)) {
	return (username: string, password: string, address = '192.0.2.1') =>
		signIn(db, { limiter, sessions }, { username, password, address });
}

describe.each(drivers)('sign-in on %s', (driver) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await createTestDatabase(driver);
	});
	afterAll(async () => {
		await t?.cleanup();
	});

	it('opens a session for the right password', async () => {
		const u = await createUser(t.db, { role: 'facilitator', displayName: 'Sri' });
		const result = await signer(t.db)(u.username, u.password);
		expect(result).toMatchObject({
			ok: true,
			user: { id: u.id, username: u.username, displayName: 'Sri', role: 'facilitator' }
		});
		if (!result.ok) return;
		expect(result.token).toMatch(/^[a-z2-7]{32}$/);
		const validated = await validateSessionToken(t.db, sessions, result.token);
		expect(validated.user?.id).toBe(u.id);
		expect(validated.session?.expiresAt).toEqual(result.expiresAt);
		const rows = await t.db.select().from(sessionTable).where(eq(sessionTable.userId, u.id));
		expect(rows).toHaveLength(1);
	});

	it('gives one identical answer for a wrong password, an unknown user and a disabled user', async () => {
		const u = await createUser(t.db);
		const disabled = await createUser(t.db);
		await t.db
			.update(userTable)
			.set({ disabledAt: new Date() })
			.where(eq(userTable.id, disabled.id));
		const attempt = signer(t.db);

		const wrong = await attempt(u.username, 'not the password');
		const unknown = await attempt(`nobody-${randomUUID()}`, u.password);
		const off = await attempt(disabled.username, disabled.password);
		expect(wrong).toStrictEqual(invalid);
		expect(unknown).toStrictEqual(invalid);
		expect(off).toStrictEqual(invalid);
		// none of them opened a session
		for (const id of [u.id, disabled.id]) {
			expect(await t.db.select().from(sessionTable).where(eq(sessionTable.userId, id))).toEqual([]);
		}
	});

	it('refuses an empty password and a password differing only in case or spaces', async () => {
		const u = await createUser(t.db, { password: 'Kata-Sandi-99' });
		const attempt = signer(t.db, createLoginLimiter({ ...limits, maxFailuresPerAccount: 10 }));
		expect(await attempt(u.username, '')).toStrictEqual(invalid);
		expect(await attempt(u.username, 'kata-sandi-99')).toStrictEqual(invalid);
		expect(await attempt(u.username, ' Kata-Sandi-99')).toStrictEqual(invalid);
		expect((await attempt(u.username, 'Kata-Sandi-99')).ok).toBe(true);
	});

	it('matches the username case-insensitively and ignores surrounding spaces', async () => {
		const u = await createUser(t.db, { username: 'wati.rw03' });
		const attempt = signer(t.db);
		for (const name of ['WATI.RW03', 'Wati.Rw03', '  wati.rw03 ']) {
			const result = await attempt(name, u.password);
			expect(result.ok, name).toBe(true);
			if (result.ok) expect(result.user.username).toBe('wati.rw03');
		}
	});

	it('blocks an account after LOGIN_MAX_FAILURES_PER_ACCOUNT failures, even with the right password', async () => {
		const u = await createUser(t.db);
		const other = await createUser(t.db);
		const attempt = signer(t.db);
		for (let i = 0; i < limits.maxFailuresPerAccount; i++) {
			// spread over addresses: the count is per account
			expect(await attempt(u.username, 'wrong', `198.51.100.${i}`)).toStrictEqual(invalid);
		}
		const blocked = { ok: false, reason: 'rate_limited', retryAfterMinutes: 15 };
		expect(await attempt(u.username, u.password, '198.51.100.77')).toStrictEqual(blocked);
		expect(await attempt(u.username.toUpperCase(), u.password, '203.0.113.1')).toStrictEqual(
			blocked
		);
		expect(await attempt(u.username, 'wrong', '203.0.113.2')).toStrictEqual(blocked);
		expect(await t.db.select().from(sessionTable).where(eq(sessionTable.userId, u.id))).toEqual([]);
		// another account from the same addresses still signs in
		expect((await attempt(other.username, other.password, '198.51.100.0')).ok).toBe(true);
	});

	it('a success before the limit resets the account count', async () => {
		const u = await createUser(t.db);
		const attempt = signer(t.db);
		for (let round = 0; round < 2; round++) {
			for (let i = 1; i < limits.maxFailuresPerAccount; i++) {
				expect(await attempt(u.username, 'wrong')).toStrictEqual(invalid);
			}
			expect((await attempt(u.username, u.password)).ok).toBe(true);
		}
	});

	it('blocks an address after LOGIN_MAX_FAILURES_PER_ADDRESS failures, whatever the account', async () => {
		const victim = await createUser(t.db);
		const attempt = signer(
			t.db,
			createLoginLimiter({ maxFailuresPerAccount: 100, maxFailuresPerAddress: 4, blockMinutes: 30 })
		);
		const address = '203.0.113.50';
		for (let i = 0; i < 4; i++) {
			expect(await attempt(`guess-${i}-${randomUUID()}`, 'password', address)).toStrictEqual(
				invalid
			);
		}
		expect(await attempt(victim.username, victim.password, address)).toStrictEqual({
			ok: false,
			reason: 'rate_limited',
			retryAfterMinutes: 30
		});
		// the same account from another address is fine
		expect((await attempt(victim.username, victim.password, '203.0.113.51')).ok).toBe(true);
	});
});

describe.skipIf(!process.env.REDIS_URL)('sign-in limits shared through Redis', () => {
	const connections: Redis[] = [];
	const run = randomUUID().slice(0, 8);
	const username = `redis-${run}`;
	const addresses = [`redis-${run}-a`, `redis-${run}-b`, `redis-${run}-c`];
	let t: TestDatabase;

	beforeAll(async () => {
		t = await createTestDatabase('pglite');
	});
	afterAll(async () => {
		if (connections[0]) {
			await connections[0].del(
				`rembuk:login:account:${username}`,
				...addresses.map((a) => `rembuk:login:address:${a}`)
			);
		}
		await Promise.all(connections.map((c) => c.quit()));
		await t?.cleanup();
	});

	const limiterOnNewConnection = () => {
		const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 2 });
		connections.push(redis);
		return createLoginLimiter(limits, redis);
	};

	it('counts failures on one limiter and blocks on another (two processes)', async () => {
		const u = await createUser(t.db, { username });
		const one = signer(t.db, limiterOnNewConnection());
		const two = signer(t.db, limiterOnNewConnection());

		expect(await one(username, 'wrong', addresses[0])).toStrictEqual(invalid);
		expect(await two(username, 'wrong', addresses[1])).toStrictEqual(invalid);
		// the third failure, counted on the first limiter, reaches the limit of 3
		expect(await one(username, 'wrong', addresses[0])).toStrictEqual(invalid);
		expect(await two(username, u.password, addresses[2])).toStrictEqual({
			ok: false,
			reason: 'rate_limited',
			retryAfterMinutes: 15
		});
		expect(await one(username, u.password, addresses[2])).toMatchObject({ reason: 'rate_limited' });
	});
});
