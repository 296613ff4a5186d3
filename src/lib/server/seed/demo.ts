import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { kelurahan, rt, rw, sector, user } from '../db/schema/index.ts';
import { insertUser } from '../users/service.ts';
import { seedDemoFinishedMeeting } from './demo-finished-meeting.ts';
import { seedDemoMeeting } from './demo-meeting.ts';

/** The default sectors, from the Rejosari empowerment study the product grew from. */
export const defaultSectors = [
	{ code: 'pendidikan', nameId: 'Pendidikan & pelatihan', nameEn: 'Education & training' },
	{ code: 'ekonomi', nameId: 'Ekonomi lokal & UMKM', nameEn: 'Local economy & small business' },
	{
		code: 'partisipasi',
		nameId: 'Partisipasi & kelembagaan',
		nameEn: 'Participation & community institutions'
	},
	{
		code: 'infrastruktur',
		nameId: 'Infrastruktur & lingkungan',
		nameEn: 'Infrastructure & environment'
	},
	{ code: 'kesehatan', nameId: 'Kesehatan & sosial', nameEn: 'Health & social welfare' },
	{ code: 'budaya', nameId: 'Seni & budaya', nameEn: 'Arts & culture' }
] as const;

/** Demo accounts; printed at first start. Change or remove them before real use. */
export const demoAccounts = [
	{ username: 'admin', password: 'rembuk-admin', role: 'admin', displayName: 'Admin Kelurahan' },
	{
		username: 'fasilitator',
		password: 'rembuk-fasilitator',
		role: 'facilitator',
		displayName: 'Sri Wahyuni (Fasilitator)'
	},
	{ username: 'staf', password: 'rembuk-staf', role: 'staff', displayName: 'Budi Santoso (Staf)' }
] as const;

/** RT count per RW in the demo kelurahan (RW 1 has 6 RT, …). */
const rtPerRw = [6, 8, 7, 9, 5, 6, 8, 7];

export type SeedResult = { seeded: boolean; accounts: typeof demoAccounts | [] };

/** True when the database has no admin yet: the first run. */
export async function needsFirstRunSeed(db: Database) {
	const admins = await db.select({ id: user.id }).from(user).where(eq(user.role, 'admin')).limit(1);
	return admins.length === 0;
}

/**
 * Seeds the demo kelurahan Rejosari with its sectors, RW/RT and three accounts, in one
 * transaction. Does nothing when an admin exists, so it is safe to run on every start.
 */
export async function seedDemoData(db: Database): Promise<SeedResult> {
	return db.transaction(async (tx) => {
		const admins = await tx
			.select({ id: user.id })
			.from(user)
			.where(eq(user.role, 'admin'))
			.limit(1);
		if (admins.length > 0) return { seeded: false, accounts: [] };
		const [k] = await tx
			.insert(kelurahan)
			.values({ name: 'Rejosari', kecamatan: 'Semarang Timur', city: 'Kota Semarang' })
			.returning();
		await tx
			.insert(sector)
			.values(defaultSectors.map((s, i) => ({ ...s, kelurahanId: k.id, sortOrder: i + 1 })));
		const rws = await tx
			.insert(rw)
			.values(rtPerRw.map((_, i) => ({ kelurahanId: k.id, number: i + 1 })))
			.returning();
		await tx
			.insert(rt)
			.values(
				rws.flatMap((r) =>
					Array.from({ length: rtPerRw[r.number - 1] }, (_, j) => ({ rwId: r.id, number: j + 1 }))
				)
			);
		for (const a of demoAccounts) {
			await insertUser(tx, { ...a, kelurahanId: k.id });
		}
		return { seeded: true, accounts: demoAccounts };
	});
}

/**
 * The demo meetings, right after `seedDemoData` (`npm run db:seed`; a first start of the server
 * writes the finished one after it listens, see runtime.ts): the 2027 Musrenbang collecting
 * usulan, and the finished 2026 one whose decisions wait to be planned.
 */
export async function seedDemoMeetings(db: Database) {
	const current = await seedDemoMeeting(db);
	const { meeting: finished } = await seedDemoFinishedMeeting(db);
	return { current, finished };
}
