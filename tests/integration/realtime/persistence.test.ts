import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docName } from '../../../src/lib/realtime/doc-names.ts';
import { yjsUpdate } from '../../../src/lib/server/db/schema/index.ts';
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

function docContent(updates: Uint8Array[]) {
	const d = new Y.Doc();
	for (const u of updates) Y.applyUpdate(d, u);
	const json = { text: d.getText('t').toString(), items: d.getMap('items').toJSON() };
	d.destroy();
	return json;
}

describe.each(drivers)('Yjs persistence on %s', (driver) => {
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

	it('keeps every edit across a restart of the realtime server', async () => {
		const board = docName.board(fx.meeting.id);
		const first = await startRealtimeServer(db.db);
		const a = connectClient(first.wsUrl, board, fx.staffCookie);
		await synced(a);
		for (let i = 0; i < 20; i++) a.doc.getMap('items').set(`k${i}`, i);
		a.doc.getText('t').insert(0, 'Pelatihan menjahit untuk ibu-ibu RW 02');
		const b = connectClient(first.wsUrl, board, fx.staffCookie);
		await synced(b);
		// what b has seen was stored before it was sent
		await until(() => b.doc.getMap('items').get('k19') === 19, 'b sees all');
		a.destroy();
		b.destroy();
		await first.close();

		const second = await startRealtimeServer(db.db);
		const c = connectClient(second.wsUrl, board, fx.staffCookie);
		await synced(c);
		expect(c.doc.getText('t').toString()).toBe('Pelatihan menjahit untuk ibu-ibu RW 02');
		expect(c.doc.getMap('items').size).toBe(20);
		c.destroy();
		await second.close();
	});

	it('compacts after the threshold and on unload without changing the content', async () => {
		const board = docName.board(fx.other.id);
		const store = createYjsStore(db.db);
		const server = await startRealtimeServer(db.db, {
			REALTIME_COMPACT_AFTER: '10',
			REALTIME_BATCH_MS: '0'
		});
		const a = connectClient(server.wsUrl, board, fx.staffCookie);
		await synced(a);
		const watcher = connectClient(server.wsUrl, board, fx.staffCookie);
		await synced(watcher);
		for (let i = 0; i < 40; i++) {
			a.doc.getMap('items').set(`k${i}`, 'x'.repeat(i));
			await until(() => watcher.doc.getMap('items').has(`k${i}`), `k${i}`);
		}
		a.doc.getMap('items').delete('k0');
		await until(() => !watcher.doc.getMap('items').has('k0'), 'delete');
		const expected = { text: '', items: watcher.doc.getMap('items').toJSON() };
		// compaction ran along the way: far fewer rows than the 41 batches written
		expect(await store.rowCount(board)).toBeLessThan(41);
		expect(docContent((await store.load(board)).updates)).toEqual(expected);

		a.destroy();
		watcher.destroy();
		// last client gone → after the grace period the room flushes, compacts and unloads
		await until(() => !server.realtime.rooms.has(board), 'unload');
		expect(await store.rowCount(board)).toBe(1);
		expect(docContent((await store.load(board)).updates)).toEqual(expected);

		const again = connectClient(server.wsUrl, board, fx.staffCookie);
		await synced(again);
		expect(again.doc.getMap('items').toJSON()).toEqual(expected.items);
		again.destroy();
		await server.close();
	});

	it('compaction by two writers at once loses nothing', async () => {
		const name = `meeting/${crypto.randomUUID()}/board`;
		const store = createYjsStore(db.db);
		const source = new Y.Doc();
		const updates: Uint8Array[] = [];
		source.on('update', (u: Uint8Array) => updates.push(u));
		for (let i = 0; i < 30; i++) source.getMap('items').set(`k${i}`, i);
		for (const u of updates.slice(0, 15)) await store.append(name, u);
		// a compaction and more appends interleave
		await Promise.all([
			store.compact(name),
			(async () => {
				for (const u of updates.slice(15)) await store.append(name, u);
			})(),
			store.compact(name)
		]);
		const loaded = docContent((await store.load(name)).updates);
		expect(Object.keys(loaded.items)).toHaveLength(30);
		await db.db.delete(yjsUpdate).where(eq(yjsUpdate.docName, name));
	});
});

describe('Yjs persistence across kill -9 of the built server (PGlite)', () => {
	it('keeps every update a client saw acknowledged before the crash', async () => {
		const { dir, fx, cleanup } = await prepareAppFolder({ collecting: true });
		const board = docName.board(fx.meeting.id);
		let app = await startApp({ PGLITE_DIR: dir });
		try {
			const writer = connectClient(`${app.url.replace('http', 'ws')}/yjs`, board, fx.staffCookie);
			const observer = connectClient(`${app.url.replace('http', 'ws')}/yjs`, board, fx.staffCookie);
			await Promise.all([synced(writer), synced(observer)]);
			for (let i = 0; i < 50; i++)
				writer.doc.getMap('items').set(`usulan-${i}`, `Usulan nomor ${i}`);
			// the observer only receives what the server has stored
			await until(() => observer.doc.getMap('items').size === 50, 'observer sees 50');
			writer.destroy();
			observer.destroy();
			await app.crash();

			app = await startApp({ PGLITE_DIR: dir });
			const after = connectClient(`${app.url.replace('http', 'ws')}/yjs`, board, fx.staffCookie);
			await synced(after);
			expect(after.doc.getMap('items').size).toBe(50);
			expect(after.doc.getMap('items').get('usulan-49')).toBe('Usulan nomor 49');
			after.destroy();
		} finally {
			await app.stop();
			await cleanup();
		}
	});
});
