import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type * as Y from 'yjs';
import { parseDocName, type DocRef } from '../../realtime/doc-names.ts';
import {
	CloseCode,
	CONTROL_PARAM,
	decodeClientMessage,
	KEEPALIVE_FRAME,
	ProtocolError
} from '../../realtime/protocol.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { onDomainEvent, type DomainEvent } from '../events.ts';
import type { Logger } from '../log.ts';
import { getMeeting } from '../meetings/service.ts';
import { isActiveParticipant } from '../participants/tokens.ts';
import { ActorLoader } from './actor-loader.ts';
import { Connection } from './connection.ts';
import { createRedisFanout, type Fanout } from './fanout.ts';
import { createYjsStore, type YjsStore } from './persistence.ts';
import {
	docAccess,
	meetingAccessFacts,
	type MeetingAccessFacts,
	type RealtimeActor
} from './policy.ts';
import { refuseUpgrade } from './refuse.ts';
import { Room } from './room.ts';

export const REALTIME_PATH = '/yjs/';

/** A doc opened by a service to write it as the server (e.g. the meeting's live doc). */
export type ServerDoc = {
	doc: Y.Doc;
	/** Changes the doc; persisted and broadcast, coalesced with other changes of the same tick. */
	transact(fn: (doc: Y.Doc) => void): void;
	/** Waits until every change made so far is stored and sent. */
	flush(): Promise<void>;
	release(): void;
};

export type RealtimeServer = {
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	openDoc(name: string): Promise<ServerDoc>;
	/** Re-evaluates every live connection to a meeting's docs (after a phase change). */
	refreshMeeting(meetingId: string): Promise<void>;
	status(): { ok: boolean; rooms: number; connections: number; redis: string };
	readonly rooms: Map<string, Room>;
	close(): Promise<void>;
};

export type RealtimeDeps = {
	db: Database;
	config: Config;
	redis?: Redis;
	log: Logger;
	/** Override the store (tests). */
	store?: YjsStore;
	/** Where domain events come from; defaults to this process's bus (tests simulate a second process). */
	subscribeEvents?: typeof onDomainEvent;
};

