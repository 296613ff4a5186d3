import type { WebSocket } from 'ws';
import {
	CloseCode,
	encodeControl,
	type AccessMode,
	type ControlMessage
} from '../../realtime/protocol.ts';
import type { RealtimeActor } from './policy.ts';

let nextId = 1;

/**
 * One client socket in a room. Sending checks the socket's buffer: a client that falls more than
 * `sendBufferBytes` behind (a phone on a dying network) is closed so it reconnects and resyncs,
 * instead of making the server hold an ever-growing queue for it.
 */
export class Connection {
	readonly id = nextId++;
	/** Awareness client ids this connection has announced (removed when it leaves). */
	readonly awarenessClients = new Set<number>();
	alive = true;
	lastSentAt = Date.now();
	closed = false;
	#tokens: number;
	#tokensAt = Date.now();

	constructor(
		readonly ws: WebSocket,
		readonly actor: RealtimeActor,
		public mode: AccessMode,
		/** The client asked for control messages (a Rembuk client, not a stock one). */
		readonly wantsControl: boolean,
		readonly address: string,
		private readonly limits: { sendBufferBytes: number; messagesPerSecond: number }
	) {
		this.#tokens = limits.messagesPerSecond * 2;
	}

	get readOnly() {
		return this.mode === 'read';
	}

	send(frame: Uint8Array) {
		if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
		if (this.ws.bufferedAmount > this.limits.sendBufferBytes) {
			this.close(CloseCode.slowConsumer, 'send buffer full');
			return;
		}
		this.lastSentAt = Date.now();
		this.ws.send(frame);
	}

	sendControl(message: ControlMessage) {
		if (this.wantsControl) this.send(encodeControl(message));
	}

	/** Token bucket: `messagesPerSecond` sustained, twice that as a burst. */
	takeMessageToken(now = Date.now()): boolean {
		const rate = this.limits.messagesPerSecond;
		this.#tokens = Math.min(rate * 2, this.#tokens + ((now - this.#tokensAt) / 1000) * rate);
		this.#tokensAt = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}

	close(code: number, reason: string) {
		if (this.closed) return;
		this.closed = true;
		try {
			this.ws.close(code, reason);
		} catch {
			this.ws.terminate();
		}
	}
}
