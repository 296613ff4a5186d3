/**
 * Voting without JavaScript: the phone page's `load` draws the open vote as a plain form, and its
 * `ballot` action casts what the form posts, on a real database. The page reads the process
 * runtime; here it is only the test database.
 */
import { isRedirect } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballot } from '../../../src/lib/server/db/schema/index.ts';
import { PARTICIPANT_COOKIE } from '../../../src/lib/server/participants/tokens.ts';
import { closeVoteWithTally } from '../../../src/lib/server/votes/record.ts';
import { createVote, openVote } from '../../../src/lib/server/votes/service.ts';
import { actions, load } from '../../../src/routes/m/[meetingId=id]/+page.server.ts';
import {
	seedFinalList,
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';
import { closeOtherOpenVotes } from '../../support/votes.ts';

const RUNTIME = Symbol.for('rembuk.runtime');
type Holder = Record<symbol, unknown>;

type Fields = Record<string, string | string[]>;
function formOf(fields: Fields): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields))
		for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
	return data;
}

type View = { voteId: string; html: string } | null;
type Answer = {
	voteId: string | null;
	receipt?: string;
	castAt?: string;
	message?: string;
	optionId?: string;
	values?: Record<string, string[]>;
	form: View;
};
/** A failed action (SvelteKit's ActionFailure), or a success, read loosely. */
type Outcome = { status?: number; data?: { ballot: Answer }; ballot?: Answer };

