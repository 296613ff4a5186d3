/**
 * What the bench's processes say to each other over the fork() IPC channel (advanced
 * serialization, so typed arrays cross as they are). All times are `monotonicNow()` milliseconds.
 *
 * Workers stream what they measure while a phase runs (sync and convergence times, latency
 * samples) instead of answering once at the end: a worker whose event loop is flooded by a
 * server's backlog may answer far too late, but its streamed figures are already with the bench.
 */

/** y-websocket framing (reference, Rembuk) or Hocuspocus framing (doc name in every message). */
export type ClientProtocol = 'y-websocket' | 'hocuspocus';

export interface ConnectionSpec {
	protocol: ClientProtocol;
	/** For y-websocket the provider appends `/<docName>`; Hocuspocus sends the name in messages. */
	serverUrl: string;
	/** Extra headers on the upgrade request (Rembuk's session cookie). */
	headers: Record<string, string>;
	/** Stock clients publish an awareness state; `--no-awareness` clears it before connecting. */
	awareness: boolean;
}

export interface ClientSpec {
	id: number;
	room: number;
	docName: string;
}

export type Phase = 'connect' | 'typing' | 'round';

export type ToWorker =
	| {
			type: 'connect';
			connection: ConnectionSpec;
			clients: ClientSpec[];
			rooms: number;
			timeoutMs: number;
	  }
	| {
			/** Wait until every client has renewed its awareness state (stock clients do every 15 s). */
			type: 'renewal';
			/** Echoed in the answer, so that a late answer to an earlier request is not taken. */
			request: number;
			timeoutMs: number;
	  }
	| {
			type: 'typing';
			startAt: number;
			durationMs: number;
			drainMs: number;
			rateHz: number;
			/** Ids of the clients that type; everyone else in their rooms only receives. */
			writers: number[];
	  }
	| {
			type: 'round';
			startAt: number;
			/** How many keys a client of each room must see: the size of its room. */
			keysPerRoom: number[];
			timeoutMs: number;
	  }
	| { type: 'close' };

/** A client and the time something happened to it. */
export interface Stamp {
	id: number;
	at: number;
}

export type FromWorker =
	| { type: 'ready' }
	/** Streamed during connect: first completed sync per client. */
	| { type: 'synced'; clients: Stamp[] }
	| { type: 'renewed'; request: number; firstAt: number | null; allRenewed: boolean }
	/** Streamed during typing, as deltas. */
	| {
			type: 'typing-samples';
			/** Write-to-arrival latency of keystrokes at the other clients of their room, ms. */
			latencies: Float64Array;
			sentByRoom: number[];
			receivedByRoom: number[];
	  }
	/** Round: this worker's clients have all written their key (at = after the last write). */
	| { type: 'wrote'; at: number }
	/** Streamed during the round: when a client had seen every key of its room. */
	| { type: 'converged'; clients: Stamp[] }
	| {
			type: 'phase-done';
			phase: Phase;
			/** Event-loop utilization of the worker during the phase (1 = saturated). */
			elu: number;
			/** Connections lost after the first sync, summed over this worker's clients. */
			disconnects: number;
	  }
	| { type: 'closed' }
	| { type: 'failed'; message: string };

/** What a server child sends once it listens. */
export interface ServerListening {
	type: 'listening';
	port: number;
}
