/**
 * Child process of bench:vote: many simulated phones, each a stock Yjs provider (see
 * bench/realtime/clients.ts) subscribed to the meeting's doc. Carries out what the bench asks
 * (connect, vote, final, close) and streams what it measures.
 *
 * - `api` (Rembuk): a phone casts its ballot with one HTTP POST on its own connection, like a
 *   phone that has been idle, and reads turnout and tally from the live doc's `vote`.
 * - `map` (the naive approach on the anchors): a phone writes `{ [phone]: choice }` into the shared
 *   `Y.Map` `votes` and counts its entries. The server has acknowledged the write when its echo
 *   comes back (reference server: it sends every update to every connection, the writer's own
 *   included) or when the provider reports no unsynced changes (Hocuspocus answers each update).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import type { RawData } from 'ws';
import * as Y from 'yjs';
import { liveRoot } from '../../src/lib/realtime/live/schema.ts';
import { liveVoteKey, readLiveVote } from '../../src/lib/realtime/live/vote.ts';
import { createClient, webSocketClass, type BenchClient } from '../realtime/clients.ts';
import { monotonicNow, sleep, sleepUntil } from '../realtime/clock.ts';
import type { Stamp } from '../realtime/messages.ts';
import type {
	Ack,
	FromVoteWorker,
	PhoneSpec,
	Reached,
	ToVoteWorker,
	VotePhase
} from './messages.ts';
import { tallyKey } from './tally-key.ts';

interface Phone {
	spec: PhoneSpec;
	client: BenchClient;
	/** Live turnout (`api`) or entries in the map (`map`), and when it last changed. */
	count: number;
	changedAt: number;
	tally: string;
	/** Set while the phone waits for the server to acknowledge its map write. */
	onEcho: ((update: Uint8Array) => void) | null;
	/** Called on every change of `count` during the final phase. */
	onChange: (() => void) | null;
	/** `api`: the phone's one kept-alive HTTP connection (a browser keeps one per site). */
	agent: Agent | null;
}

const phones: Phone[] = [];
process.setMaxListeners(0); // every y-websocket provider adds a process 'exit' listener
let mode: 'api' | 'map' = 'map';

function send(message: FromVoteWorker) {
	process.send?.(message);
}

/** Items go out in one message per task (a microtask), also while socket reads flood the loop. */
function stream<T>(emit: (items: T[]) => void) {
	let pending: T[] = [];
	return (item: T) => {
		if (pending.length === 0) {
			queueMicrotask(() => {
				emit(pending);
				pending = [];
			});
		}
		pending.push(item);
	};
}

function phaseMeter(phase: VotePhase): () => void {
	const start = performance.eventLoopUtilization();
	return () =>
		send({
			type: 'phase-done',
			phase,
			elu: performance.eventLoopUtilization(start).utilization,
			disconnects: phones.reduce((sum, p) => sum + p.client.disconnects, 0)
		});
}

function bytesOf(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The Yjs update inside a y-websocket sync message (step 2 or update), or null. */
function syncUpdateOf(message: Uint8Array): Uint8Array | null {
	try {
		const decoder = decoding.createDecoder(message);
		if (decoding.readVarUint(decoder) !== 0) return null; // not a sync message
		const step = decoding.readVarUint(decoder);
		return step === 1 || step === 2 ? decoding.readVarUint8Array(decoder) : null;
	} catch {
		return null;
	}
}

function watch(phone: Phone) {
	const { doc } = phone.client;
	const changed = (count: number, tally: string) => {
		phone.count = count;
		phone.changedAt = monotonicNow();
		phone.tally = tally;
		phone.onChange?.();
	};
	if (mode === 'api') {
		const state = doc.getMap(liveRoot);
		state.observe((event) => {
			if (!event.keysChanged.has(liveVoteKey)) return;
			const vote = readLiveVote(state.get(liveVoteKey));
			if (vote && vote.turnout !== phone.count) changed(vote.turnout, tallyKey(vote.result));
		});
	} else {
		// Every key is set once, so counting changed keys counts entries (Y.Map.size is O(keys)).
		doc.getMap('votes').observe((event) => changed(phone.count + event.keysChanged.size, ''));
	}
}

async function connect(message: Extract<ToVoteWorker, { type: 'connect' }>) {
	mode = message.mode;
	const done = phaseMeter('connect');
	const synced = stream<Stamp>((clients) => send({ type: 'synced', clients }));
	for (const spec of message.phones) {
		let phone: Phone | null = null;
		const Base = webSocketClass(spec.headers);
		// Taps the phone's socket (every reconnect makes a new one) for the echo of its own write.
		const WS = class extends Base {
			constructor(address: string | URL, protocols?: string | string[]) {
				super(address, protocols);
				this.on('message', (data: RawData) => {
					if (!phone?.onEcho) return;
					const update = syncUpdateOf(bytesOf(data));
					if (update) phone.onEcho(update);
				});
			}
		};
		const client = createClient(message.connection, WS, spec.docName);
		phone = {
			spec,
			client,
			count: 0,
			changedAt: monotonicNow(),
			tally: '',
			onEcho: null,
			onChange: null,
			agent: message.ballotUrl ? new Agent({ keepAlive: true, maxSockets: 1 }) : null
		};
		watch(phone);
		phones.push(phone);
		void client.synced.then((at) => synced({ id: spec.id, at }));
	}
	const ready = phones.map(async (p) => {
		await p.client.synced;
		if (message.ballotUrl) await loadBallot(message.ballotUrl, p, message.timeoutMs);
	});
	await Promise.race([Promise.all(ready), sleep(message.timeoutMs)]);
	done();
}

/** `GET …/my-ballot` on the phone's own connection (a 404 `no_ballot` is the usual answer). */
function loadBallot(ballotUrl: string, phone: Phone, timeoutMs: number): Promise<void> {
	return new Promise((resolve) => {
		const req = request(
			ballotUrl.replace(/\/ballots$/, '/my-ballot'),
			{ agent: phone.agent!, timeout: timeoutMs, headers: phone.spec.headers },
			(response) => {
				response.resume();
				response.on('end', () => resolve());
				response.on('error', () => resolve());
			}
		);
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve());
		req.end();
	});
}

