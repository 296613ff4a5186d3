import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addItem,
	boardItems,
	readBoard,
	type BoardView
} from '../../../src/lib/realtime/board/index.ts';
import { writeRawItem } from '../../../src/lib/realtime/board/testing.ts';
import { docName } from '../../../src/lib/realtime/doc-names.ts';
import { meetingPhase } from '../../../src/lib/domain/meeting-phase.ts';
import {
	advanceMeetingPhase,
	getMeeting,
	MeetingServiceError,
	setBoardLocked
} from '../../../src/lib/server/meetings/service.ts';
import { startApp, type AppProcess } from '../../support/app-process.ts';
import { setCookies } from '../../support/http.ts';
import {
	prepareAppFolder,
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { testMeetingSectors } from '../../factories/meetings.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';
import { synced, trackedClients, until, upgradeStatus } from '../../support/yclient.ts';

/**
 * Refusals the issue names that no other file covers: one meeting's resident reaching into
 * another meeting's docs, a resident moving the meeting on, and junk a writer puts into the board
 * (other phones must still read the valid items). Wrong codes and locked joining are in
 * participants/join.test.ts, invalid usulan fields in usulan/board-service.test.ts and
 * api/api.test.ts, finalizing over junk in usulan/finalize.test.ts.
 */

describe.each(drivers)('refusals on %s', (driver) => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	const clients = trackedClients();
	const client = clients.connect;

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		await advanceMeetingPhase(db.db, fx.actor, { meetingId: fx.meeting.id, to: 'collecting' });
		await advanceMeetingPhase(db.db, fx.actor, { meetingId: fx.other.id, to: 'collecting' });
	});
	afterAll(async () => {
		clients.destroyAll();
		await server?.close();
		await db?.cleanup();
	});

	it("refuses a resident of meeting A at the upgrade to meeting B's board and live docs", async () => {
		const a = await fx.participant(fx.meeting.id, 'Warga A');
		const cookieA = `rembuk_participant=${a.token}`;
		for (const doc of [docName.board(fx.other.id), docName.live(fx.other.id)]) {
			expect(await upgradeStatus(server.wsUrl, doc, cookieA)).toBe(403);
		}
		// The same cookie opens its own meeting's docs, so the 403s above are about the meeting.
		for (const doc of [docName.board(fx.meeting.id), docName.live(fx.meeting.id)]) {
			expect(await upgradeStatus(server.wsUrl, doc, cookieA)).toBe(101);
		}
	});

	it('refuses a resident moving the phase or locking the board, and changes nothing', async () => {
		// A resident has no account: the routes hand the services no staff actor at all.
		// Started one at a time: a refusal must never be left without a handler.
		const calls = [
			() => advanceMeetingPhase(db.db, null, { meetingId: fx.meeting.id, to: 'voting' }),
			() => advanceMeetingPhase(db.db, null, { meetingId: fx.meeting.id, to: 'closed' }),
			() => setBoardLocked(db.db, null, { meetingId: fx.meeting.id, locked: true })
		];
		for (const call of calls) {
			const e = await call().then(
				() => null,
				(err: unknown) => err
			);
			expect(e).toBeInstanceOf(MeetingServiceError);
			expect((e as MeetingServiceError).code).toBe('forbidden');
		}
		const after = await getMeeting(db.db, fx.meeting.id);
		expect(after && meetingPhase(after)).toBe('collecting');
		expect(after?.boardLockedAt).toBeNull();
	});

	it('keeps junk a writer puts straight into the board from hiding the valid items on other phones', async () => {
		const writerToken = await fx.participant(fx.meeting.id, 'Penulis');
		const readerToken = await fx.participant(fx.meeting.id, 'Pembaca');
		const board = docName.board(fx.meeting.id);
		const writer = client(server.wsUrl, board, `rembuk_participant=${writerToken.token}`);
		const reader = client(server.wsUrl, board, `rembuk_participant=${readerToken.token}`);
		await Promise.all([synced(writer), synced(reader)]);

		writer.doc.transact(() => {
			boardItems(writer.doc).set('junk-string', 'not an item');
			writeRawItem(writer.doc, 'bad-title', { title: 42, order: 'a1' });
			writeRawItem(writer.doc, 'bad-cost', { estimatedCost: -5, order: 'a2' });
			writeRawItem(writer.doc, 'bad-sector', { sector: 'antariksa', order: 'a3' });
			writeRawItem(writer.doc, 'good-raw', { order: 'a4' });
		});
		const added = addItem(
			writer.doc,
			{ title: 'Posyandu', sector: 'pendidikan', fundingSource: 'swadaya' },
			{
				sectors: testMeetingSectors,
				actorId: writerToken.participantId,
				now: Date.now(),
				id: 'good-added'
			}
		);
		expect(added.ok).toBe(true);

		const view = (doc: Y.Doc): BoardView => readBoard(doc, { sectors: testMeetingSectors });
		await until(() => boardItems(reader.doc).size === 6, 'the writes reach the reader');
		const seen = view(reader.doc);
		expect(seen.items.map((i) => i.id)).toEqual(['good-raw', 'good-added']);
		expect(seen.invalid.map((i) => i.id)).toEqual([
			'bad-cost',
			'bad-sector',
			'bad-title',
			'junk-string'
		]);
		const reasons = Object.fromEntries(seen.invalid.map((i) => [i.id, i.reasons]));
		expect(reasons['junk-string']).toContainEqual({ field: 'item', code: 'wrongType' });
		expect(reasons['bad-title']).toContainEqual({ field: 'title', code: 'wrongType' });
		expect(reasons['bad-cost']).toContainEqual({ field: 'estimatedCost', code: 'negative' });
		expect(reasons['bad-sector']).toContainEqual({ field: 'sector', code: 'unknownSector' });
		// A junk entry is never shown from its raw data: a non-text title gives no title.
		expect(seen.invalid.find((i) => i.id === 'bad-title')?.title).toBeNull();

		// A phone that connects later loads the same from the server's stored copy.
		const late = client(server.wsUrl, board, fx.staffCookie);
		await synced(late);
		await until(() => boardItems(late.doc).size === 6, 'the late phone loads the board');
		expect(view(late.doc)).toEqual(seen);
	});
});

