import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { docName } from '../../../src/lib/realtime/doc-names.ts';
import { CloseCode, MessageType, SyncType } from '../../../src/lib/realtime/protocol.ts';
import { advanceMeetingPhase } from '../../../src/lib/server/meetings/service.ts';
import {
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.ts';
import {
	connectClient,
	synced,
	until,
	upgradeStatus,
	type TestClient
} from '../../support/yclient.ts';

/** A raw socket that waits for the server's first frame, then lets the test send anything. */
function rawSocket(url: string, cookie: string) {
	return new Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }>(
		(resolve, reject) => {
			const ws = new WebSocket(url, { headers: { cookie } });
			const closed = new Promise<{ code: number; reason: string }>((r) =>
				ws.on('close', (code, reason) => r({ code, reason: reason.toString() }))
			);
			ws.on('error', () => {});
			ws.once('message', () => resolve({ ws, closed }));
			ws.once('unexpected-response', (_q, res) =>
				reject(new Error(`upgrade refused: ${res.statusCode}`))
			);
		}
	);
}

function frame(write: (e: encoding.Encoder) => void) {
	const e = encoding.createEncoder();
	write(e);
	return encoding.toUint8Array(e);
}

describe('realtime limits and bad input (PGlite)', () => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	let board: string;
	let bystander: TestClient;

	beforeAll(async () => {
		db = await createTestDatabase('pglite');
		fx = await seedRealtimeFixture(db.db);
		await advanceMeetingPhase(db.db, fx.actor, { meetingId: fx.meeting.id, to: 'collecting' });
		server = await startRealtimeServer(db.db, {
			REALTIME_MAX_FRAME_BYTES: '65536',
			REALTIME_MESSAGES_PER_SECOND: '20',
			REALTIME_MAX_CONNECTIONS_PER_DOC: '6',
			REALTIME_MAX_CONNECTIONS_PER_ADDRESS: '8'
		});
		board = docName.board(fx.meeting.id);
		bystander = connectClient(server.wsUrl, board, fx.staffCookie);
		await synced(bystander);
	});
	afterAll(async () => {
		bystander?.destroy();
		await server?.close();
		await db?.cleanup();
	});

	/** After each bad client, the room still works for everybody else. */
	async function roomStillWorks(key: string) {
		const probe = connectClient(server.wsUrl, board, fx.staffCookie);
		await synced(probe);
		probe.doc.getMap('m').set(key, true);
		await until(() => bystander.doc.getMap('m').get(key) === true, `room works after ${key}`);
		probe.destroy();
		await until(() => (server.realtime.rooms.get(board)?.conns.size ?? 0) === 1, 'probe gone');
	}

	it.each([
		['an oversized frame', () => new Uint8Array(70_000), CloseCode.messageTooBig],
		[
			'garbage bytes',
			() => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
			CloseCode.badMessage
		],
		[
			'an unknown message type',
			() => frame((e) => encoding.writeVarUint(e, 42)),
			CloseCode.badMessage
		],
		[
			'an unknown sync sub-type',
			() =>
				frame((e) => {
					encoding.writeVarUint(e, MessageType.sync);
					encoding.writeVarUint(e, 9);
					encoding.writeVarUint8Array(e, new Uint8Array([0, 0]));
				}),
			CloseCode.badMessage
		],
		[
			'an update Yjs cannot decode',
			() =>
				frame((e) => {
					encoding.writeVarUint(e, MessageType.sync);
					encoding.writeVarUint(e, SyncType.update);
					encoding.writeVarUint8Array(e, new Uint8Array([5, 200, 1, 7, 7, 7]));
				}),
			CloseCode.badMessage
		],
		[
			'a truncated frame',
			() => new Uint8Array([MessageType.sync, SyncType.update, 50, 1, 2]),
			CloseCode.badMessage
		]
	])('closes the socket that sends %s, and only that one', async (what, make, code) => {
		const { ws, closed } = await rawSocket(`${server.wsUrl}/${board}`, fx.staffCookie);
		ws.send(make());
		expect((await closed).code).toBe(code);
		await roomStillWorks(what);
	});

	it('closes a socket that sends text frames', async () => {
		const { ws, closed } = await rawSocket(`${server.wsUrl}/${board}`, fx.staffCookie);
		ws.send('hello');
		expect((await closed).code).toBe(CloseCode.badMessage);
		await roomStillWorks('text');
	});

	it('closes a socket over its message rate', async () => {
		const { ws, closed } = await rawSocket(`${server.wsUrl}/${board}`, fx.staffCookie);
		const queryAwareness = frame((e) => encoding.writeVarUint(e, MessageType.queryAwareness));
		for (let i = 0; i < 200; i++) ws.send(queryAwareness);
		expect((await closed).code).toBe(CloseCode.rateLimited);
		await roomStillWorks('rate');
	});

	it('refuses connections over the per-doc and per-address limits before a socket exists', async () => {
		const extra: TestClient[] = [];
		try {
			// the bystander holds one of the 6 places
			for (let i = 0; i < 5; i++) {
				const c = connectClient(server.wsUrl, board, fx.staffCookie);
				extra.push(c);
				await synced(c);
			}
			expect(await upgradeStatus(server.wsUrl, board, fx.staffCookie)).toBe(503);
			// another doc still has room, but this address has 6 of its 8 sockets open
			const other = docName.live(fx.meeting.id);
			const more = [
				connectClient(server.wsUrl, other, fx.staffCookie),
				connectClient(server.wsUrl, other, fx.staffCookie)
			];
			extra.push(...more);
			await Promise.all(more.map(synced));
			expect(await upgradeStatus(server.wsUrl, other, fx.staffCookie)).toBe(429);
		} finally {
			for (const c of extra) c.destroy();
		}
		await until(() => (server.realtime.rooms.get(board)?.conns.size ?? 0) === 1, 'extras gone');
		await roomStillWorks('limits');
	});
});
