import type { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { DomainEvent } from '../events.ts';
import type { Logger } from '../log.ts';
import type { Room } from './room.ts';

/**
 * Redis pub/sub between Rembuk processes: one channel per doc for updates (already persisted by
 * the sender), awareness and presence counts, and one channel for domain events (a phase change
 * in one process re-evaluates connections in all). Each message carries the sender's process id
 * so a process ignores its own.
 */
export type Fanout = {
	subscribe(room: Room): Promise<void>;
	unsubscribe(room: Room): void;
	publishUpdate(room: Room, update: Uint8Array): void;
	publishAwareness(room: Room, update: Uint8Array): void;
	publishPresence(room: Room, counts: { connections: number; writers: number }): void;
	publishEvent(event: DomainEvent): void;
	status(): { ok: boolean; subscriber: string };
	close(): Promise<void>;
};

const Kind = { update: 0, awareness: 1, presence: 2 } as const;
const DOC_PREFIX = 'rembuk:yjs:';
const EVENTS_CHANNEL = 'rembuk:events';

export function createRedisFanout(opts: {
	redis: Redis;
	processId: string;
	log: Logger;
	rooms: () => Map<string, Room>;
	onEvent: (event: DomainEvent) => void;
	/** After the subscriber reconnects, rooms reload from the database (messages may be lost). */
	onReconnect: () => void;
}): Fanout {
	const { redis, processId, log } = opts;
	const sub = redis.duplicate();
	let everReady = false;
	sub.on('ready', () => {
		if (everReady) {
			log.warn('redis subscriber reconnected: reloading docs');
			opts.onReconnect();
		}
		everReady = true;
	});
	sub.on('error', (e) => log.warn('redis subscriber error', { error: e }));
	void sub
		.subscribe(EVENTS_CHANNEL)
		.catch((e) => log.error('redis subscribe failed', { error: e }));

	sub.on('messageBuffer', (channelBuf: Buffer, message: Buffer) => {
		const channel = channelBuf.toString();
		try {
			if (channel === EVENTS_CHANNEL) {
				const { from, event } = JSON.parse(message.toString()) as {
					from: string;
					event: DomainEvent;
				};
				if (from !== processId) opts.onEvent(event);
				return;
			}
			if (!channel.startsWith(DOC_PREFIX)) return;
			const room = opts.rooms().get(channel.slice(DOC_PREFIX.length));
			if (!room) return;
			const d = decoding.createDecoder(
				new Uint8Array(message.buffer, message.byteOffset, message.byteLength)
			);
			const from = decoding.readVarString(d);
			if (from === processId) return;
			const kind = decoding.readVarUint(d);
			if (kind === Kind.update) room.applyRemoteUpdate(decoding.readVarUint8Array(d));
			else if (kind === Kind.awareness) room.applyRemoteAwareness(decoding.readVarUint8Array(d));
			else if (kind === Kind.presence) {
				const connections = decoding.readVarUint(d);
				const writers = decoding.readVarUint(d);
				room.setRemotePresence(from, { connections, writers });
			}
		} catch (e) {
			log.warn('bad message on redis ignored', { channel, error: e });
		}
	});

	const publish = (room: Room, kind: number, write: (e: encoding.Encoder) => void) => {
		const e = encoding.createEncoder();
		encoding.writeVarString(e, processId);
		encoding.writeVarUint(e, kind);
		write(e);
		redis
			.publish(DOC_PREFIX + room.name, Buffer.from(encoding.toUint8Array(e)))
			.catch((err) => log.warn('redis publish failed', { doc: room.name, error: err }));
	};

	return {
		async subscribe(room) {
			await sub.subscribe(DOC_PREFIX + room.name);
		},
		unsubscribe(room) {
			void sub.unsubscribe(DOC_PREFIX + room.name).catch(() => {});
		},
		publishUpdate: (room, update) =>
			publish(room, Kind.update, (e) => encoding.writeVarUint8Array(e, update)),
		publishAwareness: (room, update) =>
			publish(room, Kind.awareness, (e) => encoding.writeVarUint8Array(e, update)),
		publishPresence: (room, counts) =>
			publish(room, Kind.presence, (e) => {
				encoding.writeVarUint(e, counts.connections);
				encoding.writeVarUint(e, counts.writers);
			}),
		publishEvent(event) {
			redis
				.publish(EVENTS_CHANNEL, JSON.stringify({ from: processId, event }))
				.catch((err) => log.warn('redis publish failed', { error: err }));
		},
		status: () => ({ ok: sub.status === 'ready', subscriber: sub.status }),
		async close() {
			await sub.quit().catch(() => sub.disconnect());
		}
	};
}
