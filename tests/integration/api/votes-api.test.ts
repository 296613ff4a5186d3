import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/lib/server/db/client.ts';
import { verifyParticipant } from '../../../src/lib/server/participants/service.ts';
import { issueParticipantToken } from '../../../src/lib/server/participants/tokens.ts';
import { startApp, type AppProcess } from '../../support/app-process.ts';
import { setCookies } from '../../support/http.ts';
import { prepareAppFolder } from '../../support/realtime-server.ts';
import { createUser } from '../../factories/users.ts';

/**
 * The votes JSON API against the built server (`npm run build` first): who may prepare, open and
 * close votes, and above all every refusal of a ballot, over real HTTP with real cookies. The
 * methods and the service behind it are tested in their own files.
 */

type Fixture = Awaited<ReturnType<typeof prepareAppFolder>>['fx'];
type Json = Record<string, never>;
type Option = { id: string; label: string; cost: number | null };

let app: AppProcess;
let fx: Fixture;
let staffCookie: string;
let outsiderCookie: string;
/** Joined and verified by the facilitator. */
let wargaCookie: string;
/** Joined, never verified. */
let unverifiedCookie: string;
/** A participant of the other meeting (same kelurahan). */
let strangerCookie: string;
const cleanups: Array<() => Promise<unknown>> = [];
const OUTSIDER = { username: 'fasilitator-lain', password: 'kata sandi yang panjang' };

const participantCookie = (token: string) => `rembuk_participant=${token}`;

beforeAll(async () => {
	const prepared = await prepareAppFolder({ collecting: true });
	cleanups.push(prepared.cleanup);
	fx = prepared.fx;
	// Written before the server takes the folder (PGlite serves one process at a time).
	const handle = await openDatabase({ pgliteDir: prepared.dir });
	try {
		await createUser(handle.db, {
			...OUTSIDER,
			role: 'facilitator',
			kelurahanId: fx.otherKelurahanId
		});
		const warga = await issueParticipantToken(handle.db, {
			meetingId: fx.meeting.id,
			displayName: 'Bu Siti'
		});
		await verifyParticipant(handle.db, fx.actor, {
			participantId: warga.participantId,
			verified: true
		});
		wargaCookie = participantCookie(warga.token);
		const unverified = await issueParticipantToken(handle.db, {
			meetingId: fx.meeting.id,
			displayName: 'Pak Budi'
		});
		unverifiedCookie = participantCookie(unverified.token);
		const stranger = await issueParticipantToken(handle.db, {
			meetingId: fx.other.id,
			displayName: 'Mas Joko'
		});
		strangerCookie = participantCookie(stranger.token);
	} finally {
		await handle.close();
	}
	app = await startApp({ PGLITE_DIR: prepared.dir });
	cleanups.push(() => app.stop());
	staffCookie = await signIn('fasilitator', 'rembuk-fasilitator');
	outsiderCookie = await signIn(OUTSIDER.username, OUTSIDER.password);
});
afterAll(async () => {
	for (const fn of cleanups.reverse()) await fn();
});

type Call = { cookie?: string; body?: unknown; raw?: string };

async function api(method: string, path: string, opts: Call = {}) {
	const headers: Record<string, string> = { accept: 'application/json' };
	if (opts.cookie) headers.cookie = opts.cookie;
	let body: string | undefined;
	if (opts.raw !== undefined || opts.body !== undefined) {
		headers['content-type'] = 'application/json';
		body = opts.raw ?? JSON.stringify(opts.body);
	}
	const res = await fetch(app.url + path, { method, headers, body, redirect: 'manual' });
	const text = await res.text();
	const json = text ? (JSON.parse(text) as Json) : ({} as Json);
	return { res, status: res.status, json };
}

async function signIn(username: string, password: string) {
	const { res, status } = await api('POST', '/api/v1/session', { body: { username, password } });
	expect(status).toBe(200);
	const cookie = setCookies(res).find((c) => c.name === 'rembuk_session');
	return `rembuk_session=${cookie!.value}`;
}

const votesOf = (meetingId: string) => `/api/v1/meetings/${meetingId}/votes`;
const votePath = (id: string, rest = '') => `/api/v1/votes/${id}${rest}`;

let keyCounter = 0;
/** A fresh idempotency key, as a phone makes one per intended ballot. */
const newKey = () => `kunci-${process.pid}-${++keyCounter}`;

