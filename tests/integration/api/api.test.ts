import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/lib/server/db/client.ts';
import { startApp, type AppProcess } from '../../support/app-process.ts';
import { setCookies } from '../../support/http.ts';
import { prepareAppFolder } from '../../support/realtime-server.ts';
import { buildMeetingInput } from '../../factories/meetings.ts';
import { createUser } from '../../factories/users.ts';

/**
 * The JSON API against the built server (`npm run build` first): status codes, error bodies,
 * cookies and permissions over real HTTP. The services behind it are tested in their own files.
 */

type Fixture = Awaited<ReturnType<typeof prepareAppFolder>>['fx'];

let app: AppProcess;
let fx: Fixture;
let staffCookie: string;
let outsiderCookie: string;
const cleanups: Array<() => Promise<unknown>> = [];
const OUTSIDER = { username: 'fasilitator-lain', password: 'kata sandi yang panjang' };

beforeAll(async () => {
	const prepared = await prepareAppFolder({ collecting: true });
	cleanups.push(prepared.cleanup);
	fx = prepared.fx;
	// A facilitator of another kelurahan, written before the server takes the folder.
	const handle = await openDatabase({ pgliteDir: prepared.dir });
	try {
		await createUser(handle.db, {
			...OUTSIDER,
			role: 'facilitator',
			kelurahanId: fx.otherKelurahanId
		});
	} finally {
		await handle.close();
	}
	app = await startApp({ PGLITE_DIR: prepared.dir, LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
	cleanups.push(() => app.stop());
	staffCookie = await signIn('fasilitator', 'rembuk-fasilitator');
	outsiderCookie = await signIn(OUTSIDER.username, OUTSIDER.password);
});
afterAll(async () => {
	for (const fn of cleanups.reverse()) await fn();
});

type Call = {
	cookie?: string;
	body?: unknown;
	raw?: string;
	contentType?: string;
	headers?: Record<string, string>;
};

/** A JSON request as a script sends it: no Origin header, JSON body. */
async function api(method: string, path: string, opts: Call = {}) {
	const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
	if (opts.cookie) headers.cookie = opts.cookie;
	let body: string | undefined;
	if (opts.raw !== undefined || opts.body !== undefined) {
		headers['content-type'] = opts.contentType ?? 'application/json';
		body = opts.raw ?? JSON.stringify(opts.body);
	}
	const res = await fetch(app.url + path, { method, headers, body, redirect: 'manual' });
	const text = await res.text();
	const json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
	return { res, status: res.status, json: json as Record<string, never> };
}

async function signIn(username: string, password: string) {
	const { res, status } = await api('POST', '/api/v1/session', { body: { username, password } });
	expect(status).toBe(200);
	const cookie = setCookies(res).find((c) => c.name === 'rembuk_session');
	return `rembuk_session=${cookie!.value}`;
}

async function join(code: string | null, extra: Record<string, unknown> = {}, cookie?: string) {
	return api('POST', '/api/v1/join', {
		cookie,
		body: { code, displayName: 'Bu Siti', rt: 3, rw: 2, ...extra }
	});
}

const meetingPath = (id: string, rest = '') => `/api/v1/meetings/${id}${rest}`;

describe('POST/DELETE /api/v1/session', () => {
	it('signs in with the session cookie of the login page, and signs out', async () => {
		const { res, status, json } = await api('POST', '/api/v1/session', {
			body: { username: 'staf', password: 'rembuk-staf' }
		});
		expect(status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(json.user).toMatchObject({ username: 'staf', role: 'staff' });
		const cookie = setCookies(res).find((c) => c.name === 'rembuk_session')!;
		expect(cookie.attributes.get('httponly')).toBe(true);
		expect(cookie.attributes.get('samesite')).toBe('Lax');
		const header = `rembuk_session=${cookie.value}`;
		expect((await api('GET', '/api/v1/meetings', { cookie: header })).status).toBe(200);

		const out = await api('DELETE', '/api/v1/session', { cookie: header });
		expect(out.status).toBe(204);
		expect(setCookies(out.res).find((c) => c.name === 'rembuk_session')?.value).toBe('');
		const after = await api('GET', '/api/v1/meetings', { cookie: header });
		expect(after.status).toBe(401);
		expect(after.json.error).toBe('unauthenticated');
	});

	it('refuses a wrong password with 401 and sets no cookie', async () => {
		const { res, status, json } = await api('POST', '/api/v1/session', {
			body: { username: 'fasilitator', password: 'salah' }
		});
		expect(status).toBe(401);
		expect(json).toEqual({
			error: 'invalid_credentials',
			message: 'Nama pengguna atau kata sandi salah.'
		});
		expect(setCookies(res)).toEqual([]);
	});

	it('answers 429 with Retry-After once an account is past its failures', async () => {
		for (let i = 0; i < 3; i++) {
			await api('POST', '/api/v1/session', { body: { username: 'admin', password: 'x' } });
		}
		const { res, status, json } = await api('POST', '/api/v1/session', {
			body: { username: 'admin', password: 'rembuk-admin' }
		});
		expect(status).toBe(429);
		expect(json.error).toBe('rate_limited');
		expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
	});

	it.each<[string, Call, number, string]>([
		['a missing password', { body: { username: 'fasilitator' } }, 422, 'invalid'],
		['malformed JSON', { raw: '{"username": ' }, 400, 'malformed_json'],
		['a JSON array', { raw: '[1,2]' }, 400, 'malformed_json'],
		['an XML body', { raw: '<x/>', contentType: 'application/xml' }, 415, 'unsupported_media_type'],
		['no body at all', {}, 415, 'unsupported_media_type'],
		[
			'an oversized body',
			{ body: { username: 'a', password: 'p'.repeat(70_000) } },
			413,
			'payload_too_large'
		]
	])('refuses %s', async (_label, call, status, error) => {
		const r = await api('POST', '/api/v1/session', call);
		expect(r.status).toBe(status);
		expect(r.json.error).toBe(error);
		expect(typeof r.json.message).toBe('string');
		expect(setCookies(r.res)).toEqual([]);
	});

	it('names the missing field', async () => {
		const r = await api('POST', '/api/v1/session', { body: { username: 'fasilitator' } });
		expect(r.json.fields).toEqual({ password: ['required'] });
	});

	it('leaves a cross-site form post to SvelteKit’s origin check (403), never signing in', async () => {
		const res = await fetch(app.url + '/api/v1/session', {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: 'https://evil.example'
			},
			body: 'username=fasilitator&password=rembuk-fasilitator'
		});
		expect(res.status).toBe(403);
		expect(setCookies(res)).toEqual([]);
	});
});

describe('meetings', () => {
	it('needs a signed-in account', async () => {
		expect((await api('GET', '/api/v1/meetings')).status).toBe(401);
		expect((await api('GET', meetingPath(fx.meeting.id))).status).toBe(401);
		const created = await api('POST', '/api/v1/meetings', { body: buildMeetingInput() });
		expect(created.status).toBe(401);
	});

	it('creates, reads, lists and patches a meeting', async () => {
		const created = await api('POST', '/api/v1/meetings', {
			cookie: staffCookie,
			body: buildMeetingInput({ title: 'Rembuk RW 05', rwScope: [5] })
		});
		expect(created.status).toBe(201);
		const meeting = created.json.meeting as Record<string, unknown>;
		expect(meeting).toMatchObject({
			title: 'Rembuk RW 05',
			phase: 'draft',
			rwScope: [5],
			joinCode: expect.any(String)
		});
		expect(created.res.headers.get('location')).toBe(meetingPath(meeting.id as string));

		const read = await api('GET', meetingPath(meeting.id as string), { cookie: staffCookie });
		expect(read.json.meeting).toEqual(meeting);
		const list = await api('GET', '/api/v1/meetings', { cookie: staffCookie });
		expect((list.json.meetings as Array<{ id: string }>).map((m) => m.id)).toContain(meeting.id);

		const patched = await api('PATCH', meetingPath(meeting.id as string), {
			cookie: staffCookie,
			body: { place: 'Aula RW 05', budgetCeiling: 20_000_000 }
		});
		expect(patched.status).toBe(200);
		expect(patched.json.meeting).toMatchObject({
			title: 'Rembuk RW 05',
			place: 'Aula RW 05',
			budgetCeiling: 20_000_000,
			rwScope: [5]
		});
	});

	it('refuses invalid meetings with 422 and the fields, changing nothing', async () => {
		const bad = await api('POST', '/api/v1/meetings', {
			cookie: staffCookie,
			body: buildMeetingInput({ title: 'ab', sectors: ['antariksa'] })
		});
		expect(bad.status).toBe(422);
		expect(bad.json.error).toBe('invalid');
		expect(Object.keys(bad.json.fields)).toContain('title');

		const misspelt = await api('PATCH', meetingPath(fx.meeting.id), {
			cookie: staffCookie,
			body: { budget: 5 }
		});
		expect(misspelt.status).toBe(422);
		expect(Object.keys(misspelt.json.fields)).toEqual(['budget']);
		const after = await api('GET', meetingPath(fx.meeting.id), { cookie: staffCookie });
		expect(after.json.meeting).toMatchObject({ title: fx.meeting.title });
	});

	it('hides another kelurahan’s meeting as 404', async () => {
		for (const [method, rest, body] of [
			['GET', '', undefined],
			['PATCH', '', { place: 'x' }],
			['POST', '/phase', { to: 'voting' }],
			['POST', '/board-lock', { locked: true }],
			['GET', '/participants', undefined],
			['GET', '/attendance', undefined],
			['GET', '/board', undefined],
			['POST', '/finalize', {}],
			['GET', '/usulan', undefined]
		] as const) {
			const r = await api(method, meetingPath(fx.meeting.id, rest), {
				cookie: outsiderCookie,
				body
			});
			expect([method, rest, r.status]).toEqual([method, rest, 404]);
			expect(r.json.error).toBe('not_found');
		}
	});

	it('answers 404 for an unknown meeting and for a malformed id', async () => {
		const unknown = '00000000-0000-4000-8000-000000000000';
		expect((await api('GET', meetingPath(unknown), { cookie: staffCookie })).status).toBe(404);
		const malformed = await fetch(`${app.url}/api/v1/meetings/not-a-uuid`, {
			headers: { cookie: staffCookie }
		});
		expect(malformed.status).toBe(404);
	});

	it('moves the phase forward only, and validates `to`', async () => {
		const created = await api('POST', '/api/v1/meetings', {
			cookie: staffCookie,
			body: buildMeetingInput({ title: 'Forum tematik UMKM' })
		});
		const id = (created.json.meeting as { id: string }).id;
		const open = await api('POST', meetingPath(id, '/phase'), {
			cookie: staffCookie,
			body: { to: 'collecting' }
		});
		expect(open.status).toBe(200);
		expect(open.json.meeting).toMatchObject({ phase: 'collecting' });
		const back = await api('POST', meetingPath(id, '/phase'), {
			cookie: staffCookie,
			body: { to: 'open' }
		});
		expect(back.status).toBe(409);
		expect(back.json).toMatchObject({ error: 'wrong_phase', reason: 'backwards' });
		const bad = await api('POST', meetingPath(id, '/phase'), {
			cookie: staffCookie,
			body: { to: 'draft' }
		});
		expect(bad.status).toBe(422);
		expect(bad.json.fields).toEqual({ to: ['invalid'] });
	});
});

describe('joining, participants and the board', () => {
	let residentCookie: string;

	beforeAll(async () => {
		const joined = await join(fx.meeting.joinCode);
		expect(joined.status).toBe(201);
		const cookie = setCookies(joined.res).find((c) => c.name === 'rembuk_participant')!;
		expect(cookie.attributes.get('httponly')).toBe(true);
		residentCookie = `rembuk_participant=${cookie.value}`;
	});

	it('joins by code, and rejoins as the same participant with the cookie', async () => {
		const again = await join(fx.meeting.joinCode, { displayName: 'Ibu Siti' }, residentCookie);
		expect(again.status).toBe(200);
		expect(again.json).toMatchObject({ meetingId: fx.meeting.id, rejoined: true });
	});

	it.each<[string, () => ReturnType<typeof join>, number, Record<string, unknown>]>([
		['an unknown code', () => join('ZZZZZZ'), 404, { error: 'unknown_code' }],
		['a meeting still in draft', () => join(fx.other.joinCode), 409, { reason: 'not_open' }],
		[
			'invalid answers',
			() => join(fx.meeting.joinCode, { displayName: 'A', rt: 0 }),
			422,
			{ error: 'invalid', fields: { displayName: ['too_short'], rt: ['out_of_range'] } }
		]
	])('refuses %s', async (_label, call, status, body) => {
		const r = await call();
		expect(r.status).toBe(status);
		expect(r.json).toMatchObject(body);
		expect(setCookies(r.res).filter((c) => c.name === 'rembuk_participant')).toEqual([]);
	});

	it('lists participants and attendance for staff only', async () => {
		const list = await api('GET', meetingPath(fx.meeting.id, '/participants'), {
			cookie: staffCookie
		});
		expect(list.status).toBe(200);
		expect(list.json.participants).toContainEqual(
			expect.objectContaining({ displayName: 'Ibu Siti', rt: 3, rw: 2, status: 'active' })
		);
		const figures = await api('GET', meetingPath(fx.meeting.id, '/attendance'), {
			cookie: staffCookie
		});
		expect(figures.status).toBe(200);
		expect(figures.json.attendance).toEqual(expect.any(Object));
		for (const rest of ['/participants', '/attendance']) {
			const r = await api('GET', meetingPath(fx.meeting.id, rest), { cookie: residentCookie });
			expect(r.status).toBe(401);
		}
	});

	it('adds usulan through the board model for residents and staff, and reads the board', async () => {
		const added = await api('POST', meetingPath(fx.meeting.id, '/board/items'), {
			cookie: residentCookie,
			body: {
				title: '  Pelatihan menjahit  ',
				sector: 'pendidikan',
				fundingSource: 'dana_kelurahan',
				rt: 3,
				rw: 2,
				volume: 2.5,
				unit: 'hari',
				estimatedCost: 12_500_000,
				proposers: [{ name: 'Bu Siti', rt: 3, rw: 2 }]
			}
		});
		expect(added.status).toBe(201);
		expect(added.json.item).toMatchObject({ title: 'Pelatihan menjahit', volume: 2.5 });
		const byStaff = await api('POST', meetingPath(fx.meeting.id, '/board/items'), {
			cookie: staffCookie,
			body: { title: 'Lampu jalan', sector: 'infrastruktur', fundingSource: 'swadaya' }
		});
		expect(byStaff.status).toBe(201);

		const board = await api('GET', meetingPath(fx.meeting.id, '/board'), {
			cookie: residentCookie
		});
		expect(board.status).toBe(200);
		expect((board.json.items as Array<{ title: string }>).map((i) => i.title)).toEqual([
			'Pelatihan menjahit',
			'Lampu jalan'
		]);
		expect(board.json).toMatchObject({ locked: false, writable: true, invalid: [] });
	});

	it('refuses invalid usulan fields with 422 and writes nothing', async () => {
		const r = await api('POST', meetingPath(fx.meeting.id, '/board/items'), {
			cookie: residentCookie,
			body: {
				title: '   ',
				sector: 'antariksa',
				fundingSource: 'hibah',
				rt: 0,
				volume: -1,
				estimatedCost: 1.5,
				proposers: [{ name: '' }]
			}
		});
		expect(r.status).toBe(422);
		expect(r.json.error).toBe('invalid');
		expect(r.json.fields).toEqual({
			title: ['empty'],
			sector: ['unknownSector'],
			fundingSource: ['unknownValue'],
			rt: ['outOfRange'],
			volume: ['negative'],
			estimatedCost: ['notInteger'],
			'proposers.0.name': ['empty']
		});
		const board = await api('GET', meetingPath(fx.meeting.id, '/board'), {
			cookie: staffCookie
		});
		expect(board.json.items).toHaveLength(2);
	});

	it('refuses residents while the board is locked, and lets staff on', async () => {
		const locked = await api('POST', meetingPath(fx.meeting.id, '/board-lock'), {
			cookie: staffCookie,
			body: { locked: true }
		});
		expect(locked.json.meeting).toMatchObject({ boardLocked: true });
		const item = { title: 'Bank sampah', sector: 'ekonomi', fundingSource: 'csr' };
		const resident = await api('POST', meetingPath(fx.meeting.id, '/board/items'), {
			cookie: residentCookie,
			body: item
		});
		expect(resident.status).toBe(403);
		expect(resident.json.error).toBe('board_read_only');
		const board = await api('GET', meetingPath(fx.meeting.id, '/board'), {
			cookie: residentCookie
		});
		expect(board.json).toMatchObject({ locked: true, writable: false });
		const staff = await api('POST', meetingPath(fx.meeting.id, '/board/items'), {
			cookie: staffCookie,
			body: item
		});
		expect(staff.status).toBe(201);
		await api('POST', meetingPath(fx.meeting.id, '/board-lock'), {
			cookie: staffCookie,
			body: { locked: false }
		});
	});

	it('refuses the board to nobody and to another meeting’s participant', async () => {
		expect((await api('GET', meetingPath(fx.meeting.id, '/board'))).status).toBe(401);
		const item = { title: 'X', sector: 'ekonomi', fundingSource: 'csr' };
		expect(
			(await api('POST', meetingPath(fx.meeting.id, '/board/items'), { body: item })).status
		).toBe(401);
		const other = await api('GET', meetingPath(fx.other.id, '/board'), {
			cookie: residentCookie
		});
		expect(other.status).toBe(404);
	});

	it('finalizes for staff (201, then 200 while unchanged), never for residents', async () => {
		const resident = await api('POST', meetingPath(fx.meeting.id, '/finalize'), {
			cookie: residentCookie,
			raw: ''
		});
		expect(resident.status).toBe(403);
		expect(resident.json.error).toBe('forbidden');
		const none = await api('POST', meetingPath(fx.meeting.id, '/finalize'), { raw: '' });
		expect(none.status).toBe(401);
		// Same-origin, so SvelteKit's form check lets it through to ours.
		const notJson = await api('POST', meetingPath(fx.meeting.id, '/finalize'), {
			cookie: staffCookie,
			raw: '',
			contentType: 'text/plain',
			headers: { origin: app.url }
		});
		expect(notJson.status).toBe(415);
		expect(notJson.json.error).toBe('unsupported_media_type');

		const first = await api('POST', meetingPath(fx.meeting.id, '/finalize'), {
			cookie: staffCookie,
			raw: ''
		});
		expect(first.status).toBe(201);
		expect(first.json.version).toMatchObject({ version: 1, meetingId: fx.meeting.id });
		expect(
			(first.json.usulan as Array<{ rank: number; title: string }>).map((u) => [u.rank, u.title])
		).toEqual([
			[1, 'Pelatihan menjahit'],
			[2, 'Lampu jalan'],
			[3, 'Bank sampah']
		]);
		const second = await api('POST', meetingPath(fx.meeting.id, '/finalize'), {
			cookie: staffCookie,
			body: {}
		});
		expect(second.status).toBe(200);
		expect(second.json).toMatchObject({ created: false, version: { version: 1 } });

		const seen = await api('GET', meetingPath(fx.meeting.id, '/usulan'), {
			cookie: residentCookie
		});
		expect(seen.status).toBe(200);
		expect(seen.json.version).toMatchObject({ version: 1 });
		expect(seen.json.usulan).toHaveLength(3);
		expect(seen.json.usulan[0]).toMatchObject({
			itemId: expect.any(String),
			title: 'Pelatihan menjahit',
			proposers: [{ name: 'Bu Siti', rt: 3, rw: 2 }],
			estimatedCost: 12_500_000
		});
	});

	it('refuses to finalize a meeting that has collected nothing yet (409)', async () => {
		const r = await api('POST', meetingPath(fx.other.id, '/finalize'), {
			cookie: staffCookie,
			body: {}
		});
		expect(r.status).toBe(409);
		expect(r.json).toMatchObject({ error: 'wrong_phase', reason: 'too_early' });
		const usulan = await api('GET', meetingPath(fx.other.id, '/usulan'), { cookie: staffCookie });
		expect(usulan.json).toEqual({ version: null, usulan: [], skipped: [] });
	});
});

describe('GET /api/openapi.json', () => {
	it('serves the OpenAPI document', async () => {
		const res = await fetch(`${app.url}/api/openapi.json`);
		expect(res.status).toBe(200);
		const doc = await res.json();
		expect(doc.openapi).toBe('3.1.0');
		expect(Object.keys(doc.paths)).toContain('/api/v1/meetings/{meetingId}/finalize');
	});
});
