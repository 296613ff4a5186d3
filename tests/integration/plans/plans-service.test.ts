import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/lib/server/audit/log.ts';
import type { StaffActor } from '../../../src/lib/server/auth/policy.ts';
import { auditLog, planItemFunding } from '../../../src/lib/server/db/schema/index.ts';
import { usulanFates } from '../../../src/lib/server/plans/fates.ts';
import {
	decisionInbox,
	itemDraftFromDecisions,
	listPlans,
	planItemDetail
} from '../../../src/lib/server/plans/queries.ts';
import {
	addProgress,
	carryOverPlanItem,
	createPlan,
	createPlanItem,
	PlanServiceError,
	setPlanItemStatus,
	setPlanStatus,
	updatePlanItem
} from '../../../src/lib/server/plans/service.ts';
import { recordDecisions } from '../../../src/lib/server/votes/record.ts';
import { VoteServiceError } from '../../../src/lib/server/votes/service.ts';
import { planUsulan, seedDecisions, staffActor } from '../../support/plans.ts';
import {
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		if (e instanceof PlanServiceError) return { code: e.code, ...e.details };
		throw e;
	}
	throw new Error('expected a refusal');
}

const item = (over: Record<string, unknown> = {}) => ({
	activity: 'Perbaikan drainase RW 05',
	strategyArea: 'infrastruktur',
	budget: 100_000_000,
	funding: { dana_kelurahan: 80_000_000, swadaya: 20_000_000 },
	startDate: '2027-03-01',
	endDate: '2027-08-31',
	...over
});

