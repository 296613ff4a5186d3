/**
 * The staff plan workspace through its page loads and form actions on a real database: a plan,
 * the decision inbox, an item made from two merged decisions (pre-filled with their summed
 * costs), a funding split that does not add up, refusals for facilitators (403) and for another
 * kelurahan (404), an edit on a stale version, progress, carry-over and cancelling. The actions
 * read the process runtime; here it is only the test database.
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	planItem,
	planItemDecision,
	planItemFunding,
	planProgress,
	programPlan
} from '../../../src/lib/server/db/schema/index.ts';
import * as listPage from '../../../src/routes/staff/plans/+page.server.ts';
import * as planPage from '../../../src/routes/staff/plans/[planId=id]/+page.server.ts';
import * as newItemPage from '../../../src/routes/staff/plans/[planId=id]/items/new/+page.server.ts';
import * as itemPage from '../../../src/routes/staff/plans/items/[itemId=id]/+page.server.ts';
import { seedDecisions, staffActor } from '../../support/plans.ts';
import {
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

const RUNTIME = Symbol.for('rembuk.runtime');
type Holder = Record<symbol, unknown>;

type Fields = Record<string, string | string[]>;
function formOf(fields: Fields): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields))
		for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
	return data;
}

type User = {
	id: string;
	username: string;
	displayName: string;
	role: 'admin' | 'staff' | 'facilitator';
	kelurahanId: string | null;
};

/** What a failed action returns (SvelteKit's ActionFailure), read loosely. */
type Failure = {
	status: number;
	data: {
		form?: string;
		message?: string;
		errors?: Record<string, string>;
		values?: Record<string, string>;
		conflict?: {
			version: number;
			current: Record<string, string>;
			opened: Record<string, string> | null;
		} | null;
	};
};

type Actions = Record<string, (event: unknown) => Promise<unknown>>;

/** A valid item form for the two drainage usulan (60 + 40 juta, dana kelurahan). */
const drainageItem: Fields = {
	activity: 'Perbaikan dan normalisasi saluran RT 02–03',
	strategyArea: 'infrastruktur',
	location: 'Jl. Melati',
	rt: '',
	rw: '5',
	output: 'Saluran 350 m',
	volume: '350',
	unit: 'meter',
	indicatorName: 'Rumah bebas genangan',
	indicatorUnit: 'rumah',
	indicatorBaseline: '0',
	indicatorTarget: '120',
	budget: '100 juta',
	'funding.dana_kelurahan': '80.000.000',
	'funding.swadaya': '20 juta',
	responsibleKind: 'kelurahan',
	responsibleName: 'Seksi Pembangunan',
	'partners.0.kind': 'kelompok_warga',
	'partners.0.name': 'Kelompok Kerja RW 05',
	'partners.1.kind': 'kelurahan',
	'partners.1.name': '',
	startDate: '2027-03-01',
	endDate: '2027-06-30'
};