/** Prepares a vote as the facilitator; opens it unless `open` is false. */
async function prepareVote(vote: Record<string, unknown>, opts: { open?: boolean } = {}) {
	const created = await api('POST', votesOf(fx.meeting.id), { cookie: staffCookie, body: vote });
	expect(created.status, JSON.stringify(created.json)).toBe(201);
	const id = (created.json.vote as { id: string }).id;
	if (opts.open !== false) {
		const opened = await api('POST', votePath(id, '/open'), { cookie: staffCookie, raw: '' });
		expect(opened.status, JSON.stringify(opened.json)).toBe(200);
	}
	return { id, options: created.json.options as Option[] };
}

function ballot(voteId: string, choice: unknown, cookie = wargaCookie, key = newKey()) {
	return api('POST', votePath(voteId, '/ballots'), {
		cookie,
		body: { choice, idempotencyKey: key }
	});
}

async function tallyOf(voteId: string) {
	const r = await api('GET', votePath(voteId), { cookie: staffCookie });
	expect(r.status).toBe(200);
	return r.json.tally as {
		phoneBallots: number;
		result: { turnout: { total: number }; options?: Array<{ optionId: string; total: number }> };
	};
}

// Usulan with costs for the budget and ranked votes: 120 + 100 + 80 juta against a 200 juta pagu.
const USULAN = [
	{ title: 'Pelatihan menjahit', cost: 120_000_000 },
	{ title: 'Lampu jalan RW 02', cost: 100_000_000 },
	{ title: 'Bank sampah', cost: 80_000_000 }
];

let approval: { id: string; options: Option[] };
let dots: { id: string; options: Option[] };
let score: { id: string; options: Option[] };
let ranked: { id: string; options: Option[] };
let budget: { id: string; options: Option[] };
let verifiedOnly: { id: string; options: Option[] };
let draft: { id: string; options: Option[] };
let closed: { id: string; options: Option[] };
let hidden: { id: string; options: Option[] };

beforeAll(async () => {
	for (const u of USULAN) {
		const added = await api('POST', `/api/v1/meetings/${fx.meeting.id}/board/items`, {
			cookie: staffCookie,
			body: {
				title: u.title,
				sector: 'ekonomi',
				fundingSource: 'dana_kelurahan',
				estimatedCost: u.cost
			}
		});
		expect(added.status).toBe(201);
	}
	const finalized = await api('POST', `/api/v1/meetings/${fx.meeting.id}/finalize`, {
		cookie: staffCookie,
		raw: ''
	});
	expect(finalized.status).toBe(201);

	// A draft can be prepared before voting starts; opening waits for the voting phase.
	draft = await prepareVote(
		{
			title: 'Setuju jadwal kerja bakti?',
			subject: 'options',
			settings: { method: 'yes_no', threshold: 'majority' }
		},
		{ open: false }
	);
	const tooEarly = await api('POST', votePath(draft.id, '/open'), {
		cookie: staffCookie,
		raw: ''
	});
	expect(tooEarly.status).toBe(409);
	expect(tooEarly.json).toMatchObject({ error: 'wrong_phase', reason: 'not_voting' });

	const voting = await api('POST', `/api/v1/meetings/${fx.meeting.id}/phase`, {
		cookie: staffCookie,
		body: { to: 'voting' }
	});
	expect(voting.status).toBe(200);

	const labels = ['Posyandu', 'Taman baca', 'Pos ronda', 'Sumur resapan'];
	approval = await prepareVote({
		title: 'Pilih dua kegiatan',
		subject: 'options',
		labels,
		settings: { method: 'approval', maxChoices: 2 }
	});
	dots = await prepareVote({
		title: 'Bagikan titik',
		subject: 'options',
		labels,
		settings: { method: 'dots', dots: 5, maxPerOption: 3 }
	});
	score = await prepareVote({
		title: 'Beri nilai',
		subject: 'options',
		labels,
		settings: { method: 'score', min: 1, max: 5 }
	});
	ranked = await prepareVote({
		title: 'Urutkan usulan',
		subject: 'usulan',
		settings: { method: 'ranked', fullRanking: true }
	});
	budget = await prepareVote({
		title: 'Pilih dalam pagu',
		subject: 'usulan',
		settings: { method: 'budget', ceiling: 200_000_000 }
	});
	verifiedOnly = await prepareVote({
		title: 'Setuju rencana kerja?',
		subject: 'options',
		eligibility: 'verified',
		settings: { method: 'yes_no', threshold: 'majority' }
	});
	closed = await prepareVote({
		title: 'Sudah selesai',
		subject: 'options',
		settings: { method: 'yes_no', threshold: 'majority' }
	});
	const closing = await api('POST', votePath(closed.id, '/close'), {
		cookie: staffCookie,
		raw: ''
	});
	expect(closing.status).toBe(200);
	expect(closing.json.vote).toMatchObject({ status: 'closed' });
	hidden = await prepareVote({
		title: 'Hasil diumumkan nanti',
		subject: 'options',
		labels,
		results: 'after_close',
		settings: { method: 'approval', maxChoices: 4 }
	});
});

