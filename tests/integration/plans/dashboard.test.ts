import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffActor } from '../../../src/lib/server/auth/policy.ts';
import {
	meeting,
	participant,
	planItem,
	programPlan
} from '../../../src/lib/server/db/schema/index.ts';
import { createMeeting } from '../../../src/lib/server/meetings/service.ts';
import { meetingAttendance } from '../../../src/lib/server/participants/queries.ts';
import { planDashboard, type PlanDashboard } from '../../../src/lib/server/plans/dashboard.ts';
import {
	addProgress,
	createPlan,
	createPlanItem,
	setPlanItemStatus,
	setPlanStatus
} from '../../../src/lib/server/plans/service.ts';
import { load } from '../../../src/routes/staff/dashboard/+page.server.ts';
import { buildMeetingInput } from '../../factories/meetings.ts';
import { seedDecisions, staffActor } from '../../support/plans.ts';
import {
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

const RUNTIME = Symbol.for('rembuk.runtime');
type Holder = Record<symbol, unknown>;

const jt = (n: number) => n * 1_000_000;
const today = '2027-06-15';

let tokenN = 0;
type Person = Partial<typeof participant.$inferInsert>;

describe.each(drivers)('plan dashboard on %s', (driver) => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	let staff: StaffActor;
	let kelurahanId: string;
	let dash: PlanDashboard;
	const ids: Record<string, string> = {};
	let clock = Date.parse('2027-01-20T02:00:00Z');
	let before: unknown;
	/** A later time for every write, so "newest entry" is well defined. */
	const tick = () => new Date((clock += 60_000));

	async function people(meetingId: string, rows: Person[]) {
		for (const r of rows) {
			const [p] = await db.db
				.insert(participant)
				.values({
					meetingId,
					displayName: `Peserta ${tokenN}`,
					tokenHash: `dash-${driver}-${tokenN++}`,
					...r
				})
				.returning();
			if (r.displayName) ids[r.displayName] = p.id;
		}
	}

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		staff = await staffActor(db.db);
		kelurahanId = staff.kelurahanId!;
		// Eight agreed decisions: four from each of two meetings.
		const a = await seedDecisions(db.db, server, fx);
		const b = await seedDecisions(db.db, server, { ...fx, meeting: fx.other });
		const [a0, a1, a2, a3] = a.decisionIds;
		const [b0, b1, b2, b3] = b.decisionIds;

		const main = await createPlan(
			db.db,
			staff,
			{ title: 'RKP Kelurahan 2027', year: 2027 },
			tick()
		);
		const change = await createPlan(
			db.db,
			staff,
			{ title: 'RKP Perubahan 2027', year: 2027 },
			tick()
		);
		const last = await createPlan(
			db.db,
			staff,
			{ title: 'RKP Kelurahan 2026', year: 2026 },
			tick()
		);
		const item = async (
			planId: string,
			decisionIds: string[],
			fields: Record<string, unknown>,
			carryOverReason?: string
		) =>
			(
				await createPlanItem(
					db.db,
					staff,
					planId,
					{ decisionIds, item: fields, carryOverReason },
					tick()
				)
			).id;

		ids.i1 = await item(main.id, [a0], {
			activity: 'Pelatihan komputer remaja',
			strategyArea: 'pendidikan',
			budget: jt(60),
			funding: { dana_kelurahan: jt(50), swadaya: jt(10) },
			endDate: '2027-12-31',
			indicatorName: 'Remaja terlatih',
			indicatorUnit: 'orang',
			indicatorBaseline: 10,
			indicatorTarget: 30
		});
		ids.i2 = await item(main.id, [a1], {
			activity: 'Pelatihan menjahit ibu-ibu PKK',
			strategyArea: 'ekonomi',
			budget: jt(25),
			funding: { csr: jt(25) },
			endDate: '2027-04-30',
			indicatorName: 'UMKM baru',
			indicatorBaseline: 0,
			indicatorTarget: 20
		});
		ids.i3 = await item(main.id, [a2], {
			activity: 'Pasar UMKM RW 05',
			strategyArea: 'ekonomi',
			budget: jt(40),
			funding: { dana_kelurahan: jt(30), lsm: jt(10) },
			endDate: '2027-03-31',
			indicatorName: 'Pengunjung pasar',
			indicatorTarget: 100
		});
		ids.i4 = await item(main.id, [a3], {
			activity: 'Forum warga RW',
			strategyArea: 'partisipasi',
			budget: 6_500_000,
			funding: { swadaya: 6_500_000 },
			endDate: '2027-09-30'
		});
		ids.i5 = await item(main.id, [b0], {
			activity: 'Pavingisasi gang',
			strategyArea: 'infrastruktur',
			budget: jt(90),
			funding: { dana_kelurahan: jt(90) },
			endDate: '2027-02-01',
			indicatorTarget: 5
		});
		ids.i6 = await item(
			main.id,
			[b1],
			{
				activity: 'Talud sungai',
				strategyArea: 'infrastruktur',
				budget: jt(100),
				funding: { dana_kelurahan: jt(100) },
				endDate: '2027-01-31'
			},
			'Pagu tidak cukup tahun ini'
		);
		ids.i7 = await item(change.id, [b2], {
			activity: 'Beasiswa anak sekolah',
			strategyArea: 'pendidikan',
			budget: jt(10),
			funding: { apbn: jt(10) },
			endDate: '2027-05-31'
		});
		ids.i8 = await item(last.id, [b3], {
			activity: 'Bazar UMKM 2026',
			strategyArea: 'ekonomi',
			budget: jt(1),
			funding: { dana_kelurahan: jt(1) },
			endDate: '2026-06-30'
		});
		for (const plan of [main, change, last]) {
			await setPlanStatus(db.db, staff, plan.id, 'approved', tick());
		}
		await setPlanStatus(db.db, staff, main.id, 'in_implementation', tick());

		const report = (itemId: string, r: Record<string, unknown>) =>
			addProgress(db.db, staff, itemId, r, tick());
		// Entered out of order: the older report, typed in later, is not the latest.
		await report(ids.i1, {
			reportedOn: '2027-05-10',
			percent: 50,
			realisedBudget: jt(30),
			indicatorValue: 20
		});
		await report(ids.i1, {
			reportedOn: '2027-03-10',
			percent: 20,
			realisedBudget: jt(10),
			indicatorValue: 15
		});
		// The newest says nothing about money or the indicator: the last known figures stand.
		await report(ids.i1, { reportedOn: '2027-06-01', percent: 60 });
		await report(ids.i2, {
			reportedOn: '2027-04-20',
			percent: 100,
			realisedBudget: jt(24),
			indicatorValue: 25
		});
		await setPlanItemStatus(db.db, staff, ids.i2, { status: 'done' }, tick());
		// Two reports on one day: the one entered last is the latest.
		await report(ids.i3, { reportedOn: '2027-03-15', percent: 20, realisedBudget: jt(4) });
		await report(ids.i3, { reportedOn: '2027-03-15', percent: 30, realisedBudget: jt(5) });
		await report(ids.i5, {
			reportedOn: '2027-01-25',
			percent: 10,
			realisedBudget: jt(2),
			indicatorValue: 1
		});
		await setPlanItemStatus(
			db.db,
			staff,
			ids.i5,
			{ status: 'cancelled', reason: 'Jalan diperbaiki dinas kota' },
			tick()
		);

		// Another kelurahan's plan for the same year stays out.
		const [foreign] = await db.db
			.insert(programPlan)
			.values({ kelurahanId: fx.otherKelurahanId, title: 'RKP Lain 2027', year: 2027 })
			.returning();
		await db.db.insert(planItem).values({
			planId: foreign.id,
			activity: 'Kegiatan kelurahan lain',
			strategyArea: 'ekonomi',
			budget: jt(7),
			endDate: '2027-01-01'
		});

		// Attendance: the other meeting was held first.
		await db.db
			.update(meeting)
			.set({ startsAt: new Date('2026-11-10T02:00:00Z') })
			.where(eq(meeting.id, fx.other.id));
		await people(fx.meeting.id, [
			{ displayName: 'p1', gender: 'female', ageGroup: 'youth', verifiedAt: new Date() },
			{
				displayName: 'p2',
				gender: 'female',
				ageGroup: 'adult',
				disability: false,
				verifiedAt: new Date()
			},
			{ gender: 'male', ageGroup: 'elderly', disability: true },
			{ gender: 'male', ageGroup: 'adult', verifiedAt: new Date() },
			{ gender: 'female' },
			// Taken out by the facilitator, and a duplicate merged into p1: neither counts.
			{ gender: 'female', removedAt: new Date() }
		]);
		await people(fx.meeting.id, [{ gender: 'female', ageGroup: 'youth', mergedIntoId: ids.p1 }]);
		await people(fx.other.id, [
			{ gender: 'female', verifiedAt: new Date() },
			{ gender: 'male', ageGroup: 'youth' }
		]);
		// A meeting nobody attended (one person joined and was removed) is not listed.
		const empty = await createMeeting(
			db.db,
			fx.actor,
			buildMeetingInput({ title: 'Rembuk kosong', startsAt: '2026-12-01T09:00:00+07:00' })
		);
		await people(empty.id, [{ removedAt: new Date() }]);

		dash = await planDashboard(db.db, kelurahanId, { today });
		before = (globalThis as Holder)[RUNTIME];
		(globalThis as Holder)[RUNTIME] = Promise.resolve({ database: db });
	});
	afterAll(async () => {
		(globalThis as Holder)[RUNTIME] = before;
		await server?.close();
		await db?.cleanup();
	});

	it('shows the newest plan year by default and lists the years with plans', () => {
		expect(dash.years).toEqual([2027, 2026]);
		expect(dash.year).toBe(2027);
		expect(dash.yearMissing).toBe(false);
		expect(dash.plans.map((p) => [p.title, p.status, p.items])).toEqual([
			['RKP Kelurahan 2027', 'in_implementation', 6],
			['RKP Perubahan 2027', 'approved', 1]
		]);
	});

	it('adds up funded budgets, latest realisation and mean progress by strategy area', () => {
		// Cancelled (Rp 90 jt, Rp 2 jt spent) and carried-over (Rp 100 jt) items are not funded.
		expect(dash.byArea).toEqual([
			{
				code: 'pendidikan',
				nameId: 'Pendidikan & pelatihan',
				nameEn: 'Education & training',
				items: 2,
				planned: jt(70),
				realised: jt(30),
				meanProgress: 30
			},
			{
				code: 'ekonomi',
				nameId: 'Ekonomi lokal & UMKM',
				nameEn: 'Local economy & small business',
				items: 2,
				planned: jt(65),
				realised: jt(29),
				meanProgress: 65
			},
			{
				code: 'partisipasi',
				nameId: 'Partisipasi & kelembagaan',
				nameEn: 'Participation & community institutions',
				items: 1,
				planned: 6_500_000,
				realised: 0,
				meanProgress: 0
			}
		]);
		expect(dash.totals).toEqual({
			items: 7,
			funded: 5,
			planned: 141_500_000,
			realised: jt(59),
			late: 2,
			carriedOver: { items: 1, budget: jt(100) }
		});
	});

	it('splits the funded budget by funding source', () => {
		expect(dash.bySource).toEqual([
			{ source: 'dana_kelurahan', items: 2, planned: jt(80) },
			{ source: 'swadaya', items: 2, planned: 16_500_000 },
			{ source: 'csr', items: 1, planned: jt(25) },
			{ source: 'lsm', items: 1, planned: jt(10) },
			{ source: 'apbn', items: 1, planned: jt(10) }
		]);
		expect(dash.bySource.reduce((a, s) => a + s.planned, 0)).toBe(dash.totals.planned);
	});

	it('counts items by status, carried-over items apart', () => {
		expect(dash.byGroup).toEqual([
			{ group: 'planned', items: 2, budget: 16_500_000 },
			{ group: 'in_progress', items: 2, budget: jt(100) },
			{ group: 'done', items: 1, budget: jt(25) },
			{ group: 'cancelled', items: 1, budget: jt(90) },
			{ group: 'carried_over', items: 1, budget: jt(100) }
		]);
	});

	it('lists items past their end date that are not done, cancelled or carried over', () => {
		expect(dash.late).toEqual([
			{
				id: ids.i3,
				planId: expect.any(String),
				planTitle: 'RKP Kelurahan 2027',
				activity: 'Pasar UMKM RW 05',
				strategyArea: 'ekonomi',
				endDate: '2027-03-31',
				daysLate: 76,
				percent: 30,
				reportedOn: '2027-03-15'
			},
			{
				id: ids.i7,
				planId: expect.any(String),
				planTitle: 'RKP Perubahan 2027',
				activity: 'Beasiswa anak sekolah',
				strategyArea: 'pendidikan',
				endDate: '2027-05-31',
				daysLate: 15,
				percent: null,
				reportedOn: null
			}
		]);
	});

	it('an item ending today is not late yet', async () => {
		const d = await planDashboard(db.db, kelurahanId, { today: '2027-03-31' });
		expect(d.late.map((l) => l.id)).toEqual([]);
		const next = await planDashboard(db.db, kelurahanId, { today: '2027-04-01' });
		expect(next.late.map((l) => [l.id, l.daysLate])).toEqual([[ids.i3, 1]]);
	});

	it('shows outcome indicators against their targets', () => {
		expect(
			dash.indicators.map((i) => [i.id, i.baseline, i.target, i.value, i.reportedOn, i.share])
		).toEqual([
			[ids.i1, 10, 30, 20, '2027-05-10', 0.5],
			[ids.i2, 0, 20, 25, '2027-04-20', 1.25],
			[ids.i3, null, 100, null, null, null]
		]);
		expect(dash.indicators[0]).toMatchObject({ name: 'Remaja terlatih', unit: 'orang' });
	});

	it('gives attendance and inclusion shares per meeting, as the meeting page does', async () => {
		expect(dash.participation.map((p) => [p.title, p.attended, p.verified])).toEqual([
			['Rembuk RW lain', 5, 1],
			['Musrenbang uji', 8, 3]
		]);
		const [other, main] = dash.participation;
		expect(
			Object.fromEntries(Object.entries(main.inclusion).map(([g, s]) => [g, [s.count, s.answered]]))
		).toEqual({ women: [3, 5], youth: [1, 4], elderly: [1, 4], disability: [1, 2] });
		expect(main.inclusion.women.share).toBe(0.6);
		expect(other.inclusion.youth.share).toBe(1);
		expect(other.inclusion.elderly.share).toBe(0);
		expect(other.inclusion.disability.share).toBeNull();
		for (const row of dash.participation) {
			const [m] = await db.db.select().from(meeting).where(eq(meeting.id, row.id));
			const figures = await meetingAttendance(db.db, m);
			expect(row.attended).toBe(figures.total);
			expect(row.verified).toBe(figures.verified);
			expect(row.inclusion).toEqual(figures.inclusion);
			expect(row.belowThreshold).toEqual(figures.warnings.map((w) => w.group));
		}
	});

	it('shows another year when asked, and falls back to the newest for a year without plans', async () => {
		const y2026 = await planDashboard(db.db, kelurahanId, { year: 2026, today });
		expect(y2026.year).toBe(2026);
		expect(y2026.plans.map((p) => p.title)).toEqual(['RKP Kelurahan 2026']);
		expect(y2026.totals).toMatchObject({ items: 1, funded: 1, planned: jt(1), late: 1 });
		expect(y2026.byArea.map((a) => [a.code, a.planned])).toEqual([
			['pendidikan', 0],
			['ekonomi', jt(1)],
			['partisipasi', 0]
		]);
		expect(y2026.late.map((l) => l.id)).toEqual([ids.i8]);
		expect(y2026.indicators).toEqual([]);

		const missing = await planDashboard(db.db, kelurahanId, { year: 2031, today });
		expect(missing).toMatchObject({ year: 2027, yearMissing: true });
		expect(missing.totals).toEqual(dash.totals);
	});

	it("keeps each kelurahan's numbers to itself", async () => {
		const other = await planDashboard(db.db, fx.otherKelurahanId, { today });
		expect(other.years).toEqual([2027]);
		// No sectors of its own: the code stands in for the name.
		expect(other.byArea).toEqual([
			{
				code: 'ekonomi',
				nameId: 'ekonomi',
				nameEn: 'ekonomi',
				items: 1,
				planned: jt(7),
				realised: 0,
				meanProgress: 0
			}
		]);
		expect(other.participation).toEqual([]);
	});

	it('is empty, not broken, for a kelurahan without plans', async () => {
		await db.db.delete(programPlan).where(eq(programPlan.kelurahanId, fx.otherKelurahanId));
		const none = await planDashboard(db.db, fx.otherKelurahanId, { year: 2027, today });
		expect(none).toMatchObject({
			years: [],
			year: null,
			yearMissing: false,
			plans: [],
			byArea: [],
			late: []
		});
		expect(none.totals.items).toBe(0);
	});

	/** The page's load as SvelteKit calls it, signed in as `user`. */
	async function page(user: { id: string; role: string; kelurahanId: string | null }, query = '') {
		const event = {
			locals: { user: { ...user, username: 'u', displayName: 'U' } },
			url: new URL(`http://localhost/staff/dashboard${query}`)
		};
		return (await load(event as unknown as Parameters<typeof load>[0])) as {
			dashboard: PlanDashboard | null;
			today: string;
			askedYear: number | null;
			badYear: boolean;
		};
	}

	it('the page shows a facilitator of the kelurahan the same figures (read-only staff may look)', async () => {
		const data = await page(fx.actor, '?year=2026');
		expect(data.badYear).toBe(false);
		expect(data.askedYear).toBe(2026);
		expect(data.dashboard?.year).toBe(2026);
		expect(data.dashboard?.plans.map((p) => p.title)).toEqual(['RKP Kelurahan 2026']);
		expect(data.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	});

	it('the page ignores a year that is not one, and says so', async () => {
		for (const q of ['?year=abc', '?year=1999', '?year=2027.5']) {
			const data = await page(staff, q);
			expect(data.badYear).toBe(true);
			expect(data.dashboard?.year).toBe(2027);
		}
		expect((await page(staff, '?year=')).badYear).toBe(false);
	});

	it('the page has nothing to sum up for an account without a kelurahan', async () => {
		const data = await page({ id: staff.id, role: 'admin', kelurahanId: null });
		expect(data.dashboard).toBeNull();
	});
});