/** The hidden idempotency key the page drew into its form. */
const keyIn = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe.each(drivers)('the phone ballot form on %s', (driver) => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	let sari: { participantId: string; token: string };
	let darto: { participantId: string; token: string };
	let stranger: { participantId: string; token: string };
	let before: unknown;

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		await seedFinalList(db.db, server.realtime, fx, [
			{ title: 'Drainase RW 05', estimatedCost: 85_000_000 },
			{ title: 'Pelatihan <b>menjahit</b>', estimatedCost: 25_000_000 },
			{ title: 'Posyandu lansia', estimatedCost: 6_500_000 }
		]);
		sari = await fx.participant(fx.meeting.id, 'Bu Sari');
		darto = await fx.participant(fx.meeting.id, 'Pak Darto');
		stranger = await fx.participant(fx.other.id, 'Tamu');
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

	const cookiesOf = (token?: string) => ({
		get: (name: string) => (name === PARTICIPANT_COOKIE ? token : undefined)
	});

	async function pageOf(token?: string, user: unknown = null) {
		const event = {
			params: { meetingId: fx.meeting.id },
			locals: { user },
			cookies: cookiesOf(token)
		};
		return (await (load as (e: unknown) => Promise<unknown>)(event)) as { ballot: View };
	}

	async function post(token: string | undefined, fields: Fields, user: unknown = null) {
		const request = new Request(`http://localhost/m/${fx.meeting.id}?/ballot`, {
			method: 'POST',
			body: formOf(fields)
		});
		const event = {
			request,
			params: { meetingId: fx.meeting.id },
			locals: { user },
			cookies: cookiesOf(token)
		};
		return (await (actions.ballot as (e: unknown) => Promise<unknown>)(event)) as Outcome;
	}

	async function openNew(settings: unknown, title = 'Prioritas 2027') {
		const created = await createVote(db.db, fx.actor, {
			meetingId: fx.meeting.id,
			vote: { title, subject: 'usulan', settings }
		});
		await openVote(db.db, fx.actor, { voteId: created.vote.id });
		return created;
	}

	const latestOf = (voteId: string, participantId: string) =>
		db.db
			.select()
			.from(ballot)
			.where(and(eq(ballot.voteId, voteId), eq(ballot.participantId, participantId)));

	it('draws no form while no vote is open, nor ever for staff', async () => {
		expect((await pageOf(sari.token)).ballot).toBeNull();
		await openNew({ method: 'approval', maxChoices: 1 }, 'Satu usulan');
		const user = { id: fx.actor.id, role: fx.actor.role, kelurahanId: fx.actor.kelurahanId };
		expect((await pageOf(undefined, { ...user, displayName: 'Fasilitator' })).ballot).toBeNull();
	});

	it('draws the open vote as a form with a fresh key each time, labels escaped', async () => {
		const a = (await pageOf(sari.token)).ballot;
		const b = (await pageOf(sari.token)).ballot;
		expect(a?.html).toContain('Kirim pilihan');
		expect(a?.html).toContain('Satu usulan');
		expect(a?.html).toContain('Pelatihan &lt;b>menjahit&lt;/b>');
		expect(a?.html.match(/type="checkbox"/g)).toHaveLength(3);
		expect(a?.html).not.toContain('ballot-receipt');
		expect(keyIn(a!.html)).toMatch(/^[0-9a-f-]{36}$/);
		expect(keyIn(b!.html)).not.toBe(keyIn(a!.html));
	});

	it('casts a ballot, shows its receipt, and counts a form posted twice once', async () => {
		const page = (await pageOf(sari.token)).ballot!;
		const [optionId] = /name="option" value="([^"]+)"/.exec(page.html)!.slice(1);
		const fields = { voteId: page.voteId, idempotencyKey: keyIn(page.html), option: optionId };
		const first = await post(sari.token, fields);
		expect(first.status).toBeUndefined();
		const answer = first.ballot!;
		const rows = await latestOf(page.voteId, sari.participantId);
		expect(rows).toHaveLength(1);
		expect(rows[0].choice).toEqual({ optionIds: [optionId] });
		expect(answer.receipt).toBe(rows[0].id.slice(0, 8));
		expect(answer.form?.html).toContain('data-testid="ballot-receipt"');
		expect(answer.form?.html).toContain(answer.receipt);
		expect(answer.form?.html).toContain('Anda sudah memilih');
		// The form drawn again has a new key and starts from the ballot just cast.
		expect(keyIn(answer.form!.html)).not.toBe(fields.idempotencyKey);
		expect(answer.form?.html).toMatch(new RegExp(`value="${optionId}" checked`));

		const again = await post(sari.token, fields);
		expect(again.ballot?.receipt).toBe(answer.receipt);
		expect(await latestOf(page.voteId, sari.participantId)).toHaveLength(1);

		// The next page load says the same: the resident already voted.
		const reloaded = (await pageOf(sari.token)).ballot!;
		expect(reloaded.html).toContain(answer.receipt);
	});

	it('refuses what the method refuses, in Indonesian, keeping what was chosen', async () => {
		const page = (await pageOf(darto.token)).ballot!;
		const ids = [...page.html.matchAll(/name="option" value="([^"]+)"/g)].map((m) => m[1]);
		const r = await post(darto.token, {
			voteId: page.voteId,
			idempotencyKey: keyIn(page.html),
			option: ids.slice(0, 2)
		});
		expect(r.status).toBe(422);
		expect(r.data?.ballot.message).toBe('Pilih paling banyak 1.');
		expect(r.data?.ballot.values).toEqual({ option: ids.slice(0, 2) });
		const html = r.data!.ballot.form!.html;
		expect(html).toContain('Pilih paling banyak 1.');
		expect(html.match(/ checked/g)).toHaveLength(2);
		expect(await latestOf(page.voteId, darto.participantId)).toHaveLength(0);
	});

	it('refuses junk with a clear sentence and a status, never a crash', async () => {
		const page = (await pageOf(darto.token)).ballot!;
		const noVote = await post(darto.token, { voteId: 'nonsense' });
		expect(noVote.status).toBe(404);
		expect(noVote.data?.ballot.message).toBe('Pemungutan suara ini tidak ditemukan.');
		expect(noVote.data?.ballot.form?.voteId).toBe(page.voteId);
		const badKey = await post(darto.token, { voteId: page.voteId, idempotencyKey: 'x' });
		expect(badKey.status).toBe(400);
		expect(badKey.data?.ballot.message).toMatch(/Muat ulang/);
		const unknown = await post(darto.token, {
			voteId: page.voteId,
			idempotencyKey: keyIn(page.html),
			option: 'bukan-usulan'
		});
		expect(unknown.status).toBe(422);
		expect(unknown.data?.ballot.message).toMatch(/Muat ulang/);
		expect(await latestOf(page.voteId, darto.participantId)).toHaveLength(0);
	});

	it('sends strangers to join, and tells staff and other meetings’ residents no', async () => {
		const page = (await pageOf(darto.token)).ballot!;
		const fields = { voteId: page.voteId, idempotencyKey: keyIn(page.html) };
		await expect(post(undefined, fields)).rejects.toSatisfy(
			(e) => isRedirect(e) && e.location === '/join'
		);
		// A cookie of another meeting does not open this one.
		await expect(post(stranger.token, fields)).rejects.toSatisfy(isRedirect);
		const staff = await post(undefined, fields, {
			id: fx.actor.id,
			role: fx.actor.role,
			kelurahanId: fx.actor.kelurahanId,
			displayName: 'Fasilitator'
		});
		expect(staff.status).toBe(403);
		expect(staff.data?.ballot.message).toMatch(/staf/);
	});

	it('reads every method’s form: a ranking by its numbers, scores per criterion', async () => {
		const ranked = await openNew({ method: 'ranked', fullRanking: false }, 'Urutan');
		const [a, b, c] = ranked.options.map((o) => o.id);
		const page = (await pageOf(darto.token)).ballot!;
		expect(page.voteId).toBe(ranked.vote.id);
		const r = await post(darto.token, {
			voteId: ranked.vote.id,
			idempotencyKey: keyIn(page.html),
			[`rank.${a}`]: '2',
			[`rank.${b}`]: '',
			[`rank.${c}`]: '1'
		});
		expect(r.ballot?.receipt).toBeTruthy();
		const [row] = await latestOf(ranked.vote.id, darto.participantId);
		expect(row.choice).toEqual({ ranking: [c, a] });

		const twice = await post(darto.token, {
			voteId: ranked.vote.id,
			idempotencyKey: keyIn(page.html) + '-2',
			[`rank.${a}`]: '1',
			[`rank.${c}`]: '1'
		});
		expect(twice.status).toBe(422);
		expect(twice.data?.ballot.message).toBe(
			'Nomor urut 1 dipakai lebih dari sekali. Beri setiap usulan nomor sendiri.'
		);
		expect(twice.data?.ballot.optionId).toBe(c);

		const criteria = await openNew(
			{
				method: 'criteria',
				criteria: [
					{ id: 'urgency', weight: 60 },
					{ id: 'beneficiaries', weight: 40 }
				],
				min: 1,
				max: 5
			},
			'Nilai'
		);
		const ids = criteria.options.map((o) => o.id);
		const half = await post(darto.token, {
			voteId: criteria.vote.id,
			idempotencyKey: `crit-${Date.now()}`,
			...Object.fromEntries(ids.map((id) => [`score.${id}.urgency`, '4']))
		});
		expect(half.status).toBe(422);
		expect(half.data?.ballot.message).toBe(
			'Beri nilai untuk “Drainase RW 05” pada “Jumlah penerima manfaat”.'
		);
		const full = await post(darto.token, {
			voteId: criteria.vote.id,
			idempotencyKey: `crit-${Date.now()}-2`,
			...Object.fromEntries(
				ids.flatMap((id) => [
					[`score.${id}.urgency`, '4'],
					[`score.${id}.beneficiaries`, '2']
				])
			)
		});
		expect(full.ballot?.receipt).toBeTruthy();
		const [scored] = await latestOf(criteria.vote.id, darto.participantId);
		expect(scored.choice).toEqual({
			scores: Object.fromEntries(ids.map((id) => [id, { urgency: 4, beneficiaries: 2 }]))
		});
	});

	it('says a vote closed meanwhile is closed, and draws no form when none is open', async () => {
		const page = (await pageOf(sari.token)).ballot!;
		// The room looks at an open vote first: earlier tests' votes still open are closed first.
		await closeOtherOpenVotes(db.db, fx.actor, fx.meeting.id, page.voteId);
		await closeVoteWithTally(db.db, fx.actor, { voteId: page.voteId });
		const r = await post(sari.token, {
			voteId: page.voteId,
			idempotencyKey: keyIn(page.html),
			...Object.fromEntries(
				[...page.html.matchAll(/name="(score\.[^"]+)"/g)].map((m) => [m[1], '3'])
			)
		});
		expect(r.status).toBe(409);
		expect(r.data?.ballot.message).toBe('Pemungutan suara sudah ditutup.');
		expect(r.data?.ballot.form).toBeNull();
		expect((await pageOf(sari.token)).ballot).toBeNull();
	});
});