describe('preparing and reading votes', () => {
	it('lists every vote for staff and only opened ones for residents', async () => {
		const staff = await api('GET', votesOf(fx.meeting.id), { cookie: staffCookie });
		expect(staff.status).toBe(200);
		const staffIds = (staff.json.votes as Array<{ id: string }>).map((v) => v.id);
		expect(staffIds).toContain(draft.id);
		expect(staffIds).toContain(approval.id);

		const resident = await api('GET', votesOf(fx.meeting.id), { cookie: wargaCookie });
		expect(resident.status).toBe(200);
		const residentVotes = resident.json.votes as Array<{ id: string; status: string }>;
		expect(residentVotes.map((v) => v.id)).not.toContain(draft.id);
		expect(residentVotes.map((v) => v.id)).toContain(approval.id);
		expect(new Set(residentVotes.map((v) => v.status))).toEqual(new Set(['open', 'closed']));

		const draftRead = await api('GET', votePath(draft.id), { cookie: wargaCookie });
		expect(draftRead.status).toBe(404);
	});

	it('builds budget options from the final list with their costs', async () => {
		expect(budget.options.map((o) => [o.label, o.cost])).toEqual(
			USULAN.map((u) => [u.title, u.cost])
		);
	});

	it('hides the tally from residents until an after-close vote closes, never from staff', async () => {
		const resident = await api('GET', votePath(hidden.id), { cookie: wargaCookie });
		expect(resident.status).toBe(200);
		expect(resident.json.tally).toBeNull();
		expect(resident.json.options).toHaveLength(4);
		const staff = await api('GET', votePath(hidden.id), { cookie: staffCookie });
		expect(staff.json.tally).toMatchObject({ phoneBallots: 0 });
		const live = await api('GET', votePath(approval.id), { cookie: wargaCookie });
		expect(live.json.tally).not.toBeNull();
	});

	it('refuses residents on staff endpoints with 403, and nobody at all with 401', async () => {
		const calls = [
			['POST', votesOf(fx.meeting.id), { title: 'x', subject: 'options', settings: {} }],
			['POST', votePath(approval.id, '/open'), {}],
			['POST', votePath(approval.id, '/close'), {}],
			['POST', votePath(approval.id, '/hybrid-counts'), { source: 'hands', voters: 1, counts: {} }],
			['POST', votePath(closed.id, '/decisions'), { outcomes: [{ outcome: 'agreed' }] }]
		] as const;
		for (const [method, path, body] of calls) {
			const resident = await api(method, path, { cookie: wargaCookie, body });
			expect([path, resident.status, resident.json.error]).toEqual([path, 403, 'forbidden']);
			const nobody = await api(method, path, { body });
			expect([path, nobody.status, nobody.json.error]).toEqual([path, 401, 'unauthenticated']);
		}
		const still = await api('GET', votePath(approval.id), { cookie: staffCookie });
		expect(still.json.vote).toMatchObject({ status: 'open' });
	});

	it('hides votes from another kelurahan’s staff and another meeting’s participants (404)', async () => {
		for (const [method, path] of [
			['GET', votesOf(fx.meeting.id)],
			['POST', votesOf(fx.meeting.id)],
			['GET', votePath(approval.id)],
			['POST', votePath(approval.id, '/open')],
			['POST', votePath(approval.id, '/close')],
			['GET', votePath(closed.id, '/decisions')]
		] as const) {
			const r = await api(method, path, {
				cookie: outsiderCookie,
				body: method === 'POST' ? {} : undefined
			});
			expect([method, path, r.status]).toEqual([method, path, 404]);
		}
		for (const path of [votesOf(fx.meeting.id), votePath(approval.id)]) {
			const r = await api('GET', path, { cookie: strangerCookie });
			expect([path, r.status]).toEqual([path, 404]);
		}
		expect((await api('GET', votePath(approval.id))).status).toBe(401);
	});

	it('refuses an invalid vote with 422 and the fields', async () => {
		const r = await api('POST', votesOf(fx.meeting.id), {
			cookie: staffCookie,
			body: { title: 'ab', subject: 'options', settings: { method: 'approval', maxChoices: 0 } }
		});
		expect(r.status).toBe(422);
		expect(r.json.error).toBe('invalid');
		expect(Object.keys(r.json.fields)).toContain('title');
	});
});

