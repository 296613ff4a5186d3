import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocRef } from '../../realtime/doc-names.ts';
import {
	CloseCode,
	encodeAwareness,
	encodeSync,
	ProtocolError,
	SyncType,
	type ClientMessage
} from '../../realtime/protocol.ts';
import type { RealtimeConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Connection } from './connection.ts';
import type { Fanout } from './fanout.ts';
import type { YjsStore } from './persistence.ts';

/** Where a change to a room's doc came from (Yjs transaction origins). */
export const Origin = {
	/** Rows read from the database when the room loads or reloads. */
	load: { kind: 'load' },
	/** Client updates, after they were persisted. */
	connection: { kind: 'connection' },
	/** Updates another process persisted and published. */
	redis: { kind: 'redis' },
	/** A service writing the doc on the server (e.g. the live doc's tallies). */
	server: { kind: 'server' }
} as const;

type RoomDeps = {
	store: YjsStore;
	fanout: Fanout | undefined;
	config: RealtimeConfig;
	log: Logger;
	/** Called when the room has unloaded itself (idle after its grace period). */
	onUnloaded(room: Room): void;
};

/**
 * One doc in memory with its connections. Incoming updates are batched per tick, appended to the
 * database as one row, and only then applied and broadcast as one merged message to every
 * connection — so nothing a client sees can be lost by a crash, and a burst of N updates costs a
 * handful of broadcasts rather than N × N messages.
 */
export class Room {
	readonly doc = new Y.Doc();
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly conns = new Set<Connection>();
	readonly ready: Promise<void>;
	unloading: Promise<void> | null = null;

	#pending: Uint8Array[] = [];
	#serverPending: Uint8Array[] = [];
	#flushTimer: ReturnType<typeof setTimeout> | null = null;
	#flushing: Promise<void> | null = null;
	#retryDelayMs = 0;
	#outbound: Uint8Array[] = [];
	#broadcastScheduled = false;
	#rowsSinceCompaction = 0;
	#compacting: Promise<unknown> | null = null;
	#serverHolds = 0;
	#unloadTimer: ReturnType<typeof setTimeout> | null = null;
	#awarenessLocal = new Set<number>();
	#awarenessRemote = new Set<number>();
	#awarenessTimer: ReturnType<typeof setTimeout> | null = null;
	#presenceTimer: ReturnType<typeof setTimeout> | null = null;
	#remotePresence = new Map<string, { connections: number; writers: number; at: number }>();
	#lastPresence = '';
	#destroyed = false;

