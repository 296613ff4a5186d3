/**
 * What bench:vote and its phone workers say to each other over the fork() IPC channel. All times
 * are `monotonicNow()` milliseconds (one clock for every process of the bench, see
 * bench/realtime/clock.ts).
 */
import type { ConnectionSpec, Stamp } from '../realtime/messages.ts';

/**
 * `api`: Rembuk. The phone casts its ballot with an HTTP POST and reads the tally from the
 * server-written live doc. `map`: the naive approach on the anchors. The phone writes its choice
 * into the shared `Y.Map` `votes` and counts the entries.
 */
export type VoteMode = 'api' | 'map';

export interface PhoneSpec {
	id: number;
	docName: string;
	/** Upgrade headers of this phone (Rembuk: its own participant cookie and the Origin). */
	headers: Record<string, string>;
	/** What the phone votes: Rembuk's ballot `choice`, or the value it writes into the map. */
	choice: unknown;
}

export type ToVoteWorker =
	| {
			type: 'connect';
			connection: ConnectionSpec;
			mode: VoteMode;
			phones: PhoneSpec[];
			/**
			 * `api` mode: once synced, each phone loads its ballot (`GET …/my-ballot`, as the
			 * phone's ballot panel does when a vote appears) on one kept-alive HTTP connection of
			 * its own, and later posts its ballot on that same connection, as a browser does.
			 */
			ballotUrl: string | null;
			timeoutMs: number;
	  }
	| {
			type: 'vote';
			/** Phone `id` votes at `startAt + windowMs × id / totalPhones`. */
			startAt: number;
			windowMs: number;
			totalPhones: number;
			/** `api` mode: where to POST the ballots. */
			ballotUrl: string | null;
			timeoutMs: number;
	  }
	| {
			/**
			 * The final state is known: report, for every phone, when it first held it (also if that
			 * was before this message came). `api`: the live vote's turnout; `map`: the map's size.
			 */
			type: 'final';
			count: number;
			deadline: number;
	  }
	| { type: 'close' };

export interface Ack {
	id: number;
	sentAt: number;
	/** null: no acknowledgement (HTTP error, network error, or none within the timeout). */
	ackAt: number | null;
	/** HTTP status, `error` (the request failed) or `timeout`; `ok` for the map. */
	outcome: number | 'error' | 'timeout' | 'ok';
}

/** A phone holding the final count, and the tally it shows then (`api` mode). */
export interface Reached extends Stamp {
	tally: string;
}

export type VotePhase = 'connect' | 'vote' | 'final';

export type FromVoteWorker =
	| { type: 'ready' }
	| { type: 'synced'; clients: Stamp[] }
	| { type: 'acks'; acks: Ack[] }
	| { type: 'reached'; clients: Reached[] }
	| {
			type: 'phase-done';
			phase: VotePhase;
			/** Event-loop utilization of the worker during the phase (1 = saturated). */
			elu: number;
			disconnects: number;
	  }
	| { type: 'closed' }
	| { type: 'failed'; message: string };
