/**
 * The facilitator's votes page, through its form actions and load on a real database: a vote's own
 * quorum, a delegate election on the meeting's participants, and confirming a ranked list as the
 * priority order from the stored final tally. The actions read the process runtime; here it is
 * only the test database.
 */
import { isRedirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decision, meeting, vote } from '../../../src/lib/server/db/schema/index.ts';
import { verifyParticipant } from '../../../src/lib/server/participants/service.ts';
import { addHybridCount } from '../../../src/lib/server/votes/record.ts';
import { castBallot, openVote } from '../../../src/lib/server/votes/service.ts';
import { voteActions } from '../../../src/routes/staff/meetings/[meetingId=id]/votes/actions.ts';
import { load } from '../../../src/routes/staff/meetings/[meetingId=id]/votes/+page.server.ts';
import {
	seedFinalList,
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

const RUNTIME = Symbol.for('rembuk.runtime');
type Holder = Record<symbol, unknown>;

let keyN = 0;
const key = () => `page-${Date.now()}-${keyN++}`;

type Fields = Record<string, string | string[]>;
function formOf(fields: Fields): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields))
		for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
	return data;
}

/** What a failed action returns (SvelteKit's ActionFailure), read loosely. */
type Failure = {
	status: number;
	data: {
		form: string;
		message?: string;
		errors?: Record<string, string>;
		values?: Fields;
	};
};