/**
 * The same refusals over real HTTP, against the built server (`npm run build` first), including
 * the no-JavaScript usulan form of the phone page.
 */
describe('refusals over HTTP', () => {
	let app: AppProcess;
	let fx: Awaited<ReturnType<typeof prepareAppFolder>>['fx'];
	let staffCookie: string;
	let residentCookie: string;
	const cleanups: Array<() => Promise<unknown>> = [];

	async function call(
		method: string,
		path: string,
		opts: { cookie?: string; body?: unknown; form?: Record<string, string> } = {}
	) {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (opts.cookie) headers.cookie = opts.cookie;
		let body: string | undefined;
		if (opts.form) {
			// As a browser without JavaScript posts it: same origin, urlencoded, HTML wanted.
			headers['content-type'] = 'application/x-www-form-urlencoded';
			headers.origin = app.url;
			headers.accept = 'text/html';
			body = new URLSearchParams(opts.form).toString();
		} else if (opts.body !== undefined) {
			headers['content-type'] = 'application/json';
			body = JSON.stringify(opts.body);
		}
		const res = await fetch(app.url + path, { method, headers, body, redirect: 'manual' });
		const text = await res.text();
		const isJson = res.headers.get('content-type')?.includes('application/json');
		return {
			res,
			status: res.status,
			text,
			json: (isJson && text ? JSON.parse(text) : null) as Record<string, never> | null
		};
	}

	const meetingPath = (id: string, rest = '') => `/api/v1/meetings/${id}${rest}`;

	async function currentMeeting() {
		const r = await call('GET', meetingPath(fx.meeting.id), { cookie: staffCookie });
		expect(r.status).toBe(200);
		return r.json!.meeting as { phase: string; boardLocked: boolean };
	}

	async function boardTitles() {
		const r = await call('GET', meetingPath(fx.meeting.id, '/board'), { cookie: staffCookie });
		expect(r.status).toBe(200);
		return (r.json!.items as Array<{ title: string }>).map((i) => i.title);
	}

	beforeAll(async () => {
		const prepared = await prepareAppFolder({ collecting: true });
		cleanups.push(prepared.cleanup);
		fx = prepared.fx;
		app = await startApp({ PGLITE_DIR: prepared.dir });
		cleanups.push(() => app.stop());
		const signedIn = await call('POST', '/api/v1/session', {
			body: { username: 'fasilitator', password: 'rembuk-fasilitator' }
		});
		expect(signedIn.status).toBe(200);
		const session = setCookies(signedIn.res).find((c) => c.name === 'rembuk_session')!;
		staffCookie = `rembuk_session=${session.value}`;
		const joined = await call('POST', '/api/v1/join', {
			body: { code: fx.meeting.joinCode, displayName: 'Bu Siti', rt: 3, rw: 2 }
		});
		expect(joined.status).toBe(201);
		const token = setCookies(joined.res).find((c) => c.name === 'rembuk_participant')!;
		residentCookie = `rembuk_participant=${token.value}`;
	});
	afterAll(async () => {
		for (const fn of cleanups.reverse()) await fn();
	});

	it('refuses a resident moving the phase or locking the board through the API', async () => {
		const phase = await call('POST', meetingPath(fx.meeting.id, '/phase'), {
			cookie: residentCookie,
			body: { to: 'voting' }
		});
		expect([401, 403]).toContain(phase.status);
		const lock = await call('POST', meetingPath(fx.meeting.id, '/board-lock'), {
			cookie: residentCookie,
			body: { locked: true }
		});
		expect([401, 403]).toContain(lock.status);
		expect(await currentMeeting()).toMatchObject({ phase: 'collecting', boardLocked: false });
	});

	it("hides another meeting's board from a resident, writing nothing there", async () => {
		const r = await call('POST', meetingPath(fx.other.id, '/board/items'), {
			cookie: residentCookie,
			body: { title: 'Titipan', sector: 'ekonomi', fundingSource: 'csr' }
		});
		expect(r.status).toBe(404);
		expect(r.json?.error).toBe('not_found');
		const other = await call('GET', meetingPath(fx.other.id, '/board'), { cookie: staffCookie });
		expect(other.json?.items).toEqual([]);
	});

	it('adds through the no-JavaScript form with the resident as proposer, and refuses it once locked', async () => {
		const form = {
			title: 'Lampu jalan RT 03',
			sector: 'infrastruktur',
			fundingSource: 'swadaya',
			estimatedCost: '2.500.000'
		};
		const added = await call('POST', `/m/${fx.meeting.id}?/addUsulan`, {
			cookie: residentCookie,
			form
		});
		expect(added.status).toBe(200);
		const board = await call('GET', meetingPath(fx.meeting.id, '/board'), { cookie: staffCookie });
		const item = (
			board.json!.items as Array<{ title: string; estimatedCost: number; proposers: unknown }>
		).find((i) => i.title === 'Lampu jalan RT 03');
		expect(item).toMatchObject({
			estimatedCost: 2_500_000,
			proposers: [{ name: 'Bu Siti', rt: 3, rw: 2 }]
		});

		const locked = await call('POST', meetingPath(fx.meeting.id, '/board-lock'), {
			cookie: staffCookie,
			body: { locked: true }
		});
		expect(locked.status).toBe(200);
		const before = await boardTitles();
		const refused = await call('POST', `/m/${fx.meeting.id}?/addUsulan`, {
			cookie: residentCookie,
			form: { ...form, title: 'Tidak boleh masuk' }
		});
		expect(refused.status).toBe(403);
		expect(await boardTitles()).toEqual(before);
		await call('POST', meetingPath(fx.meeting.id, '/board-lock'), {
			cookie: staffCookie,
			body: { locked: false }
		});
	});
});
