import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffActor } from '../../src/lib/server/auth/policy.ts';
import { createLoginLimiter } from '../../src/lib/server/auth/rate-limit.ts';
import { validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { signIn } from '../../src/lib/server/auth/sign-in.ts';
import { kelurahan, user as userTable } from '../../src/lib/server/db/schema/index.ts';
import {
	createUser,
	listUsers,
	resetPassword,
	UserServiceError,
	type NewUser
} from '../../src/lib/server/users/service.ts';
import { buildUser, createUser as createUserRow } from '../factories/users.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../support/test-db.ts';

const sessions = { ttlDays: 30, renewDays: 15 };

/** The service error code of a rejected promise. */
async function codeOf(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		expect(e).toBeInstanceOf(UserServiceError);
		return (e as UserServiceError).code;
	}
	return expect.fail('expected a UserServiceError');
}

describe.each(drivers)('user accounts on %s', (driver) => {
	let t: TestDatabase;
	let kelurahanId: string;
	let admin: StaffActor;
	let staff: StaffActor;
	let facilitator: StaffActor;

	const signInAs = (username: string, password: string) =>
		signIn(
			t.db,
			{
				limiter: createLoginLimiter({
					maxFailuresPerAccount: 100,
					maxFailuresPerAddress: 100,
					blockMinutes: 1
				}),
				sessions
			},
			{ username, password, address: '192.0.2.9' }
		);
	const countUsers = async () => (await t.db.select({ id: userTable.id }).from(userTable)).length;

	beforeAll(async () => {
		t = await createTestDatabase(driver);
		[{ id: kelurahanId }] = await t.db
			.insert(kelurahan)
			.values({ name: 'Rejosari', kecamatan: 'Semarang Timur', city: 'Kota Semarang' })
			.returning();
		const actor = async (role: StaffActor['role']): Promise<StaffActor> => {
			const u = await createUserRow(t.db, { role, kelurahanId });
			return { kind: 'user', id: u.id, role, kelurahanId };
		};
		admin = await actor('admin');
		staff = await actor('staff');
		facilitator = await actor('facilitator');
	});
	afterAll(async () => {
		await t?.cleanup();
	});

	it('an admin creates staff and facilitator accounts in their own kelurahan', async () => {
		for (const role of ['staff', 'facilitator'] as const) {
			const input = buildUser({ role, displayName: `  Wati ${role}  ` });
			const created = await createUser(t.db, admin, input);
			expect(created).toMatchObject({
				username: input.username,
				displayName: `Wati ${role}`,
				role,
				disabledAt: null
			});
			const [row] = await t.db.select().from(userTable).where(eq(userTable.id, created.id));
			expect(row.kelurahanId).toBe(kelurahanId);
			expect(row.passwordHash).toMatch(/^\$argon2id\$/);
			expect(row.passwordHash).not.toContain(input.password);
			// the new account signs in with its password
			expect((await signInAs(input.username, input.password)).ok).toBe(true);
		}
	});

	it('stores the username in lower case', async () => {
		const created = await createUser(t.db, admin, buildUser({ username: '  Budi.RW02 ' }));
		expect(created.username).toBe('budi.rw02');
	});

	it.each([
		['a staff account', () => staff],
		['a facilitator', () => facilitator],
		['nobody (no actor)', () => null]
	])('refuses %s with forbidden, and creates nothing', async (_name, who) => {
		const before = await countUsers();
		const input = buildUser({ role: 'admin' });
		expect(await codeOf(createUser(t.db, who(), input))).toBe('forbidden');
		expect(await codeOf(listUsers(t.db, who()))).toBe('forbidden');
		expect(await countUsers()).toBe(before);
		expect((await signInAs(input.username, input.password)).ok).toBe(false);
	});

	it('refuses a username that is taken, in any case', async () => {
		const first = await createUser(t.db, admin, buildUser({ username: `sama-${driver}` }));
		const before = await countUsers();
		expect(await codeOf(createUser(t.db, admin, buildUser({ username: first.username })))).toBe(
			'username_taken'
		);
		expect(
			await codeOf(createUser(t.db, admin, buildUser({ username: first.username.toUpperCase() })))
		).toBe('username_taken');
		expect(await countUsers()).toBe(before);
	});

	it.each<[string, Partial<NewUser>]>([
		['a too short username', { username: 'ab' }],
		['a too long username', { username: 'a'.repeat(33) }],
		['spaces in the username', { username: 'budi santoso' }],
		['other characters in the username', { username: 'budi@rw' }],
		['an empty display name', { displayName: '   ' }],
		['a too long display name', { displayName: 'x'.repeat(81) }],
		['an unknown role', { role: 'superuser' as 'staff' }],
		['a too short password', { password: 'pendek7' }],
		['a too long password', { password: 'p'.repeat(129) }],
		['a kelurahan id that is not a uuid', { kelurahanId: 'rejosari' }]
	])('refuses %s as invalid', async (_name, overrides) => {
		const before = await countUsers();
		expect(await codeOf(createUser(t.db, admin, buildUser(overrides)))).toBe('invalid');
		expect(await countUsers()).toBe(before);
	});

	it('lists every account for an admin, without password hashes', async () => {
		const list = await listUsers(t.db, admin);
		expect(list.length).toBe(await countUsers());
		expect(list.map((u) => u.id)).toEqual(expect.arrayContaining([staff.id, facilitator.id]));
		for (const u of list) expect(u).not.toHaveProperty('passwordHash');
	});

	it('resetPassword changes the password and signs out every session of that account', async () => {
		const target = await createUserRow(t.db, { role: 'facilitator' });
		const bystander = await createUserRow(t.db);
		const phone = await signInAs(target.username, target.password);
		const laptop = await signInAs(target.username, target.password);
		const other = await signInAs(bystander.username, bystander.password);
		if (!phone.ok || !laptop.ok || !other.ok) return expect.fail('sign-in failed');

		await resetPassword(t.db, admin, { userId: target.id, password: 'kata-sandi-baru-1' });

		expect(await signInAs(target.username, target.password)).toStrictEqual({
			ok: false,
			reason: 'invalid'
		});
		expect((await signInAs(target.username, 'kata-sandi-baru-1')).ok).toBe(true);
		for (const old of [phone, laptop]) {
			expect((await validateSessionToken(t.db, sessions, old.token)).session).toBeNull();
		}
		expect((await validateSessionToken(t.db, sessions, other.token)).user?.id).toBe(bystander.id);
	});

	it('refuses a password reset by a non-admin, of an unknown account, or with a bad password', async () => {
		const target = await createUserRow(t.db);
		const session = await signInAs(target.username, target.password);
		if (!session.ok) return expect.fail('sign-in failed');
		for (const who of [staff, facilitator, null]) {
			expect(
				await codeOf(resetPassword(t.db, who, { userId: target.id, password: 'dibobol-sekali' }))
			).toBe('forbidden');
		}
		expect(
			await codeOf(
				resetPassword(t.db, admin, { userId: randomUUID(), password: 'kata-sandi-baru' })
			)
		).toBe('not_found');
		expect(
			await codeOf(
				resetPassword(t.db, admin, { userId: 'not-a-uuid', password: 'kata-sandi-baru' })
			)
		).toBe('invalid');
		expect(
			await codeOf(resetPassword(t.db, admin, { userId: target.id, password: 'pendek' }))
		).toBe('invalid');
		// nothing changed: the old password works and the session is still there
		expect((await signInAs(target.username, target.password)).ok).toBe(true);
		expect((await validateSessionToken(t.db, sessions, session.token)).user?.id).toBe(target.id);
	});
});
