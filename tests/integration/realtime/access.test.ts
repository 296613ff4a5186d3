import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docName } from '../../../src/lib/realtime/doc-names.ts';
import { advanceMeetingPhase, setBoardLocked } from '../../../src/lib/server/meetings/service.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';
import {
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import {
	trackedClients,
	synced,
	until,
	upgradeStatus,
	type TestClient
} from '../../support/yclient.ts';

/** The access the server last announced to a client (hello or access message). */
function lastAccess(c: TestClient) {
	for (let i = c.control.length - 1; i >= 0; i--) {
		const m = c.control[i];
		if (m.t === 'access' || m.t === 'hello') return m.access;
	}
	return undefined;
}

describe.each(drivers)('realtime endpoint on %s: sync, auth and access', (driver) => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	const clients = trackedClients();
	const client = clients.connect;

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
	});
	afterAll(async () => {
		clients.destroyAll();
		await server?.close();
		await db?.cleanup();
	});

	it('syncs text and awareness between two stock y-websocket clients', async () => {
		await advanceMeetingPhase(db.db, fx.actor, { meetingId: fx.meeting.id, to: 'collecting' });
		const { token } = await fx.participant();
		const board = docName.board(fx.meeting.id);
		const a = client(server.wsUrl, board, fx.staffCookie);
		const b = client(server.wsUrl, board, `rembuk_participant=${token}`);
		await Promise.all([synced(a), synced(b)]);
		a.doc.getText('t').insert(0, 'Perbaikan saluran air RT 03');
		await until(() => b.doc.getText('t').toString() === 'Perbaikan saluran air RT 03', 'a → b');
		b.doc.getText('t').insert(0, '[usulan] ');
		await until(() => a.doc.getText('t').toString().startsWith('[usulan] '), 'b → a');

		a.provider.awareness.setLocalStateField('user', { name: 'Fasilitator' });
		await until(
			() =>
				[...b.provider.awareness.getStates().values()].some(
					(s) => (s as { user?: { name: string } }).user?.name === 'Fasilitator'
				),
			'awareness a → b'
		);
		expect(b.doc.getText('t').toString()).toBe('[usulan] Perbaikan saluran air RT 03');
	});

	it('refuses sockets without credentials (401), with bad ones (401) and to foreign docs (403)', async () => {
		const board = docName.board(fx.meeting.id);
		expect(await upgradeStatus(server.wsUrl, board)).toBe(401);
		expect(
			await upgradeStatus(server.wsUrl, board, 'rembuk_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')
		).toBe(401);
		expect(await upgradeStatus(server.wsUrl, board, 'rembuk_participant=nonsense')).toBe(401);
		const { token } = await fx.participant(fx.other.id);
		await advanceMeetingPhase(db.db, fx.actor, { meetingId: fx.other.id, to: 'open' });
		// a participant of the other meeting may not open this meeting's docs
		expect(await upgradeStatus(server.wsUrl, board, `rembuk_participant=${token}`)).toBe(403);
		expect(
			await upgradeStatus(server.wsUrl, docName.board(fx.other.id), `rembuk_participant=${token}`)
		).toBe(101);
		// unknown doc names and other paths
		expect(await upgradeStatus(server.wsUrl, 'meeting/nope/board', fx.staffCookie)).toBe(404);
		expect(
			await upgradeStatus(server.wsUrl, `meeting/${crypto.randomUUID()}/board`, fx.staffCookie)
		).toBe(403);
		// a page on another site must not open sockets with the visitor's cookies
		expect(
			await upgradeStatus(server.wsUrl, board, fx.staffCookie, { origin: 'http://evil.example' })
		).toBe(403);
		expect(await upgradeStatus(server.wsUrl, board, fx.staffCookie, { origin: server.url })).toBe(
			101
		);
	});

	it('never applies or relays writes from a read-only connection; the client learns it is read-only', async () => {
		const live = docName.live(fx.meeting.id);
		const writer = client(server.wsUrl, live, fx.staffCookie, { control: true });
		const other = client(server.wsUrl, live, fx.staffCookie);
		await Promise.all([synced(writer), synced(other)]);
		await until(() => writer.control.some((m) => m.t === 'hello'), 'hello');
		expect(writer.control.find((m) => m.t === 'hello')).toMatchObject({ access: 'read' });
		writer.doc.getMap('live').set('phase', 'hacked');
		// a server write after it proves the pipeline ran: the hack must not be in front of it
		const handle = await server.realtime.openDoc(live);
		handle.transact((d) => d.getMap('live').set('marker', 1));
		await handle.flush();
		handle.release();
		await until(() => other.doc.getMap('live').get('marker') === 1, 'marker');
		expect(other.doc.getMap('live').get('phase')).toBeUndefined();
		// and a fresh load from the database does not have it either
		const fresh = client(server.wsUrl, live, fx.staffCookie);
		await synced(fresh);
		expect(fresh.doc.getMap('live').get('marker')).toBe(1);
		expect(fresh.doc.getMap('live').get('phase')).toBeUndefined();
	});

	it('downgrades a live connection when the board is locked and the meeting moves on', async () => {
		const { token } = await fx.participant();
		const board = docName.board(fx.meeting.id);
		const resident = client(server.wsUrl, board, `rembuk_participant=${token}`, { control: true });
		const watcher = client(server.wsUrl, board, fx.staffCookie);
		await Promise.all([synced(resident), synced(watcher)]);
		await until(() => resident.control.some((m) => m.t === 'hello'), 'hello');
		expect(resident.control.find((m) => m.t === 'hello')).toMatchObject({ access: 'write' });
		resident.doc.getMap('items').set('a', 'before lock');
		await until(
			() => watcher.doc.getMap('items').get('a') === 'before lock',
			'write while collecting'
		);

		await setBoardLocked(db.db, fx.actor, { meetingId: fx.meeting.id, locked: true });
		await until(
			() => resident.control.some((m) => m.t === 'access' && m.access === 'read'),
			'downgrade'
		);
		resident.doc.getMap('items').set('b', 'after lock');
		watcher.doc.getMap('items').set('c', 'facilitator still edits');
		await until(
			() => resident.doc.getMap('items').get('c') === 'facilitator still edits',
			'staff write'
		);
		expect(watcher.doc.getMap('items').get('b')).toBeUndefined();

		await setBoardLocked(db.db, fx.actor, { meetingId: fx.meeting.id, locked: false });
		await until(() => lastAccess(resident) === 'write', 'upgrade');
		await advanceMeetingPhase(db.db, fx.actor, { meetingId: fx.meeting.id, to: 'voting' });
		await until(() => lastAccess(resident) === 'read', 'voting is read-only');
		resident.doc.getMap('items').set('d', 'during voting');
		const probe = await server.realtime.openDoc(board);
		probe.transact((d) => d.getMap('probe').set('x', 1));
		await probe.flush();
		probe.release();
		await until(() => watcher.doc.getMap('probe').get('x') === 1, 'probe');
		expect(watcher.doc.getMap('items').get('d')).toBeUndefined();
	});

	it('coalesces many server writes in one tick into one message per connection', async () => {
		const live = docName.live(fx.other.id);
		const viewer = client(server.wsUrl, live, fx.staffCookie);
		await synced(viewer);
		let updates = 0;
		viewer.doc.on('update', () => updates++);
		const handle = await server.realtime.openDoc(live);
		for (let i = 0; i < 200; i++)
			handle.transact((d) => d.getMap('tally').set(`option${i % 5}`, i));
		await handle.flush();
		handle.release();
		await until(() => viewer.doc.getMap('tally').get('option4') === 199, 'tally');
		expect(updates).toBe(1);
		const roundTrip = new Y.Doc();
		Y.applyUpdate(roundTrip, Y.encodeStateAsUpdate(viewer.doc));
		expect(roundTrip.getMap('tally').toJSON()).toEqual({
			option0: 195,
			option1: 196,
			option2: 197,
			option3: 198,
			option4: 199
		});
	});
});