describe('casting ballots', () => {
	it('refuses a ballot on a vote not yet open (409 not_open)', async () => {
		const r = await ballot(draft.id, { answer: 'yes' });
		expect(r.status).toBe(409);
		expect(r.json).toEqual({ error: 'not_open', message: 'Pemungutan suara belum dibuka.' });
	});

	it('refuses a ballot on a closed vote (409 closed) and counts nothing', async () => {
		const r = await ballot(closed.id, { answer: 'yes' });
		expect(r.status).toBe(409);
		expect(r.json).toEqual({ error: 'closed', message: 'Pemungutan suara sudah ditutup.' });
		expect((await tallyOf(closed.id)).phoneBallots).toBe(0);
	});

	it('refuses a participant of another meeting (403 forbidden)', async () => {
		const r = await ballot(approval.id, { optionIds: [] }, strangerCookie);
		expect(r.status).toBe(403);
		expect(r.json.error).toBe('forbidden');
		expect(r.json.message).toMatch(/musyawarah lain/);
	});

	it('refuses an unverified participant where only verified attendees vote, and lets the verified one', async () => {
		const refused = await ballot(verifiedOnly.id, { answer: 'yes' }, unverifiedCookie);
		expect(refused.status).toBe(403);
		expect(refused.json).toEqual({
			error: 'not_eligible',
			message: 'Hanya peserta yang sudah diperiksa fasilitator yang boleh memilih.'
		});
		const mine = await api('GET', votePath(verifiedOnly.id, '/my-ballot'), {
			cookie: unverifiedCookie
		});
		expect(mine.status).toBe(404);
		expect(mine.json.error).toBe('no_ballot');

		const accepted = await ballot(verifiedOnly.id, { answer: 'yes' }, wargaCookie);
		expect(accepted.status).toBe(201);
		expect((await tallyOf(verifiedOnly.id)).phoneBallots).toBe(1);
	});

	it.each<
		[string, () => { id: string; options: Option[] }, (o: string[]) => unknown, string, string]
	>([
		[
			'too many approvals',
			() => approval,
			(o) => ({ optionIds: [o[0], o[1], o[2]] }),
			'too_many_approvals',
			'Paling banyak 2 pilihan.'
		],
		[
			'too many dots',
			() => dots,
			(o) => ({ dots: { [o[0]]: 3, [o[1]]: 3 } }),
			'too_many_dots',
			'Anda memakai 6 titik. Paling banyak 5 titik.'
		],
		[
			'a score out of range',
			() => score,
			(o) => ({ scores: { [o[0]]: 6, [o[1]]: 1, [o[2]]: 1, [o[3]]: 1 } }),
			'score_out_of_range',
			'Nilai harus dari 1 sampai 5.'
		],
		[
			'a duplicate rank',
			() => ranked,
			(o) => ({ ranking: [o[0], o[0], o[1], o[2]] }),
			'duplicate_rank',
			'Satu pilihan muncul di dua urutan.'
		],
		[
			'a missing rank',
			() => ranked,
			(o) => ({ ranking: [o[0], o[1]] }),
			'missing_rank',
			'Urutkan semua pilihan.'
		],
		[
			'a choice over the budget',
			() => budget,
			(o) => ({ optionIds: [o[0], o[1]] }),
			'over_budget',
			'Total Rp 220.000.000 melebihi pagu Rp 200.000.000.'
		]
	])(
		'refuses %s with 422 and an Indonesian message',
		async (_label, vote, choice, code, message) => {
			const v = vote();
			const r = await ballot(v.id, choice(v.options.map((o) => o.id)), unverifiedCookie);
			expect(r.status).toBe(422);
			expect(r.json).toMatchObject({ error: 'invalid_ballot', ballotCode: code, message });
			expect(r.json.detail).toEqual(expect.any(Object));
			const mine = await api('GET', votePath(v.id, '/my-ballot'), { cookie: unverifiedCookie });
			expect(mine.status).toBe(404);
		}
	);

	it('accepts what those methods allow, at the limits', async () => {
		const ids = (v: { options: Option[] }) => v.options.map((o) => o.id);
		const a = ids(approval);
		const d = ids(dots);
		const s = ids(score);
		const r = ids(ranked);
		const b = ids(budget);
		for (const [id, choice] of [
			[budget.id, { optionIds: [b[0], b[2]] }],
			[ranked.id, { ranking: [r[2], r[0], r[1]] }],
			[score.id, { scores: { [s[0]]: 5, [s[1]]: 1, [s[2]]: 3, [s[3]]: 3 } }],
			[dots.id, { dots: { [d[0]]: 3, [d[1]]: 2 } }],
			[approval.id, { optionIds: [a[1], a[0]] }]
		] as const) {
			const res = await ballot(id, choice, unverifiedCookie);
			expect([id, res.status]).toEqual([id, 201]);
		}
		const mine = await api('GET', votePath(approval.id, '/my-ballot'), {
			cookie: unverifiedCookie
		});
		expect(mine.status).toBe(200);
		// Stored normalized: in option order.
		expect(mine.json.choice).toEqual({ optionIds: [a[0], a[1]] });
	});

	it('answers a replay with the same receipt and counts it once', async () => {
		const key = newKey();
		const choice = { optionIds: [approval.options[3].id] };
		const first = await ballot(approval.id, choice, wargaCookie, key);
		expect(first.status).toBe(201);
		expect(first.json).toMatchObject({ duplicate: false, receiptId: expect.any(String) });
		const again = await ballot(approval.id, choice, wargaCookie, key);
		expect(again.status).toBe(200);
		expect(again.json).toEqual({ ...first.json, duplicate: true, replaced: false });

		const tally = await tallyOf(approval.id);
		const fourth = tally.result.options!.find((o) => o.optionId === approval.options[3].id);
		expect(fourth!.total).toBe(1);
		const mine = await api('GET', votePath(approval.id, '/my-ballot'), { cookie: wargaCookie });
		expect(mine.json).toMatchObject({ receiptId: first.json.receiptId });
	});

	it('keeps one latest ballot when one phone sends two at once', async () => {
		const [x, y] = await Promise.all([
			ballot(score.id, { scores: Object.fromEntries(score.options.map((o) => [o.id, 2])) }),
			ballot(score.id, { scores: Object.fromEntries(score.options.map((o) => [o.id, 4])) })
		]);
		expect([x.status, y.status]).toEqual([201, 201]);
		// Whichever came second replaced the first.
		expect([x.json.replaced, y.json.replaced].sort()).toEqual([false, true]);
		const latest = y.json.replaced ? y : x;
		const mine = await api('GET', votePath(score.id, '/my-ballot'), { cookie: wargaCookie });
		expect(mine.json.receiptId).toBe(latest.json.receiptId);
		// This participant and the one before: two ballots, not three.
		expect((await tallyOf(score.id)).phoneBallots).toBe(2);
	});

	it('replaces a changed ballot, counting only the latest', async () => {
		const before = (await tallyOf(dots.id)).phoneBallots;
		const first = await ballot(dots.id, { dots: { [dots.options[0].id]: 1 } });
		const second = await ballot(dots.id, { dots: { [dots.options[1].id]: 2 } });
		expect([first.status, second.status]).toEqual([201, 201]);
		expect(second.json.replaced).toBe(true);
		expect((await tallyOf(dots.id)).phoneBallots).toBe(before + 1);
		const mine = await api('GET', votePath(dots.id, '/my-ballot'), { cookie: wargaCookie });
		expect(mine.json.choice).toEqual({ dots: { [dots.options[1].id]: 2 } });
	});

	it('refuses malformed requests: no cookie, broken JSON, a bad key', async () => {
		const nobody = await api('POST', votePath(approval.id, '/ballots'), {
			body: { choice: { optionIds: [] }, idempotencyKey: newKey() }
		});
		expect(nobody.status).toBe(401);
		const broken = await api('POST', votePath(approval.id, '/ballots'), {
			cookie: wargaCookie,
			raw: '{"choice": '
		});
		expect(broken.status).toBe(400);
		expect(broken.json.error).toBe('malformed_json');
		const badKey = await ballot(approval.id, { optionIds: [] }, wargaCookie, 'x');
		expect(badKey.status).toBe(400);
		expect(badKey.json).toMatchObject({
			error: 'invalid',
			fields: { idempotencyKey: ['invalid'] }
		});
		const unknown = await ballot('00000000-0000-4000-8000-000000000000', { answer: 'yes' });
		expect(unknown.status).toBe(404);
		expect((await api('GET', votePath(approval.id, '/my-ballot'))).status).toBe(401);
	});

	// The server answers ballots before SvelteKit (decision 0008): these are its own reading of
	// the request, which must refuse what the SvelteKit route refuses, in the person's language.
	it('reads a ballot request as the API does: type, size, language, headers', async () => {
		const url = app.url + votePath(approval.id, '/ballots');
		const send = (headers: Record<string, string>, body: string) =>
			fetch(url, { method: 'POST', headers: { cookie: wargaCookie, ...headers }, body });
		const text = await send({ 'content-type': 'text/plain' }, '{}');
		expect(text.status).toBe(415);
		expect(((await text.json()) as Json).error).toBe('unsupported_media_type');
		const huge = await send(
			{ 'content-type': 'application/json' },
			JSON.stringify({ choice: { optionIds: [] }, pad: 'x'.repeat(70_000) })
		);
		expect(huge.status).toBe(413);
		const english = await send(
			{ 'content-type': 'application/json', cookie: `${wargaCookie}; PARAGLIDE_LOCALE=en` },
			JSON.stringify({
				choice: { optionIds: approval.options.map((o) => o.id) },
				idempotencyKey: newKey()
			})
		);
		expect(english.status).toBe(422);
		const indonesian = await send(
			{ 'content-type': 'application/json' },
			JSON.stringify({
				choice: { optionIds: approval.options.map((o) => o.id) },
				idempotencyKey: newKey()
			})
		);
		const [en, id] = [(await english.json()) as Json, (await indonesian.json()) as Json];
		expect(en.error).toBe('invalid_ballot');
		expect(id.error).toBe('invalid_ballot');
		expect(en.message).not.toBe(id.message);
		expect(english.headers.get('x-content-type-options')).toBe('nosniff');
		expect(english.headers.get('cache-control')).toBe('no-store');
		// Other methods on the same path still reach SvelteKit (which has no GET here).
		expect((await fetch(url, { headers: { cookie: wargaCookie } })).status).toBe(405);
	});
});