describe.each(drivers)('staff plan pages on %s', (driver) => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	let decisionIds: string[] = [];
	let staff: User;
	let facilitator: User;
	let stranger: User;
	let before: unknown;
	let planId = '';
	let mergedItemId = '';

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		({ decisionIds } = await seedDecisions(db.db, server, fx));
		const s = await staffActor(db.db);
		staff = { ...s, username: 'staf', displayName: 'Staf', role: 'staff' };
		facilitator = {
			id: fx.actor.id,
			username: 'fasilitator',
			displayName: 'Fasilitator',
			role: 'facilitator',
			kelurahanId: fx.actor.kelurahanId
		};
		// Staff of another kelurahan: same role, other place.
		stranger = { ...staff, kelurahanId: fx.otherKelurahanId };
		before = (globalThis as Holder)[RUNTIME];
		(globalThis as Holder)[RUNTIME] = Promise.resolve({ database: db });
	});
	afterAll(async () => {
		(globalThis as Holder)[RUNTIME] = before;
		await server?.close();
		await db?.cleanup();
	});

	/** Calls a page's form action as SvelteKit would. */
	async function act(
		page: { actions: unknown },
		name: string,
		opts: { user: User; params?: Record<string, string>; fields: Fields; url?: string }
	): Promise<unknown> {
		const url = new URL(opts.url ?? 'http://localhost/staff/plans');
		const request = new Request(`${url}?/${name}`, { method: 'POST', body: formOf(opts.fields) });
		const event = { request, url, locals: { user: opts.user }, params: opts.params ?? {} };
		return (page.actions as Actions)[name](event);
	}

	/** Runs an action that should redirect; returns where to. */
	async function redirected(promise: Promise<unknown>): Promise<URL> {
		try {
			const r = await promise;
			throw new Error(`no redirect: ${JSON.stringify(r)}`);
		} catch (e) {
			if (!isRedirect(e)) throw e;
			expect(e.status).toBe(303);
			return new URL(e.location, 'http://localhost');
		}
	}

	async function load<T>(
		page: { load: unknown },
		opts: { user: User; params?: Record<string, string>; url?: string }
	): Promise<T> {
		const event = {
			locals: { user: opts.user },
			params: opts.params ?? {},
			url: new URL(opts.url ?? 'http://localhost/staff/plans')
		};
		return (await (page.load as (e: unknown) => Promise<unknown>)(event)) as T;
	}

	async function status404(promise: Promise<unknown>) {
		try {
			await promise;
			throw new Error('no error');
		} catch (e) {
			if (!isHttpError(e)) throw e;
			return e.status;
		}
	}

	const itemsOfPlan = (id: string) => db.db.select().from(planItem).where(eq(planItem.planId, id));
	const itemRow = async (id: string) =>
		(await db.db.select().from(planItem).where(eq(planItem.id, id)))[0];

	type ListData = {
		canEdit: boolean;
		plans: { id: string; title: string; items: number; budget: number; carriedOver: number }[];
		inbox: {
			meeting: { id: string };
			entries: {
				id: string;
				usulan: { title: string; rank: number } | null;
				standing: { place: number | null; value: number; unit: string } | null;
				carriedOver: { planTitle: string; reason: string | null } | null;
			}[];
		}[];
	};
	const inboxIds = (data: ListData) => data.inbox.flatMap((g) => g.entries.map((e) => e.id));

	it('creates a plan, refusing a title the kelurahan already uses', async () => {
		const to = await redirected(
			act(listPage, 'create', {
				user: staff,
				fields: { title: 'RKP Kelurahan 2027', year: '2027', note: 'Pagu Rp 150 juta' }
			})
		);
		planId = to.pathname.split('/').at(-1)!;
		expect(to.pathname).toBe(`/staff/plans/${planId}`);
		const [row] = await db.db.select().from(programPlan).where(eq(programPlan.id, planId));
		expect(row).toMatchObject({ title: 'RKP Kelurahan 2027', year: 2027, status: 'draft' });

		const twice = (await act(listPage, 'create', {
			user: staff,
			fields: { title: 'RKP Kelurahan 2027', year: '2027', note: '' }
		})) as Failure;
		expect(twice.status).toBe(400);
		expect(Object.keys(twice.data.errors ?? {})).toEqual(['title']);
		expect(twice.data.values).toEqual({ title: 'RKP Kelurahan 2027', year: '2027', note: '' });

		const badYear = (await act(listPage, 'create', {
			user: staff,
			fields: { title: 'RKP lama', year: '1999', note: '' }
		})) as Failure;
		expect(badYear.status).toBe(400);
		expect(badYear.data.errors?.year).toMatch(/2000/);
		expect(await db.db.select().from(programPlan)).toHaveLength(1);
	});

	it('lists the plan and the agreed decisions in the inbox, with how each stood', async () => {
		const data = await load<ListData>(listPage, { user: staff });
		expect(data.canEdit).toBe(true);
		expect(data.plans.map((p) => [p.title, p.items])).toEqual([['RKP Kelurahan 2027', 0]]);
		// Four agreed, one rejected: only the agreed ones wait for a plan, in rank order.
		expect(data.inbox).toHaveLength(1);
		expect(data.inbox[0].meeting.id).toBe(fx.meeting.id);
		expect(inboxIds(data)).toEqual(decisionIds.slice(0, 4));
		const first = data.inbox[0].entries[0];
		expect(first.usulan?.title).toBe('Perbaikan saluran drainase RT 02');
		// Three phones: the drainage usulan was picked on all three ballots.
		expect(first.standing).toMatchObject({ place: 1, value: 3, unit: 'votes' });
	});

	it('sends the ticked decisions to the item form of the chosen plan', async () => {
		const to = await redirected(
			act(listPage, 'pick', {
				user: staff,
				fields: { decisionId: decisionIds.slice(0, 2), planId }
			})
		);
		expect(to.pathname).toBe(`/staff/plans/${planId}/items/new`);
		expect(to.searchParams.get('decisions')).toBe(decisionIds.slice(0, 2).join(','));

		const none = (await act(listPage, 'pick', {
			user: staff,
			fields: { planId }
		})) as Failure;
		expect(none.status).toBe(400);
		expect(Object.keys(none.data.errors ?? {})).toEqual(['decisionId']);
	});

	it('pre-fills one item from two decisions, adding up their costs', async () => {
		const data = await load<{
			decisions: { id: string; available: boolean }[];
			values: Record<string, string>;
			canEdit: boolean;
		}>(newItemPage, {
			user: staff,
			params: { planId },
			url: `http://localhost/staff/plans/${planId}/items/new?decisions=${decisionIds.slice(0, 2).join(',')}`
		});
		expect(data.canEdit).toBe(true);
		expect(data.decisions.map((d) => [d.id, d.available])).toEqual([
			[decisionIds[0], true],
			[decisionIds[1], true]
		]);
		expect(data.values).toMatchObject({
			activity: 'Perbaikan saluran drainase RT 02',
			strategyArea: 'infrastruktur',
			rw: '5',
			// RT 02 and RT 03: no single RT.
			rt: '',
			budget: '100.000.000',
			'funding.dana_kelurahan': '100.000.000',
			'funding.swadaya': ''
		});
	});

	it('refuses a funding split that does not add up, naming both amounts and storing nothing', async () => {
		const r = (await act(newItemPage, 'default', {
			user: staff,
			params: { planId },
			fields: {
				...drainageItem,
				decisionId: decisionIds.slice(0, 2),
				budget: '150 juta',
				'funding.dana_kelurahan': '140.000.000',
				'funding.swadaya': ''
			}
		})) as Failure;
		expect(r.status).toBe(400);
		expect(r.data.errors).toEqual({
			funding: 'Jumlah sumber dana (Rp 140.000.000) belum sama dengan anggaran (Rp 150.000.000).'
		});
		// What was typed comes back as it was typed.
		expect(r.data.values).toMatchObject({ budget: '150 juta', activity: drainageItem.activity });
		expect(await itemsOfPlan(planId)).toEqual([]);
	});

	it('refuses unreadable numbers and an end before the start, each next to its input', async () => {
		const r = (await act(newItemPage, 'default', {
			user: staff,
			params: { planId },
			fields: {
				...drainageItem,
				decisionId: decisionIds.slice(0, 2),
				rw: 'lima',
				volume: '3,5,0',
				startDate: '2027-06-30',
				endDate: '2027-03-01',
				strategyArea: 'antariksa'
			}
		})) as Failure;
		expect(r.status).toBe(400);
		expect(Object.keys(r.data.errors ?? {}).sort()).toEqual(
			['endDate', 'rw', 'strategyArea', 'volume'].sort()
		);
		expect(await itemsOfPlan(planId)).toEqual([]);
	});

	it('creates the merged item: budget split, partners and both decisions linked', async () => {
		const to = await redirected(
			act(newItemPage, 'default', {
				user: staff,
				params: { planId },
				fields: { ...drainageItem, decisionId: decisionIds.slice(0, 2) }
			})
		);
		mergedItemId = to.pathname.split('/').at(-1)!;
		expect(to.pathname).toBe(`/staff/plans/items/${mergedItemId}`);
		const item = await itemRow(mergedItemId);
		expect(item).toMatchObject({
			activity: drainageItem.activity,
			budget: 100_000_000,
			rt: null,
			rw: 5,
			volume: 350,
			indicatorTarget: 120,
			partners: [{ kind: 'kelompok_warga', name: 'Kelompok Kerja RW 05' }],
			startDate: '2027-03-01',
			endDate: '2027-06-30',
			status: 'planned',
			carriedOverAt: null
		});
		const funding = await db.db
			.select({ source: planItemFunding.source, amount: planItemFunding.amount })
			.from(planItemFunding)
			.where(eq(planItemFunding.planItemId, mergedItemId));
		expect(funding.sort((a, b) => a.source.localeCompare(b.source))).toEqual([
			{ source: 'dana_kelurahan', amount: 80_000_000 },
			{ source: 'swadaya', amount: 20_000_000 }
		]);
		const links = await db.db
			.select({ d: planItemDecision.decisionId })
			.from(planItemDecision)
			.where(eq(planItemDecision.planItemId, mergedItemId));
		expect(links.map((l) => l.d).sort()).toEqual(decisionIds.slice(0, 2).sort());

		const list = await load<ListData>(listPage, { user: staff });
		expect(inboxIds(list)).toEqual(decisionIds.slice(2, 4));
		expect(list.plans[0]).toMatchObject({ items: 1, budget: 100_000_000 });

		// The same decisions cannot go into a second item.
		const again = (await act(newItemPage, 'default', {
			user: staff,
			params: { planId },
			fields: { ...drainageItem, decisionId: [decisionIds[0]] }
		})) as Failure;
		expect(again.status).toBe(409);
		expect(await itemsOfPlan(planId)).toHaveLength(1);
	});

	it('shows the item with its trail: meeting, vote standing and proposers’ RT/RW, no names', async () => {
		const data = await load<{
			canEdit: boolean;
			values: Record<string, string>;
			decisions: {
				meeting: { id: string };
				vote: { method: string };
				standing: { place: number | null; turnout: number } | null;
				usulan: { rank: number; version: number; proposerAreas: unknown[] } | null;
			}[];
		}>(itemPage, { user: staff, params: { itemId: mergedItemId } });
		expect(data.canEdit).toBe(true);
		expect(data.values).toMatchObject({ budget: '100.000.000', 'funding.swadaya': '20.000.000' });
		expect(data.decisions.map((d) => [d.usulan?.rank, d.standing?.place])).toEqual([
			[1, 1],
			[2, 2]
		]);
		expect(data.decisions[0]).toMatchObject({
			meeting: { id: fx.meeting.id },
			vote: { method: 'approval' },
			standing: { turnout: 3 },
			usulan: { version: 1, proposerAreas: [{ rt: 2, rw: 5 }] }
		});
		expect(JSON.stringify(data)).not.toContain('Pengusul Uji');
		expect(JSON.stringify(data)).not.toContain('Pemilih Satu');
	});

	it('lets a facilitator look but refuses their writes with 403, storing nothing', async () => {
		const list = await load<ListData>(listPage, { user: facilitator });
		expect(list.canEdit).toBe(false);
		const item = await load<{ canEdit: boolean }>(itemPage, {
			user: facilitator,
			params: { itemId: mergedItemId }
		});
		expect(item.canEdit).toBe(false);

		const create = (await act(listPage, 'create', {
			user: facilitator,
			fields: { title: 'RKP fasilitator', year: '2027', note: '' }
		})) as Failure;
		expect(create.status).toBe(403);
		const made = (await act(newItemPage, 'default', {
			user: facilitator,
			params: { planId },
			fields: { ...drainageItem, decisionId: [decisionIds[2]] }
		})) as Failure;
		expect(made.status).toBe(403);
		const version = (await itemRow(mergedItemId)).version;
		const edit = (await act(itemPage, 'update', {
			user: facilitator,
			params: { itemId: mergedItemId },
			fields: { ...drainageItem, version: String(version), activity: 'Diubah fasilitator' }
		})) as Failure;
		expect(edit.status).toBe(403);
		const status = (await act(planPage, 'status', {
			user: facilitator,
			params: { planId },
			fields: { to: 'approved', confirm: 'yes' }
		})) as Failure;
		expect(status.status).toBe(403);

		expect(await db.db.select().from(programPlan)).toHaveLength(1);
		expect(await itemsOfPlan(planId)).toHaveLength(1);
		expect((await itemRow(mergedItemId)).activity).toBe(drainageItem.activity);
		const [plan] = await db.db.select().from(programPlan).where(eq(programPlan.id, planId));
		expect(plan.status).toBe('draft');
	});

	it('answers 404 to another kelurahan, for pages and for writes', async () => {
		expect(await status404(load(planPage, { user: stranger, params: { planId } }))).toBe(404);
		expect(
			await status404(load(itemPage, { user: stranger, params: { itemId: mergedItemId } }))
		).toBe(404);
		expect(
			await status404(
				load(newItemPage, {
					user: stranger,
					params: { planId },
					url: `http://localhost/staff/plans/${planId}/items/new?decisions=${decisionIds[2]}`
				})
			)
		).toBe(404);
		// Their own list shows none of ours.
		const list = await load<ListData>(listPage, { user: stranger });
		expect(list.plans).toEqual([]);
		expect(list.inbox).toEqual([]);

		const version = (await itemRow(mergedItemId)).version;
		const edit = (await act(itemPage, 'update', {
			user: stranger,
			params: { itemId: mergedItemId },
			fields: { ...drainageItem, version: String(version), activity: 'Diubah orang lain' }
		})) as Failure;
		expect(edit.status).toBe(404);
		const progress = (await act(itemPage, 'progress', {
			user: stranger,
			params: { itemId: mergedItemId },
			fields: { reportedOn: '2027-04-01', percent: '10' }
		})) as Failure;
		expect(progress.status).toBe(404);
		expect((await itemRow(mergedItemId)).activity).toBe(drainageItem.activity);
	});

	it('refuses an edit made on a stale version, keeping what was typed over what is stored now', async () => {
		// Two people open the edit form at the same time.
		const page = await load<{ values: Record<string, string>; item: { version: number } }>(
			itemPage,
			{ user: staff, params: { itemId: mergedItemId } }
		);
		const opened = page.item.version;
		const form = (changes: Fields): Fields => ({
			...page.values,
			...changes,
			version: String(opened),
			opened: JSON.stringify(page.values)
		});
		const first = await act(itemPage, 'update', {
			user: staff,
			params: { itemId: mergedItemId },
			fields: form({ responsibleName: 'Kasi Pembangunan' })
		});
		expect(first).toMatchObject({ form: 'update' });
		expect((await itemRow(mergedItemId)).version).toBe(opened + 1);

		const stale = (await act(itemPage, 'update', {
			user: staff,
			params: { itemId: mergedItemId },
			fields: form({ output: 'Saluran 400 m' })
		})) as Failure;
		expect(stale.status).toBe(409);
		expect(stale.data.conflict?.version).toBe(opened + 1);
		expect(stale.data.conflict?.current).toMatchObject({
			responsibleName: 'Kasi Pembangunan',
			output: 'Saluran 350 m'
		});
		// The form comes back with this person's edit and the other person's, nothing lost.
		expect(stale.data.values).toMatchObject({
			output: 'Saluran 400 m',
			responsibleName: 'Kasi Pembangunan'
		});
		expect(stale.data.values).not.toHaveProperty('opened');
		const row = await itemRow(mergedItemId);
		expect(row).toMatchObject({ output: 'Saluran 350 m', responsibleName: 'Kasi Pembangunan' });
		expect(row.version).toBe(opened + 1);

		// Saving what came back, on the version it came back with, keeps both edits.
		const again = await act(itemPage, 'update', {
			user: staff,
			params: { itemId: mergedItemId },
			fields: {
				...stale.data.values,
				version: String(stale.data.conflict!.version),
				opened: JSON.stringify(stale.data.conflict!.current)
			}
		});
		expect(again).toMatchObject({ form: 'update' });
		expect(await itemRow(mergedItemId)).toMatchObject({
			output: 'Saluran 400 m',
			responsibleName: 'Kasi Pembangunan',
			version: opened + 2
		});
	});

	it('records progress once the plan is approved (approving is confirmed first)', async () => {
		const early = (await act(itemPage, 'progress', {
			user: staff,
			params: { itemId: mergedItemId },
			fields: { reportedOn: '2027-04-01', percent: '10' }
		})) as Failure;
		expect(early.status).toBe(409);

		const unconfirmed = (await act(planPage, 'status', {
			user: staff,
			params: { planId },
			fields: { to: 'approved' }
		})) as Failure;
		expect(unconfirmed.status).toBe(400);
		expect(
			await act(planPage, 'status', {
				user: staff,
				params: { planId },
				fields: { to: 'approved', confirm: 'yes' }
			})
		).toMatchObject({ form: 'status' });

		const bad = (await act(itemPage, 'progress', {
			user: staff,
			params: { itemId: mergedItemId },
			fields: { reportedOn: '2027-02-30', percent: '150', realisedBudget: '20 juta' }
		})) as Failure;
		expect(bad.status).toBe(400);
		expect(Object.keys(bad.data.errors ?? {}).sort()).toEqual(['percent', 'reportedOn']);
		expect(bad.data.values).toMatchObject({ percent: '150', realisedBudget: '20 juta' });

		expect(
			await act(itemPage, 'progress', {
				user: staff,
				params: { itemId: mergedItemId },
				fields: {
					reportedOn: '2027-04-15',
					percent: '40',
					realisedBudget: '35 juta',
					indicatorValue: '48',
					note: 'Galian selesai'
				}
			})
		).toMatchObject({ form: 'progress' });
		const reports = await db.db
			.select()
			.from(planProgress)
			.where(eq(planProgress.planItemId, mergedItemId));
		expect(
			reports.map((r) => [r.reportedOn, r.percent, r.realisedBudget, r.indicatorValue])
		).toEqual([['2027-04-15', 40, 35_000_000, 48]]);
		// The first report above 0 % starts the item.
		expect((await itemRow(mergedItemId)).status).toBe('in_progress');
		const page = await load<{ progress: { percent: number }[]; takesProgress: boolean }>(itemPage, {
			user: staff,
			params: { itemId: mergedItemId }
		});
		expect(page.takesProgress).toBe(true);
		expect(page.progress.map((p) => p.percent)).toEqual([40]);
	});

	it('carries an unfunded usulan over with a reason; its decision returns to the inbox', async () => {
		const noReason = (await act(newItemPage, 'default', {
			user: staff,
			params: { planId },
			fields: {
				...drainageItem,
				activity: 'Pelatihan menjahit ibu-ibu PKK',
				strategyArea: 'ekonomi',
				budget: '25 juta',
				'funding.dana_kelurahan': '25 juta',
				'funding.swadaya': '',
				decisionId: [decisionIds[2]],
				carryOver: 'on',
				carryOverReason: ''
			}
		})) as Failure;
		expect(noReason.status).toBe(400);
		expect(Object.keys(noReason.data.errors ?? {})).toEqual(['carryOverReason']);

		const to = await redirected(
			act(newItemPage, 'default', {
				user: staff,
				params: { planId },
				fields: {
					...drainageItem,
					activity: 'Pelatihan menjahit ibu-ibu PKK',
					strategyArea: 'ekonomi',
					budget: '25 juta',
					'funding.dana_kelurahan': '25 juta',
					'funding.swadaya': '',
					decisionId: [decisionIds[2]],
					carryOver: 'on',
					carryOverReason: 'Pagu 2027 tidak cukup'
				}
			})
		);
		const carriedId = to.pathname.split('/').at(-1)!;
		const row = await itemRow(carriedId);
		expect(row.carryOverReason).toBe('Pagu 2027 tidak cukup');
		expect(row.carriedOverAt).not.toBeNull();

		const list = await load<ListData>(listPage, { user: staff });
		const back = list.inbox.flatMap((g) => g.entries).find((e) => e.id === decisionIds[2]);
		expect(back?.carriedOver).toEqual(
			expect.objectContaining({ planTitle: 'RKP Kelurahan 2027', reason: 'Pagu 2027 tidak cukup' })
		);
		// Carried-over items are not funded by the plan.
		expect(list.plans[0]).toMatchObject({ items: 2, budget: 100_000_000, carriedOver: 1 });

		// An existing item is carried over from its page, also only with a reason.
		const blank = (await act(itemPage, 'carry', {
			user: staff,
			params: { itemId: mergedItemId },
			fields: { reason: '  ' }
		})) as Failure;
		expect(blank.status).toBe(400);
		expect(Object.keys(blank.data.errors ?? {})).toEqual(['reason']);
		expect((await itemRow(mergedItemId)).carriedOverAt).toBeNull();
	});

	it('cancels an item only with a reason', async () => {
		const to = await redirected(
			act(newItemPage, 'default', {
				user: staff,
				params: { planId },
				fields: {
					...drainageItem,
					activity: 'Posyandu lansia',
					strategyArea: 'pendidikan',
					budget: '6,5 juta',
					'funding.dana_kelurahan': '6.500.000',
					'funding.swadaya': '',
					decisionId: [decisionIds[3]]
				}
			})
		);
		const itemId = to.pathname.split('/').at(-1)!;
		const noReason = (await act(itemPage, 'status', {
			user: staff,
			params: { itemId },
			fields: { to: 'cancelled', reason: '' }
		})) as Failure;
		expect(noReason.status).toBe(400);
		expect(Object.keys(noReason.data.errors ?? {})).toEqual(['reason']);
		expect((await itemRow(itemId)).status).toBe('planned');

		expect(
			await act(itemPage, 'status', {
				user: staff,
				params: { itemId },
				fields: { to: 'cancelled', reason: 'Sudah didanai Puskesmas' }
			})
		).toMatchObject({ form: 'status' });
		expect(await itemRow(itemId)).toMatchObject({
			status: 'cancelled',
			cancelReason: 'Sudah didanai Puskesmas'
		});

		const plan = await load<{
			items: { item: { id: string }; funded: boolean }[];
			totals: { budget: number; bySource: Record<string, number> };
		}>(planPage, { user: staff, params: { planId } });
		expect(plan.items.map((i) => [i.item.id, i.funded])).toContainEqual([itemId, false]);
		expect(plan.totals.budget).toBe(100_000_000);
		expect(plan.totals.bySource).toMatchObject({ dana_kelurahan: 80_000_000, swadaya: 20_000_000 });
	});
});