describe.each(drivers)('staff votes page on %s', (driver) => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	let user: {
		id: string;
		username: string;
		displayName: string;
		role: string;
		kelurahanId: string | null;
	};
	const people: { participantId: string; meetingId: string }[] = [];
	let before: unknown;
	let usulanIds: string[] = [];

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		user = {
			id: fx.actor.id,
			username: 'fasilitator',
			displayName: 'Fasilitator',
			role: fx.actor.role,
			kelurahanId: fx.actor.kelurahanId
		};
		const final = await seedFinalList(db.db, server.realtime, fx, [
			{ title: 'Drainase RW 05', estimatedCost: 85_000_000 },
			{ title: 'Pelatihan menjahit', estimatedCost: 25_000_000 },
			{ title: 'Posyandu lansia', estimatedCost: 6_500_000 }
		]);
		usulanIds = final.usulan.map((u) => u.id);
		for (const name of ['Bu Sari', 'Pak Darto', 'Mbak Rina', 'Mas Joko']) {
			const p = await fx.participant(fx.meeting.id, name);
			people.push({ participantId: p.participantId, meetingId: fx.meeting.id });
		}
		// The last one to join is checked by the facilitator: the list shows them first.
		await verifyParticipant(db.db, fx.actor, {
			participantId: people[3].participantId,
			verified: true
		});
		await db.db
			.update(meeting)
			.set({ quorum: { kind: 'share', share: 0.5 } })
			.where(eq(meeting.id, fx.meeting.id));
		// The form actions take the database from the process runtime.
		before = (globalThis as Holder)[RUNTIME];
		(globalThis as Holder)[RUNTIME] = Promise.resolve({
			database: db,
			livePublisher: { ensurePublished: async () => {} }
		});
	});
	afterAll(async () => {
		(globalThis as Holder)[RUNTIME] = before;
		await server?.close();
		await db?.cleanup();
	});

	/** Calls a form action as SvelteKit would, signed in as the facilitator. */
	async function act(name: keyof typeof voteActions, fields: Fields) {
		const request = new Request(`http://localhost/staff/meetings/${fx.meeting.id}/votes?/${name}`, {
			method: 'POST',
			body: formOf(fields)
		});
		const event = { request, locals: { user }, params: { meetingId: fx.meeting.id } };
		return (voteActions[name] as (e: unknown) => Promise<unknown>)(event);
	}

	/** Creates a vote through the form; returns its id (from the redirect). */
	async function create(fields: Fields): Promise<string> {
		try {
			const r = await act('create', fields);
			throw new Error(`no redirect: ${JSON.stringify(r)}`);
		} catch (e) {
			if (!isRedirect(e)) throw e;
			expect(e.status).toBe(303);
			return new URL(e.location, 'http://localhost').searchParams.get('created')!;
		}
	}

	async function pageData() {
		const [m] = await db.db.select().from(meeting).where(eq(meeting.id, fx.meeting.id));
		const event = {
			parent: async () => ({ meeting: { id: m.id } }),
			url: new URL(`http://localhost/staff/meetings/${m.id}/votes`)
		};
		return (await (load as (e: unknown) => Promise<unknown>)(event)) as {
			candidates: { id: string; displayName: string; verified: boolean }[];
			votes: {
				id: string;
				quorumRule: unknown;
				finalOrder: { id: string; label: string; place: number; status?: string }[] | null;
			}[];
		};
	}

	const rowOf = async (voteId: string) =>
		(await db.db.select().from(vote).where(eq(vote.id, voteId)))[0];
	const decisionsOf = (voteId: string) =>
		db.db.select().from(decision).where(eq(decision.voteId, voteId)).orderBy(decision.rank);

	it('lists candidates verified first, then in the order they joined', async () => {
		const data = await pageData();
		expect(data.candidates.map((c) => [c.displayName, c.verified])).toEqual([
			['Mas Joko', true],
			['Bu Sari', false],
			['Pak Darto', false],
			['Mbak Rina', false]
		]);
	});

	it('stores a vote’s own quorum, and the meeting’s rule when none is chosen', async () => {
		const own = await create({
			title: 'Prioritas dengan kuorum',
			subject: 'usulan',
			usulanIds,
			method: 'yes_no',
			threshold: 'majority',
			'quorum.kind': 'count',
			'quorum.min': '12'
		});
		const meetingRule = await create({
			title: 'Prioritas tanpa aturan sendiri',
			subject: 'options',
			labels: '',
			method: 'yes_no',
			threshold: 'majority',
			'quorum.kind': 'meeting'
		});
		const none = await create({
			title: 'Tanpa kuorum',
			subject: 'options',
			labels: '',
			method: 'yes_no',
			threshold: 'majority',
			'quorum.kind': 'none'
		});
		expect((await rowOf(own)).quorum).toEqual({ kind: 'count', min: 12 });
		expect((await rowOf(meetingRule)).quorum).toEqual({ kind: 'share', share: 0.5 });
		expect((await rowOf(none)).quorum).toEqual({ kind: 'none' });
		const data = await pageData();
		expect(data.votes.find((v) => v.id === own)?.quorumRule).toEqual({ kind: 'count', min: 12 });
	});

	it('refuses a quorum out of range next to its input, keeping what was typed', async () => {
		const r = (await act('create', {
			title: 'Kuorum salah',
			subject: 'usulan',
			method: 'yes_no',
			threshold: 'majority',
			'quorum.kind': 'share',
			'quorum.share': '150'
		})) as Failure;
		expect(r.status).toBe(400);
		expect(Object.keys(r.data.errors ?? {})).toEqual(['quorum.share']);
		expect(r.data.errors?.['quorum.share']).toMatch(/100/);
		expect(r.data.values).toMatchObject({ 'quorum.kind': 'share', 'quorum.share': '150' });
	});

	it('refuses a yes / no election and a single candidate, naming the field', async () => {
		const [a, b] = people.map((p) => p.participantId);
		const yesNo = (await act('create', {
			title: 'Utusan',
			subject: 'candidates',
			candidateIds: [a, b],
			method: 'yes_no',
			threshold: 'majority'
		})) as Failure;
		const one = (await act('create', {
			title: 'Utusan',
			subject: 'candidates',
			candidateIds: [a],
			method: 'ranked'
		})) as Failure;
		expect(Object.keys(yesNo.data.errors ?? {})).toEqual(['method']);
		expect(Object.keys(one.data.errors ?? {})).toEqual(['candidateIds']);
		expect(one.data.values?.candidateIds).toBe(a);
	});

	it('elects delegates: candidates from the participants, decisions elected / not elected', async () => {
		const ids = people.map((p) => p.participantId);
		const voteId = await create({
			title: 'Utusan ke Musrenbang Kecamatan',
			subject: 'candidates',
			candidateIds: ids,
			method: 'approval',
			maxChoices: '2'
		});
		const row = await rowOf(voteId);
		expect(row.subject).toBe('candidates');
		await openVote(db.db, fx.actor, { voteId });
		const data0 = await pageData();
		expect(data0.votes.find((v) => v.id === voteId)?.finalOrder).toBeNull();
		const { optionsOf } = await import('../../../src/lib/server/votes/service.ts');
		const options = await optionsOf(db.db, voteId);
		// Ballot order is the form's: the verified candidate first.
		expect(options.map((o) => o.participantId)).toEqual([ids[3], ids[0], ids[1], ids[2]]);
		const byName = (name: string) => options.find((o) => o.label === name)!.id;
		const ballots = [
			['Bu Sari', 'Mbak Rina'],
			['Bu Sari'],
			['Mbak Rina', 'Pak Darto'],
			['Bu Sari', 'Pak Darto']
		];
		for (const [i, names] of ballots.entries()) {
			await castBallot(db.db, people[i], {
				voteId,
				choice: { optionIds: names.map(byName) },
				idempotencyKey: key()
			});
		}
		await act('close', { voteId });
		const data = await pageData();
		expect(data.votes.find((v) => v.id === voteId)?.finalOrder?.map((r) => r.label)).toEqual([
			'Bu Sari',
			'Pak Darto',
			'Mbak Rina',
			'Mas Joko'
		]);

		const agreed = (await act('decide', {
			voteId,
			[`outcome.${byName('Bu Sari')}`]: 'agreed'
		})) as Failure;
		expect(agreed.status).toBe(400);
		expect(await decisionsOf(voteId)).toEqual([]);

		const ok = await act('decide', {
			voteId,
			[`outcome.${byName('Bu Sari')}`]: 'elected',
			[`outcome.${byName('Pak Darto')}`]: 'elected',
			[`outcome.${byName('Mbak Rina')}`]: 'rejected',
			[`note.${byName('Mbak Rina')}`]: 'Seri, diundi',
			[`outcome.${byName('Mas Joko')}`]: ''
		});
		expect(ok).toEqual({ form: 'decide', voteId, done: true });
		const saved = await decisionsOf(voteId);
		expect(
			saved.map((d) => [options.find((o) => o.id === d.optionId)?.label, d.outcome, d.note]).sort()
		).toEqual([
			['Bu Sari', 'elected', ''],
			['Mbak Rina', 'rejected', 'Seri, diundi'],
			['Pak Darto', 'elected', '']
		]);
	});

	it('confirms a ranked list from the stored final tally, refusing an order that changed', async () => {
		const voteId = await create({
			title: 'Urutan prioritas',
			subject: 'usulan',
			usulanIds,
			method: 'dots',
			dots: '3',
			maxPerOption: '3'
		});
		await openVote(db.db, fx.actor, { voteId });
		const { optionsOf } = await import('../../../src/lib/server/votes/service.ts');
		const [drainase, menjahit, posyandu] = (await optionsOf(db.db, voteId)).map((o) => o.id);
		await castBallot(db.db, people[0], {
			voteId,
			choice: { dots: { [posyandu]: 3 } },
			idempotencyKey: key()
		});
		await castBallot(db.db, people[1], {
			voteId,
			choice: { dots: { [menjahit]: 2, [posyandu]: 1 } },
			idempotencyKey: key()
		});

		const early = (await act('rank', { voteId, order: [posyandu, menjahit, drainase] })) as Failure;
		expect(early.status).toBe(409);

		await act('close', { voteId });
		const shown = (await pageData()).votes.find((v) => v.id === voteId)!.finalOrder!;
		expect(shown.map((r) => r.id)).toEqual([posyandu, menjahit, drainase]);

		// A paper count after closing changes the stored tally: the page's order is stale.
		await addHybridCount(db.db, fx.actor, {
			voteId,
			count: { source: 'paper', voters: 2, counts: { [drainase]: 6 } }
		});
		const stale = (await act('rank', {
			voteId,
			order: shown.map((r) => r.id),
			note: 'Sah'
		})) as Failure;
		expect(stale.status).toBe(409);
		expect(stale.data.values?.note).toBe('Sah');
		expect(await decisionsOf(voteId)).toEqual([]);

		const fresh = (await pageData()).votes.find((v) => v.id === voteId)!.finalOrder!;
		expect(fresh.map((r) => r.id)).toEqual([drainase, posyandu, menjahit]);
		const done = await act('rank', { voteId, order: fresh.map((r) => r.id), note: 'Sah' });
		expect(done).toEqual({ form: 'rank', voteId, done: true });
		const saved = await decisionsOf(voteId);
		expect(saved.map((d) => [d.optionId, d.rank, d.outcome, d.note])).toEqual([
			[drainase, 1, 'agreed', 'Sah'],
			[posyandu, 2, 'agreed', 'Sah'],
			[menjahit, 3, 'agreed', 'Sah']
		]);
		expect(saved.every((d) => d.usulanId !== null)).toBe(true);
	});

	it('defers budget usulan that do not fit the pagu when confirming', async () => {
		const voteId = await create({
			title: 'Anggaran kelurahan',
			subject: 'usulan',
			usulanIds,
			method: 'budget',
			ceiling: 'Rp 100 juta'
		});
		await openVote(db.db, fx.actor, { voteId });
		const { optionsOf } = await import('../../../src/lib/server/votes/service.ts');
		const [drainase, menjahit, posyandu] = (await optionsOf(db.db, voteId)).map((o) => o.id);
		// Drainase (85 juta) first, then menjahit (25 juta) no longer fits, posyandu (6,5 juta) does.
		await castBallot(db.db, people[0], {
			voteId,
			choice: { optionIds: [drainase] },
			idempotencyKey: key()
		});
		await castBallot(db.db, people[1], {
			voteId,
			choice: { optionIds: [drainase, posyandu] },
			idempotencyKey: key()
		});
		await castBallot(db.db, people[2], {
			voteId,
			choice: { optionIds: [menjahit] },
			idempotencyKey: key()
		});
		await act('close', { voteId });
		const order = (await pageData()).votes.find((v) => v.id === voteId)!.finalOrder!;
		expect(order.map((r) => [r.id, r.status])).toEqual([
			[drainase, 'selected'],
			[menjahit, 'does_not_fit'],
			[posyandu, 'selected']
		]);
		expect(await act('rank', { voteId, order: order.map((r) => r.id) })).toMatchObject({
			done: true
		});
		const saved = await decisionsOf(voteId);
		expect(saved.map((d) => [d.optionId, d.rank, d.outcome, d.note])).toEqual([
			[drainase, 1, 'agreed', ''],
			[menjahit, 2, 'deferred', 'Tidak cukup pagu'],
			[posyandu, 3, 'agreed', '']
		]);
	});

	it('has no priority order for a yes / no vote', async () => {
		const voteId = await create({
			title: 'Setuju berita acara?',
			subject: 'options',
			labels: '',
			method: 'yes_no',
			threshold: 'majority'
		});
		await openVote(db.db, fx.actor, { voteId });
		await act('close', { voteId });
		expect((await pageData()).votes.find((v) => v.id === voteId)?.finalOrder).toBeNull();
		const r = (await act('rank', { voteId, order: ['x'] })) as Failure;
		expect(r.status).toBe(400);
		expect(await decisionsOf(voteId)).toEqual([]);
	});
});