export function createRealtimeServer(deps: RealtimeDeps): RealtimeServer {
	const { db, config, log } = deps;
	const limits = config.realtime;
	const store = deps.store ?? createYjsStore(db);
	const processId = randomUUID();
	const rooms = new Map<string, Room>();
	const perAddress = new Map<string, number>();
	const actors = new ActorLoader(db, config.session);
	/** Meeting facts for upgrades, kept briefly; a meeting event refreshes them at once. */
	const factsCache = new Map<
		string,
		{ facts: Promise<MeetingAccessFacts | null>; until: number }
	>();
	let closing = false;

	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: limits.maxFrameBytes,
		perMessageDeflate: false,
		clientTracking: false
	});

	const fanout: Fanout | undefined = deps.redis
		? createRedisFanout({
				redis: deps.redis,
				processId,
				log,
				rooms: () => rooms,
				onEvent: (event) => void handleEvent(event),
				onReconnect: () => {
					for (const room of rooms.values()) {
						room
							.reloadFromStore()
							.catch((e) => log.error('reload failed', { doc: room.name, error: e }));
					}
				}
			})
		: undefined;

	const stopEvents = (deps.subscribeEvents ?? onDomainEvent)((event) => {
		fanout?.publishEvent(event);
		void handleEvent(event);
	});

	async function handleEvent(event: DomainEvent) {
		factsCache.delete(event.meetingId);
		if (event.type === 'participant.changed') actors.forgetParticipant(event.participantId);
		try {
			if (event.type === 'meeting.changed') await refreshMeeting(event.meetingId);
			if (event.type === 'participant.changed') await recheckParticipant(event.participantId);
		} catch (e) {
			log.error('could not apply a domain event to live connections', { event, error: e });
		}
	}

	function cachedMeetingFacts(meetingId: string): Promise<MeetingAccessFacts | null> {
		const hit = factsCache.get(meetingId);
		if (hit && hit.until > Date.now()) return hit.facts;
		const facts = meetingFacts(meetingId);
		factsCache.set(meetingId, { facts, until: Date.now() + 5000 });
		facts.catch(() => factsCache.delete(meetingId));
		if (factsCache.size > 10_000) factsCache.clear();
		return facts;
	}

	async function meetingFacts(meetingId: string): Promise<MeetingAccessFacts | null> {
		const m = await getMeeting(db, meetingId);
		return m ? meetingAccessFacts(m) : null;
	}

	async function refreshMeeting(meetingId: string) {
		const affected = [...rooms.values()].filter((r) => r.ref.meetingId === meetingId);
		if (affected.length === 0) return;
		const facts = await meetingFacts(meetingId);
		for (const room of affected) {
			for (const conn of room.conns) {
				const access = docAccess(conn.actor, room.ref, facts);
				if (access === 'deny') conn.close(CloseCode.forbidden, 'access withdrawn');
				else room.setMode(conn, access);
			}
		}
	}

	async function recheckParticipant(participantId: string) {
		for (const room of rooms.values()) {
			for (const conn of room.conns) {
				if (conn.actor.kind !== 'participant' || conn.actor.participantId !== participantId)
					continue;
				// Removed participants lose their token; a renamed one keeps access.
				const still = await isActiveParticipant(db, conn.actor.participantId);
				if (!still) conn.close(CloseCode.forbidden, 'participant removed');
			}
		}
	}

	function getRoom(name: string, ref: DocRef): Promise<Room> | Room {
		const existing = rooms.get(name);
		if (existing && !existing.unloading) return existing;
		if (existing?.unloading) return existing.unloading.then(() => getRoom(name, ref));
		const room = new Room(name, ref, {
			store,
			fanout,
			config: limits,
			log,
			onUnloaded: (r) => {
				if (rooms.get(r.name) === r) rooms.delete(r.name);
			}
		});
		rooms.set(name, room);
		room.ready.catch((e) => {
			log.error('could not load a doc', { doc: name, error: e });
			if (rooms.get(name) === room) rooms.delete(name);
			for (const c of room.conns) c.close(CloseCode.internalError, 'doc could not be loaded');
			room.destroy();
		});
		return room;
	}

	function clientAddress(req: IncomingMessage) {
		if (config.trustProxy) {
			const xff = String(req.headers['x-forwarded-for'] ?? '')
				.split(',')[0]
				.trim();
			if (xff) return xff;
		}
		return req.socket.remoteAddress ?? 'unknown';
	}

	/** Browsers send Origin; a page on another site must not open sockets with our cookies. */
	function originAllowed(req: IncomingMessage) {
		const origin = req.headers.origin;
		if (!origin) return true; // not a browser (a script or a native client)
		try {
			const o = new URL(origin);
			if (config.origin && o.origin === config.origin) return true;
			const host = (config.trustProxy && req.headers['x-forwarded-host']) || req.headers.host;
			return o.host === host;
		} catch {
			return false;
		}
	}

	async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
		if (closing) return refuseUpgrade(socket, 503, 'Service Unavailable', 'server is restarting');
		const url = new URL(req.url ?? '/', 'http://x');
		let name: string;
		try {
			name = decodeURIComponent(url.pathname.slice(REALTIME_PATH.length));
		} catch {
			return refuseUpgrade(socket, 404, 'Not Found', 'unknown document');
		}
		const ref = parseDocName(name);
		if (!ref) return refuseUpgrade(socket, 404, 'Not Found', 'unknown document');
		if (!originAllowed(req)) return refuseUpgrade(socket, 403, 'Forbidden', 'cross-site socket');
		const address = clientAddress(req);
		if ((perAddress.get(address) ?? 0) >= limits.maxConnectionsPerAddress) {
			return refuseUpgrade(
				socket,
				429,
				'Too Many Requests',
				'too many connections from this address'
			);
		}
		const actor = await actors.resolve(req);
		if (!actor)
			return refuseUpgrade(socket, 401, 'Unauthorized', 'sign in or join the meeting first');
		const access = docAccess(actor, ref, await cachedMeetingFacts(ref.meetingId));
		if (access === 'deny')
			return refuseUpgrade(socket, 403, 'Forbidden', 'no access to this document');
		const existing = rooms.get(name);
		if (existing && existing.conns.size >= limits.maxConnectionsPerDoc) {
			return refuseUpgrade(socket, 503, 'Service Unavailable', 'this document is full');
		}
		if (socket.destroyed || closing) return socket.destroy();
		wss.handleUpgrade(req, socket, head, (ws) => {
			void accept(ws, name, ref, actor, access, url.searchParams.has(CONTROL_PARAM), address);
		});
	}

	async function accept(
		ws: WebSocket,
		name: string,
		ref: DocRef,
		actor: RealtimeActor,
		access: 'read' | 'write',
		wantsControl: boolean,
		address: string
	) {
		perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
		const conn = new Connection(ws, actor, access, wantsControl, address, limits);
		const queue: Uint8Array[] = [];
		let room: Room | null = null;

		ws.on('error', (e) => {
			log.warn('socket error', { doc: name, error: e });
		});
		ws.on('pong', () => {
			conn.alive = true;
		});
		ws.on('close', () => {
			conn.closed = true;
			const n = (perAddress.get(address) ?? 1) - 1;
			if (n <= 0) perAddress.delete(address);
			else perAddress.set(address, n);
			room?.detach(conn);
		});
		ws.on('message', (data: RawData, isBinary: boolean) => {
			if (conn.closed) return;
			if (!isBinary) return reject(conn, new ProtocolError(CloseCode.badMessage, 'text frame'));
			if (!conn.takeMessageToken()) {
				log.warn('closing a socket over its message rate', { doc: name, address });
				return conn.close(CloseCode.rateLimited, 'too many messages');
			}
			const frame = toBytes(data);
			if (room) process(conn, room, frame);
			else queue.push(frame);
		});

		try {
			const r = await getRoom(name, ref);
			await r.ready;
			if (conn.closed) {
				r.unloadIfIdle();
				return;
			}
			room = r;
			r.attach(conn);
			for (const frame of queue.splice(0)) {
				if (conn.closed) break;
				process(conn, r, frame);
			}
		} catch (e) {
			log.error('could not open a doc for a connection', { doc: name, error: e });
			conn.close(CloseCode.internalError, 'doc unavailable');
		}
	}

	function process(conn: Connection, room: Room, frame: Uint8Array) {
		try {
			room.handle(conn, decodeClientMessage(frame));
		} catch (e) {
			reject(conn, e);
		}
	}

	function reject(conn: Connection, e: unknown) {
		if (e instanceof ProtocolError) {
			log.warn('closing a socket that sent a bad message', {
				reason: e.message,
				address: conn.address
			});
			conn.close(e.code, e.message.slice(0, 100));
		} else {
			log.error('unexpected error handling a message', { error: e });
			conn.close(CloseCode.internalError, 'internal error');
		}
	}

	let lastPing = Date.now();
	const tick = setInterval(
		() => {
			const now = Date.now();
			const ping = now - lastPing >= limits.heartbeatMs;
			if (ping) lastPing = now;
			for (const room of rooms.values()) {
				for (const conn of room.conns) {
					if (ping) {
						if (!conn.alive) {
							conn.closed = true;
							conn.ws.terminate();
							continue;
						}
						conn.alive = false;
						try {
							conn.ws.ping();
						} catch {
							// the socket is closing; its close handler cleans up
						}
					}
					if (now - conn.lastSentAt >= Math.min(limits.heartbeatMs, 10_000))
						conn.send(KEEPALIVE_FRAME);
				}
				if (ping && fanout && room.conns.size > 0) room.sendPresence(true);
			}
		},
		Math.min(limits.heartbeatMs, 10_000)
	);
	tick.unref();

	return {
		rooms,
		handleUpgrade(req, socket, head) {
			upgrade(req, socket, head).catch((e) => {
				log.error('upgrade failed', { error: e });
				refuseUpgrade(socket, 500, 'Internal Server Error');
			});
		},
		async openDoc(name) {
			const ref = parseDocName(name);
			if (!ref) throw new Error(`not a doc name: ${name}`);
			const room = await getRoom(name, ref);
			room.hold();
			try {
				await room.ready;
			} catch (e) {
				room.release();
				throw e;
			}
			let released = false;
			return {
				doc: room.doc,
				transact: (fn) => room.transact(fn),
				flush: () => room.flush(),
				release: () => {
					if (released) return;
					released = true;
					room.release();
				}
			};
		},
		refreshMeeting,
		status() {
			let connections = 0;
			for (const r of rooms.values()) connections += r.conns.size;
			const redis = fanout ? fanout.status() : { ok: true, subscriber: 'not configured' };
			return { ok: !closing && redis.ok, rooms: rooms.size, connections, redis: redis.subscriber };
		},
		async close() {
			if (closing) return;
			closing = true;
			clearInterval(tick);
			stopEvents();
			const all = [...rooms.values()];
			await Promise.all(
				all.map((r) =>
					r
						.unload(CloseCode.goingAway, false)
						.catch((e) => log.error('flush on shutdown failed', { doc: r.name, error: e }))
				)
			);
			wss.close();
			await fanout?.close();
		}
	};
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