	constructor(
		readonly name: string,
		readonly ref: DocRef,
		private readonly deps: RoomDeps
	) {
		this.awareness.setLocalState(null);
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === Origin.server) {
				this.#serverPending.push(update);
				this.#scheduleFlush();
			}
		});
		this.awareness.on(
			'update',
			(
				{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
				origin: unknown
			) => {
				const changed = [...added, ...updated, ...removed];
				const conn = this.#connOf(origin);
				if (conn) {
					for (const id of added) conn.awarenessClients.add(id);
					for (const id of removed) conn.awarenessClients.delete(id);
				}
				const set = origin === Origin.redis ? this.#awarenessRemote : this.#awarenessLocal;
				for (const id of changed) set.add(id);
				this.#scheduleAwareness();
			}
		);
		this.ready = this.#load();
	}

	get writers() {
		let n = 0;
		for (const c of this.conns) if (!c.readOnly) n++;
		return n;
	}

	async #load() {
		// Subscribe first, then read: an update published in between arrives twice, harmlessly.
		await this.deps.fanout?.subscribe(this);
		await this.reloadFromStore();
	}

	/** Applies every stored row (idempotent); used on load and after a Redis reconnect. */
	async reloadFromStore() {
		const { updates } = await this.deps.store.load(this.name);
		this.#rowsSinceCompaction = updates.length;
		if (updates.length === 0) return;
		const before = Y.encodeStateVector(this.doc);
		this.doc.transact(() => {
			for (const u of updates) Y.applyUpdate(this.doc, u, Origin.load);
		}, Origin.load);
		if (this.conns.size > 0) {
			const missing = Y.encodeStateAsUpdate(this.doc, before);
			if (missing.length > 2) this.#queueOutbound(missing);
		}
	}

	// ---- connections -------------------------------------------------------------------------

	attach(conn: Connection) {
		this.#cancelUnload();
		this.conns.add(conn);
		conn.sendControl({ t: 'hello', protocol: 1, access: conn.mode });
		// Our state vector, so the client sends what we lack (its sync step 2).
		conn.send(encodeSync(SyncType.step1, Y.encodeStateVector(this.doc)));
		if (this.#relaysAwarenessTo(conn)) {
			const states = [...this.awareness.getStates().keys()];
			if (states.length > 0) {
				conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
			}
		}
		this.#schedulePresence();
	}

	detach(conn: Connection) {
		if (!this.conns.delete(conn)) return;
		if (conn.awarenessClients.size > 0) {
			awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessClients], null);
		}
		this.#schedulePresence();
		this.#maybeScheduleUnload();
	}

	/**
	 * Handles one decoded client message. Payloads that Yjs cannot decode throw a ProtocolError
	 * (the caller closes that socket); nothing of them is stored or applied.
	 */
	handle(conn: Connection, message: ClientMessage) {
		try {
			this.#handle(conn, message);
		} catch (e) {
			if (e instanceof ProtocolError) throw e;
			throw new ProtocolError(
				CloseCode.badMessage,
				`bad ${message.type} payload: ${(e as Error).message}`
			);
		}
	}

	#handle(conn: Connection, message: ClientMessage) {
		switch (message.type) {
			case 'syncStep1':
				conn.send(encodeSync(SyncType.step2, Y.encodeStateAsUpdate(this.doc, message.stateVector)));
				return;
			case 'syncStep2':
			case 'update':
				if (conn.readOnly) return; // never applied, never broadcast
				this.#receiveUpdate(message.update);
				return;
			case 'awareness':
				if (conn.readOnly) return; // viewers are counted, not relayed
				awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, conn);
				return;
			case 'queryAwareness': {
				const states = this.#relaysAwarenessTo(conn) ? [...this.awareness.getStates().keys()] : [];
				conn.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
				return;
			}
		}
	}

	/** Access changed (e.g. the meeting moved on); tell the client if it asked to know. */
	setMode(conn: Connection, mode: 'read' | 'write') {
		if (conn.mode === mode) return;
		conn.mode = mode;
		if (mode === 'read' && conn.awarenessClients.size > 0) {
			awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessClients], null);
		}
		conn.sendControl({ t: 'access', access: mode });
		this.#schedulePresence();
	}

	// ---- updates: persist, then apply and broadcast -------------------------------------------

	#receiveUpdate(update: Uint8Array) {
		// Structural check before it can reach the database: a malformed update must never be stored.
		Y.decodeUpdate(update);
		this.#pending.push(update);
		this.#scheduleFlush();
	}

	#scheduleFlush() {
		if (this.#flushTimer || this.#flushing) return;
		this.#flushTimer = setTimeout(() => {
			this.#flushTimer = null;
			void this.flush();
		}, this.#retryDelayMs || this.deps.config.batchMs);
	}

	/** Persists everything received so far, then applies and broadcasts it. Resolves when done. */
	async flush(): Promise<void> {
		if (this.#flushing) {
			await this.#flushing;
			if (this.#pending.length || this.#serverPending.length) return this.flush();
			return;
		}
		if (this.#flushTimer) {
			clearTimeout(this.#flushTimer);
			this.#flushTimer = null;
		}
		if (this.#pending.length === 0 && this.#serverPending.length === 0) return;
		const clientBatch = this.#pending;
		const serverBatch = this.#serverPending;
		this.#pending = [];
		this.#serverPending = [];
		const all = [...clientBatch, ...serverBatch];
		const merged = all.length === 1 ? all[0] : Y.mergeUpdates(all);
		this.#flushing = (async () => {
			try {
				await this.deps.store.append(this.name, merged);
				this.#retryDelayMs = 0;
			} catch (e) {
				// Keep the batch and try again; nothing is broadcast before it is stored.
				this.#pending = [...clientBatch, ...this.#pending];
				this.#serverPending = [...serverBatch, ...this.#serverPending];
				this.#retryDelayMs = Math.min(5000, Math.max(200, this.#retryDelayMs * 2));
				this.deps.log.error('could not store a Yjs update; will retry', {
					doc: this.name,
					error: e,
					retryInMs: this.#retryDelayMs
				});
				return;
			}
			if (clientBatch.length > 0) {
				Y.applyUpdate(
					this.doc,
					clientBatch.length === 1 ? clientBatch[0] : Y.mergeUpdates(clientBatch),
					Origin.connection
				);
			}
			this.#queueOutbound(merged);
			this.deps.fanout?.publishUpdate(this, merged);
			this.#rowsSinceCompaction++;
			if (this.#rowsSinceCompaction >= this.deps.config.compactAfter) void this.compact();
		})();
		try {
			await this.#flushing;
		} finally {
			this.#flushing = null;
		}
		if (this.#pending.length || this.#serverPending.length) this.#scheduleFlush();
	}

	/** An update another process stored and published. */
	applyRemoteUpdate(update: Uint8Array) {
		try {
			Y.applyUpdate(this.doc, update, Origin.redis);
		} catch (e) {
			this.deps.log.error('bad update from another process ignored', { doc: this.name, error: e });
			return;
		}
		this.#queueOutbound(update);
	}

	applyRemoteAwareness(update: Uint8Array) {
		try {
			awarenessProtocol.applyAwarenessUpdate(this.awareness, update, Origin.redis);
		} catch (e) {
			this.deps.log.warn('bad awareness from another process ignored', {
				doc: this.name,
				error: e
			});
		}
	}

	setRemotePresence(processId: string, counts: { connections: number; writers: number }) {
		if (counts.connections === 0) this.#remotePresence.delete(processId);
		else this.#remotePresence.set(processId, { ...counts, at: Date.now() });
		this.#schedulePresence(false);
	}

	#queueOutbound(update: Uint8Array) {
		this.#outbound.push(update);
		if (this.#broadcastScheduled) return;
		this.#broadcastScheduled = true;
		setImmediate(() => this.#broadcast());
	}

	#broadcast() {
		this.#broadcastScheduled = false;
		if (this.#outbound.length === 0) return;
		const updates = this.#outbound;
		this.#outbound = [];
		const frame = encodeSync(
			SyncType.update,
			updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)
		);
		for (const c of this.conns) c.send(frame);
	}

	// ---- awareness and presence ---------------------------------------------------------------

	/** Cursors are relayed between editors of rooms up to AWARENESS_RELAY_MAX connections. */
	#relaysAwarenessTo(conn: Connection) {
		return !conn.readOnly && this.conns.size <= this.deps.config.awarenessRelayMax;
	}

	#scheduleAwareness() {
		if (this.#awarenessTimer) return;
		this.#awarenessTimer = setTimeout(() => {
			this.#awarenessTimer = null;
			this.#flushAwareness();
		}, this.deps.config.awarenessMs);
	}

	#flushAwareness() {
		const local = [...this.#awarenessLocal];
		const remote = [...this.#awarenessRemote];
		this.#awarenessLocal.clear();
		this.#awarenessRemote.clear();
		if (local.length > 0) {
			this.deps.fanout?.publishAwareness(
				this,
				awarenessProtocol.encodeAwarenessUpdate(this.awareness, local)
			);
		}
		const all = [...new Set([...local, ...remote])];
		if (all.length === 0) return;
		if (this.conns.size > this.deps.config.awarenessRelayMax) return;
		const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, all));
		for (const c of this.conns) if (this.#relaysAwarenessTo(c)) c.send(frame);
	}

	/** How many are connected to this doc across every process. */
	presence() {
		let connections = this.conns.size;
		let writers = this.writers;
		const stale = Date.now() - 4 * this.deps.config.heartbeatMs;
		for (const [id, p] of this.#remotePresence) {
			if (p.at < stale) {
				this.#remotePresence.delete(id);
				continue;
			}
			connections += p.connections;
			writers += p.writers;
		}
		return { connections, writers };
	}

	#schedulePresence(publish = true) {
		if (publish) this.#presenceDirty = true;
		if (this.#presenceTimer) return;
		this.#presenceTimer = setTimeout(() => {
			this.#presenceTimer = null;
			this.sendPresence();
		}, 1000);
	}

	#presenceDirty = false;

	/** Sends presence counts to clients that asked for control messages (and to other processes). */
	sendPresence(republish = false) {
		if (this.#presenceDirty || republish) {
			this.#presenceDirty = false;
			this.deps.fanout?.publishPresence(this, {
				connections: this.conns.size,
				writers: this.writers
			});
		}
		const p = this.presence();
		const key = `${p.connections}/${p.writers}`;
		if (key === this.#lastPresence && !republish) return;
		this.#lastPresence = key;
		for (const c of this.conns) c.sendControl({ t: 'presence', ...p });
	}

	// ---- server-side writers ------------------------------------------------------------------

	/** Keeps the room loaded while a service uses it. */
	hold() {
		this.#serverHolds++;
		this.#cancelUnload();
	}

	release() {
		this.#serverHolds = Math.max(0, this.#serverHolds - 1);
		this.#maybeScheduleUnload();
	}

	/** Changes the doc as the server; the change is persisted and broadcast like any other. */
	transact(fn: (doc: Y.Doc) => void) {
		this.doc.transact(() => fn(this.doc), Origin.server);
	}

	// ---- compaction and unloading -------------------------------------------------------------

	async compact() {
		if (this.#compacting) return this.#compacting;
		this.#rowsSinceCompaction = 0;
		this.#compacting = this.deps.store
			.compact(this.name)
			.catch((e) => this.deps.log.error('compaction failed', { doc: this.name, error: e }))
			.finally(() => {
				this.#compacting = null;
			});
		return this.#compacting;
	}

	/** A room nobody attached to after all (the socket closed while it loaded) unloads in time. */
	unloadIfIdle() {
		this.#maybeScheduleUnload();
	}

	#cancelUnload() {
		if (this.#unloadTimer) {
			clearTimeout(this.#unloadTimer);
			this.#unloadTimer = null;
		}
	}

	#maybeScheduleUnload() {
		if (this.conns.size > 0 || this.#serverHolds > 0 || this.#unloadTimer || this.unloading) return;
		this.#unloadTimer = setTimeout(() => {
			this.#unloadTimer = null;
			if (this.conns.size === 0 && this.#serverHolds === 0) void this.unload();
		}, this.deps.config.unloadGraceMs);
		this.#unloadTimer.unref?.();
	}

	/** Flushes, compacts and frees the room. Connections still attached are closed with `code`. */
	unload(code: number = CloseCode.goingAway, compact = true): Promise<void> {
		this.unloading ??= (async () => {
			this.#cancelUnload();
			try {
				await this.ready;
			} catch {
				// a room that never loaded has nothing to flush
			}
			await this.flush();
			if (compact) {
				if (this.#compacting) await this.#compacting;
				if ((await this.deps.store.rowCount(this.name).catch(() => 0)) > 1) await this.compact();
			}
			for (const c of this.conns) c.close(code, 'room unloaded');
			this.destroy();
			this.deps.onUnloaded(this);
		})();
		return this.unloading;
	}

	destroy() {
		if (this.#destroyed) return;
		this.#destroyed = true;
		for (const t of [
			this.#flushTimer,
			this.#awarenessTimer,
			this.#presenceTimer,
			this.#unloadTimer
		]) {
			if (t) clearTimeout(t);
		}
		this.deps.fanout?.unsubscribe(this);
		this.awareness.destroy();
		this.doc.destroy();
	}

	#connOf(origin: unknown): Connection | undefined {
		return origin && typeof origin === 'object' && this.conns.has(origin as Connection)
			? (origin as Connection)
			: undefined;
	}
}