describe('closing, counts by hand and decisions', () => {
	it('refuses decisions before closing, then records them on the final tally', async () => {
		const outcome = { outcomes: [{ optionId: approval.options[0].id, outcome: 'agreed' }] };
		const early = await api('POST', votePath(approval.id, '/decisions'), {
			cookie: staffCookie,
			body: outcome
		});
		expect(early.status).toBe(409);
		expect(early.json.error).toBe('not_closed');

		const hands = await api('POST', votePath(approval.id, '/hybrid-counts'), {
			cookie: staffCookie,
			body: {
				source: 'hands',
				voters: 3,
				counts: { [approval.options[0].id]: 3 },
				note: 'Angkat tangan'
			}
		});
		expect(hands.status).toBe(201);
		expect(hands.json.count).toMatchObject({ source: 'hands', voters: 3 });

		const closing = await api('POST', votePath(approval.id, '/close'), {
			cookie: staffCookie,
			raw: ''
		});
		expect(closing.status).toBe(200);
		const late = await ballot(approval.id, { optionIds: [] });
		expect(late.status).toBe(409);
		expect(late.json.error).toBe('closed');

		const tally = await tallyOf(approval.id);
		const first = tally.result.options!.find((o) => o.optionId === approval.options[0].id)!;
		expect(first).toMatchObject({ total: 4, bySource: { phone: 1, hands: 3, paper: 0 } });

		const decided = await api('POST', votePath(approval.id, '/decisions'), {
			cookie: staffCookie,
			body: outcome
		});
		expect(decided.status).toBe(201);
		const seen = await api('GET', votePath(approval.id, '/decisions'), { cookie: wargaCookie });
		expect(seen.status).toBe(200);
		expect(seen.json.decisions).toEqual([
			expect.objectContaining({ optionId: approval.options[0].id, outcome: 'agreed' })
		]);
	});

	it('refuses to close a vote never opened (409 not_open)', async () => {
		const r = await api('POST', votePath(draft.id, '/close'), { cookie: staffCookie, raw: '' });
		expect(r.status).toBe(409);
		expect(r.json.error).toBe('not_open');
	});
});
