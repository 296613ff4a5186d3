import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docName } from '../../../src/lib/realtime/doc-names.ts';
import { CloseCode } from '../../../src/lib/realtime/protocol.ts';
import { advanceMeetingPhase } from '../../../src/lib/server/meetings/service.ts';
import { createYjsStore } from '../../../src/lib/server/realtime/persistence.ts';
import { startApp } from '../../support/app-process.ts';
import {
	prepareAppFolder,
	seedRealtimeFixture,
	startRealtimeServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';
import { connectClient, synced, until } from '../../support/yclient.ts';
import * as Y from 'yjs';

const redisUrl = process.env.REDIS_URL;

describe.runIf(redisUrl).each(drivers)('two processes behind Redis on %s', (driver) => {
	let db: TestDatabase;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		await advanceMeetingPhase(db.db, fx.actor, { meetingId: fx.meeting.id, to: 'collecting' });
	});
	afterAll(async () => {
		await db?.cleanup();
	});

	it('clients on different processes converge; a phase change in one downgrades sockets in both', async () => {
		// Two realtime servers with their own Redis connections stand for two processes.
		const one = await startRealtimeServer(db.db, {}, { redisUrl });
		const two = await startRealtimeServer(db.db, {}, { redisUrl, isolatedFromLocalEvents: true });
		const board = docName.board(fx.meeting.id);
		const { token } = await fx.participant();
		const a = connectClient(one.wsUrl, board, fx.staffCookie);
		const b = connectClient(two.wsUrl, board, `rembuk_participant=${token}`, { control: true });
		await Promise.all([synced(a), synced(b)]);
		for (let i = 0; i < 25; i++) {
			a.doc.getMap('items').set(`a${i}`, i);
			b.doc.getMap('items').set(`b${i}`, i);
		}
		a.doc.getText('t').insert(0, 'dari proses satu ');
		b.doc.getText('t').insert(0, 'dari proses dua ');
		await until(
			() => a.doc.getMap('items').size === 50 && b.doc.getMap('items').size === 50,
			'converged maps'
		);
		await until(
			() => a.doc.getText('t').toString() === b.doc.getText('t').toString(),
			'converged text'
		);
		expect(a.doc.getText('t').length).toBe('dari proses satu dari proses dua '.length);

		// presence counts reach the other process
		await until(
			() => b.control.some((m) => m.t === 'presence' && m.connections === 2),
			'presence across processes'
		);

		// each update was stored once, by the process that received it: a reload has exactly the content
		await one.realtime.rooms.get(board)?.flush();
		await two.realtime.rooms.get(board)?.flush();
		const store = createYjsStore(db.db);
		const reloaded = new Y.Doc();
		for (const u of (await store.load(board)).updates) Y.applyUpdate(reloaded, u);
		expect(reloaded.getMap('items').size).toBe(50);
		expect(reloaded.getText('t').toString()).toBe(a.doc.getText('t').toString());

		// the meeting moves on in "process one": the participant on "process two" becomes read-only
		await advanceMeetingPhase(db.db, fx.actor, { meetingId: fx.meeting.id, to: 'voting' });
		await until(
			() => b.control.some((m) => m.t === 'access' && m.access === 'read'),
			'downgrade via redis'
		);

		a.destroy();
		b.destroy();
		await one.close();
		await two.close();
	});
});

describe('graceful shutdown of the built server (PGlite)', () => {
	it('flushes, sends clients away with 1001, and they reconnect and resync to the next process', async () => {
		const { dir, fx, cleanup } = await prepareAppFolder();
		const board = docName.board(fx.meeting.id);
		let app = await startApp({ PGLITE_DIR: dir, REALTIME_BATCH_MS: '200' });
		const port = app.port;
		const client = connectClient(`ws://127.0.0.1:${port}/yjs`, board, fx.staffCookie);
		try {
			await synced(client);
			client.doc.getMap('items').set('sebelum', 'restart');
			// sent but (with a 200 ms batch) most likely still pending when SIGTERM arrives
			const code = await app.stop();
			expect(code).toBe(0);
			await until(() => client.closes.some((c) => c.code === CloseCode.goingAway), 'close 1001');
			app = await startApp({ PGLITE_DIR: dir, PORT: String(port) });
			// the stock client reconnects by itself and resyncs
			await until(() => client.provider.synced, 'resync after restart', 20_000);
			client.doc.getMap('items').set('sesudah', 'restart');
			const fresh = connectClient(`ws://127.0.0.1:${port}/yjs`, board, fx.staffCookie);
			await synced(fresh);
			await until(() => fresh.doc.getMap('items').get('sesudah') === 'restart', 'after restart');
			expect(fresh.doc.getMap('items').get('sebelum')).toBe('restart');
			fresh.destroy();
		} finally {
			client.destroy();
			await app.stop();
			await cleanup();
		}
	});
});