/** POSTs the phone's ballot on its own kept-alive connection; resolves with the HTTP status. */
function postBallot(url: string, phone: Phone, timeoutMs: number): Promise<Ack['outcome']> {
	const body = JSON.stringify({
		choice: phone.spec.choice,
		idempotencyKey: `bench-${phone.spec.id}-${Math.random().toString(36).slice(2, 12)}`
	});
	return new Promise((resolve) => {
		const req = request(
			url,
			{
				method: 'POST',
				agent: phone.agent ?? false,
				timeout: timeoutMs,
				headers: {
					...phone.spec.headers,
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body)
				}
			},
			(response) => {
				response.resume(); // the receipt is not needed, only that it came
				response.on('end', () => resolve(response.statusCode ?? 'error'));
				response.on('error', () => resolve('error'));
			}
		);
		req.on('timeout', () => {
			req.destroy();
			resolve('timeout');
		});
		req.on('error', () => resolve('error'));
		req.end(body);
	});
}

/** Writes the phone's entry and resolves once the server has acknowledged it (see the top). */
function writeEntry(phone: Phone, timeoutMs: number): Promise<Ack['outcome']> {
	const { client, spec } = phone;
	return new Promise((resolve) => {
		let settled = false;
		const settle = (outcome: Ack['outcome']) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			phone.onEcho = null;
			resolve(outcome);
		};
		const timer = setTimeout(() => settle('timeout'), timeoutMs);
		if (client.provider.protocol === 'hocuspocus') {
			const provider = client.provider.provider;
			const onUnsynced = ({ number }: { number: number }) => {
				if (number !== 0) return;
				provider.off('unsyncedChanges', onUnsynced);
				settle('ok');
			};
			provider.on('unsyncedChanges', onUnsynced);
		} else {
			const own = client.doc.clientID;
			phone.onEcho = (update) => {
				if (Y.decodeUpdate(update).structs.some((s) => s.id.client === own)) settle('ok');
			};
		}
		client.doc.getMap('votes').set(`p${spec.id}`, spec.choice);
	});
}

async function vote(message: Extract<ToVoteWorker, { type: 'vote' }>) {
	const { startAt, windowMs, totalPhones, ballotUrl, timeoutMs } = message;
	const acks = stream<Ack>((list) => send({ type: 'acks', acks: list }));
	await sleepUntil(startAt);
	const done = phaseMeter('vote');
	await Promise.all(
		phones.map(async (phone) => {
			await sleepUntil(startAt + (windowMs * phone.spec.id) / totalPhones);
			const sentAt = monotonicNow();
			const outcome =
				mode === 'api'
					? await postBallot(ballotUrl!, phone, timeoutMs)
					: await writeEntry(phone, timeoutMs);
			const ok = outcome === 'ok' || outcome === 200 || outcome === 201;
			acks({ id: phone.spec.id, sentAt, ackAt: ok ? monotonicNow() : null, outcome });
		})
	);
	done();
}

/** Reports when each phone first held `count` (before this message too), until the deadline. */
async function final(message: Extract<ToVoteWorker, { type: 'final' }>) {
	const done = phaseMeter('final');
	const reached = stream<Reached>((clients) => send({ type: 'reached', clients }));
	let waiting = 0;
	let allThere = () => {};
	const everyone = new Promise<void>((resolve) => (allThere = resolve));
	for (const phone of phones) {
		const report = () => {
			phone.onChange = null;
			reached({ id: phone.spec.id, at: phone.changedAt, tally: phone.tally });
		};
		if (phone.count === message.count) {
			report();
			continue;
		}
		waiting++;
		phone.onChange = () => {
			if (phone.count !== message.count) return;
			report();
			if (--waiting === 0) allThere();
		};
	}
	if (waiting > 0) await Promise.race([everyone, sleepUntil(message.deadline)]);
	for (const phone of phones) phone.onChange = null;
	await sleep(0); // the last stamps leave before phase-done
	done();
}

async function close() {
	for (const { client, agent } of phones) {
		client.destroy();
		agent?.destroy();
	}
	await sleep(200); // let the close frames go out
	send({ type: 'closed' });
	process.exit(0);
}

const handlers: {
	[K in ToVoteWorker['type']]: (message: Extract<ToVoteWorker, { type: K }>) => Promise<void>;
} = { connect, vote, final, close };

process.on('message', (message: ToVoteWorker) => {
	const handler = handlers[message.type] as (message: ToVoteWorker) => Promise<void>;
	handler(message).catch((error: unknown) => {
		send({
			type: 'failed',
			message: error instanceof Error ? (error.stack ?? error.message) : String(error)
		});
	});
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