describe.each(drivers)('plan service on %s', (driver) => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	let staff: StaffActor;
	let decisionIds: string[];
	let voteId: string;

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		staff = await staffActor(db.db);
		({ decisionIds, voteId } = await seedDecisions(db.db, server, fx));
	});
	afterAll(async () => {
		await server?.close();
		await db?.cleanup();
	});

	it('lists agreed decisions in the inbox, ranked, with how each stood', async () => {
		const inbox = await decisionInbox(db.db, staff.kelurahanId!);
		expect(inbox.map((d) => d.usulan?.title)).toEqual(planUsulan.slice(0, 4).map((u) => u.title));
		expect(inbox[0]).toMatchObject({
			outcome: 'agreed',
			rank: 1,
			standing: { place: 1, value: 3, unit: 'votes', turnout: 3 },
			usulan: { rank: 1, estimatedCost: 60_000_000, proposerAreas: [{ rt: 2, rw: 5 }] },
			carriedOver: null
		});
		// Another kelurahan sees none of them.
		expect(await decisionInbox(db.db, fx.otherKelurahanId)).toEqual([]);
	});

	it('refuses plans to facilitators and to staff of another kelurahan', async () => {
		expect(
			await refusal(createPlan(db.db, fx.actor, { title: 'RKP X', year: 2027 }))
		).toMatchObject({
			code: 'forbidden'
		});
		const plan = await createPlan(db.db, staff, { title: 'RKP Kelurahan 2027', year: 2027 });
		const outsider: StaffActor = { ...staff, id: staff.id, kelurahanId: fx.otherKelurahanId };
		expect(await refusal(setPlanStatus(db.db, outsider, plan.id, 'approved'))).toMatchObject({
			code: 'not_found'
		});
		expect(
			await refusal(
				createPlanItem(db.db, fx.actor, plan.id, { decisionIds: [decisionIds[0]], item: item() })
			)
		).toMatchObject({ code: 'forbidden' });
		expect(
			await refusal(createPlan(db.db, staff, { title: 'RKP Kelurahan 2027', year: 2027 }))
		).toMatchObject({
			code: 'duplicate_title'
		});
		expect(await refusal(createPlan(db.db, staff, { title: '', year: 1999 }))).toMatchObject({
			code: 'invalid',
			fields: expect.arrayContaining([
				{ field: 'title', code: 'too_short' },
				{ field: 'year', code: 'too_small' }
			])
		});
	});

	it('turns two decisions into one item, pre-filled, and refuses splits that do not add up', async () => {
		const plan = await createPlan(db.db, staff, { title: 'RKP uji item', year: 2027 });
		const { draft, decisions } = await itemDraftFromDecisions(
			db.db,
			staff.kelurahanId!,
			decisionIds.slice(0, 2)
		);
		expect(decisions).toHaveLength(2);
		expect(draft).toMatchObject({
			activity: planUsulan[0].title,
			strategyArea: 'infrastruktur',
			rw: 5,
			rt: null,
			budget: 100_000_000,
			funding: { dana_kelurahan: 100_000_000 }
		});
		const before = await db.db.select().from(auditLog);
		const bad = await refusal(
			createPlanItem(db.db, staff, plan.id, {
				decisionIds: decisionIds.slice(0, 2),
				item: item({ funding: { dana_kelurahan: 70_000_000, swadaya: 20_000_000 } })
			})
		);
		expect(bad).toMatchObject({
			code: 'invalid',
			fields: [{ field: 'funding', code: 'budget_mismatch' }]
		});
		expect(await db.db.select().from(auditLog)).toHaveLength(before.length);

		const created = await createPlanItem(db.db, staff, plan.id, {
			decisionIds: decisionIds.slice(0, 2),
			item: item()
		});
		const funding = await db.db
			.select()
			.from(planItemFunding)
			.where(eq(planItemFunding.planItemId, created.id));
		expect(Object.fromEntries(funding.map((f) => [f.source, f.amount]))).toEqual({
			dana_kelurahan: 80_000_000,
			swadaya: 20_000_000
		});
		// Planned decisions leave the inbox, and cannot be planned twice.
		const inbox = await decisionInbox(db.db, staff.kelurahanId!);
		expect(inbox.map((d) => d.id)).not.toContain(decisionIds[0]);
		expect(
			await refusal(
				createPlanItem(db.db, staff, plan.id, { decisionIds: [decisionIds[0]], item: item() })
			)
		).toMatchObject({ code: 'decision_unavailable', decisionIds: [decisionIds[0]] });
		// A rejected decision is not plannable.
		expect(
			await refusal(
				createPlanItem(db.db, staff, plan.id, { decisionIds: [decisionIds[4]], item: item() })
			)
		).toMatchObject({ code: 'decision_unavailable' });

		// The trail: both decisions, the vote, the usulan with RT/RW but no names.
		const detail = (await planItemDetail(db.db, created.id))!;
		expect(detail.decisions.map((d) => d.usulan?.title)).toEqual([
			planUsulan[0].title,
			planUsulan[1].title
		]);
		expect(detail.decisions[0].vote.id).toBe(voteId);
		expect(JSON.stringify(detail)).not.toContain('Pengusul Uji');

		// A decision that is planned cannot be recorded again.
		const again = await recordDecisions(db.db, fx.actor, {
			voteId,
			decisions: { outcomes: [{ optionId: null, outcome: 'agreed' }] }
		}).catch((e: unknown) => e);
		expect(again).toBeInstanceOf(VoteServiceError);
		expect((again as VoteServiceError).code).toBe('already_planned');
	});

	it('edits with a version check, tracks progress, cancels with a reason, carries over', async () => {
		const plan = await createPlan(db.db, staff, { title: 'RKP uji progres', year: 2027 });
		const it1 = await createPlanItem(db.db, staff, plan.id, {
			decisionIds: [decisionIds[2]],
			item: item({
				activity: 'Pelatihan menjahit',
				strategyArea: 'ekonomi',
				budget: 25_000_000,
				funding: { csr: 25_000_000 }
			})
		});
		const edited = await updatePlanItem(db.db, staff, it1.id, {
			version: it1.version,
			item: item({
				activity: 'Pelatihan menjahit 20 peserta',
				strategyArea: 'ekonomi',
				budget: 30_000_000,
				funding: { csr: 25_000_000, swadaya: 5_000_000 },
				indicatorName: 'Peserta mandiri',
				indicatorUnit: 'orang',
				indicatorBaseline: 0,
				indicatorTarget: 20
			})
		});
		expect(edited.version).toBe(it1.version + 1);
		expect(
			await refusal(updatePlanItem(db.db, staff, it1.id, { version: it1.version, item: item() }))
		).toMatchObject({
			code: 'conflict'
		});
		// A draft plan takes no progress yet.
		const progress = {
			reportedOn: '2027-04-01',
			percent: 40,
			realisedBudget: 10_000_000,
			indicatorValue: 8
		};
		expect(await refusal(addProgress(db.db, staff, it1.id, progress))).toMatchObject({
			code: 'no_progress'
		});
		await setPlanStatus(db.db, staff, plan.id, 'approved');
		expect(await refusal(setPlanStatus(db.db, staff, plan.id, 'closed'))).toMatchObject({
			code: 'bad_transition'
		});
		await addProgress(db.db, staff, it1.id, progress);
		expect(
			await refusal(addProgress(db.db, staff, it1.id, { ...progress, percent: 140 }))
		).toMatchObject({
			code: 'invalid',
			fields: [{ field: 'percent', code: 'too_big' }]
		});
		await addProgress(db.db, staff, it1.id, { ...progress, reportedOn: '2027-05-01', percent: 70 });
		const detail = (await planItemDetail(db.db, it1.id))!;
		expect(detail.item.status).toBe('in_progress');
		expect(detail.progress.map((p) => p.percent)).toEqual([70, 40]);

		expect(
			await refusal(setPlanItemStatus(db.db, staff, it1.id, { status: 'cancelled', reason: '' }))
		).toMatchObject({
			code: 'invalid'
		});

		// The last agreed usulan does not fit: carried over, it waits in the inbox for next year.
		const it2 = await createPlanItem(db.db, staff, plan.id, {
			decisionIds: [decisionIds[3]],
			item: item({
				activity: 'Posyandu lansia',
				strategyArea: 'pendidikan',
				budget: 6_500_000,
				funding: { dana_kelurahan: 6_500_000 }
			})
		});
		await carryOverPlanItem(db.db, staff, it2.id, { reason: 'Pagu 2027 sudah habis' });
		expect(await refusal(addProgress(db.db, staff, it2.id, progress))).toMatchObject({
			code: 'no_progress'
		});
		const inbox = await decisionInbox(db.db, staff.kelurahanId!);
		const waiting = inbox.find((d) => d.id === decisionIds[3]);
		expect(waiting?.carriedOver).toMatchObject({ year: 2027, reason: 'Pagu 2027 sudah habis' });

		const plans = await listPlans(db.db, staff.kelurahanId!);
		const mine = plans.find((p) => p.id === plan.id)!;
		expect(mine).toMatchObject({ items: 2, budget: 30_000_000, carriedOver: 1, progress: 70 });

		// What residents will see: the fate of each usulan.
		const fates = await usulanFates(db.db, fx.meeting.id);
		expect(fates.map((f) => [f.title, f.fate])).toEqual([
			[planUsulan[0].title, 'planned'],
			[planUsulan[1].title, 'planned'],
			[planUsulan[2].title, 'in_progress'],
			[planUsulan[3].title, 'carried_over'],
			[planUsulan[4].title, 'rejected']
		]);
		expect(fates[2].planItems[0]).toMatchObject({ percent: 70, reportedOn: '2027-05-01' });
		expect(fates[3].planItems[0]).toMatchObject({
			carriedOver: true,
			carryOverReason: 'Pagu 2027 sudah habis'
		});
		expect(fates[0].votes[0].standing).toMatchObject({ place: 1, value: 3 });

		// Every write above is in the audit chain, and the chain holds.
		const actions = (await db.db.select({ a: auditLog.action }).from(auditLog)).map((r) => r.a);
		for (const a of [
			'plan.created',
			'plan.status_changed',
			'plan_item.created',
			'plan_item.updated',
			'plan_item.progress_added',
			'plan_item.carried_over'
		])
			expect(actions).toContain(a);
		expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
	});
});
