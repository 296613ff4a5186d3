/**
 * Child process: runs many simulated phones and carries out the phases the bench asks for
 * (connect, renewal, typing, round, close), streaming what it measures. Every wait is bounded by
 * the deadline in the request; the worker exits when the bench goes away.
 */
import { performance } from 'node:perf_hooks';
import type * as Y from 'yjs';
import { createClient, webSocketClass, type BenchClient } from './clients.ts';
import { monotonicNow, sleep, sleepUntil } from './clock.ts';
import type { ClientSpec, FromWorker, Phase, Stamp, ToWorker } from './messages.ts';

interface Phone {
	spec: ClientSpec;
	client: BenchClient;
}

const phones: Phone[] = [];
// Every y-websocket provider adds a process 'exit' listener.
process.setMaxListeners(0);
let rooms = 0;

function send(message: FromWorker) {
	process.send?.(message);
}

/**
 * Stamps go out in one message per task: flushed in a microtask, so they leave even while a
 * flood of socket reads keeps timers from running.
 */
function stampStream(type: 'synced' | 'converged') {
	let pending: Stamp[] = [];
	return (id: number, at: number) => {
		if (pending.length === 0) {
			queueMicrotask(() => {
				send({ type, clients: pending });
				pending = [];
			});
		}
		pending.push({ id, at });
	};
}

/** Starts measuring a phase; the returned function reports it done. */
function phaseMeter(phase: Phase): () => void {
	const start = performance.eventLoopUtilization();
	return () =>
		send({
			type: 'phase-done',
			phase,
			elu: performance.eventLoopUtilization(start).utilization,
			disconnects: phones.reduce((sum, p) => sum + p.client.disconnects, 0)
		});
}

async function connect(message: Extract<ToWorker, { type: 'connect' }>) {
	rooms = message.rooms;
	const done = phaseMeter('connect');
	const synced = stampStream('synced');
	const WS = webSocketClass(message.connection.headers);
	for (const spec of message.clients) {
		const client = createClient(message.connection, WS, spec.docName);
		phones.push({ spec, client });
		void client.synced.then((at) => synced(spec.id, at));
	}
	await Promise.race([Promise.all(phones.map((p) => p.client.synced)), sleep(message.timeoutMs)]);
	done();
}

/**
 * Stock clients renew their awareness state every 15 s, and since they all connected at once,
 * they do it in one burst (N² messages through a relaying server). Phases start right after such
 * a burst so that every server gets the same window; `firstAt` tells when the next one is due.
 */
async function renewal(message: Extract<ToWorker, { type: 'renewal' }>) {
	const cleanups: (() => void)[] = [];
	let firstAt: number | null = null;
	const renewals = phones.flatMap(({ client }) => {
		const awareness = client.awareness;
		if (!awareness || awareness.getLocalState() === null) return [];
		return new Promise<void>((resolve) => {
			const onUpdate = (_change: unknown, origin: unknown) => {
				if (origin !== 'local') return;
				firstAt ??= monotonicNow();
				awareness.off('update', onUpdate);
				resolve();
			};
			awareness.on('update', onUpdate);
			cleanups.push(() => awareness.off('update', onUpdate));
		});
	});
	const allRenewed = await Promise.race([
		Promise.all(renewals).then(() => true),
		sleep(message.timeoutMs).then(() => false)
	]);
	for (const cleanup of cleanups) cleanup();
	send({ type: 'renewed', request: message.request, firstAt, allRenewed });
}

/**
 * Writers type one character per keystroke into the room's Y.Text; the same transaction stores
 * the write time in a Y.Map under `<writer>:<seq>`, so every receiver can compute the latency of
 * every keystroke (also when the server merges several into one message).
 */
async function typing(message: Extract<ToWorker, { type: 'typing' }>) {
	const { startAt, durationMs, drainMs, rateHz } = message;
	const writers = new Set(message.writers);
	let latencies: number[] = [];
	let sentByRoom = new Array<number>(rooms).fill(0);
	let receivedByRoom = new Array<number>(rooms).fill(0);
	let lastFlush = monotonicNow();
	const flush = () => {
		send({
			type: 'typing-samples',
			latencies: Float64Array.from(latencies),
			sentByRoom,
			receivedByRoom
		});
		latencies = [];
		sentByRoom = new Array<number>(rooms).fill(0);
		receivedByRoom = new Array<number>(rooms).fill(0);
		lastFlush = monotonicNow();
	};
	const cleanups: (() => void)[] = [];

	for (const { spec, client } of phones) {
		const stamps = client.doc.getMap<number>('stamps');
		const onStamps = (event: Y.YMapEvent<number>) => {
			if (event.transaction.local) return;
			const now = monotonicNow();
			for (const key of event.keysChanged) {
				const writtenAt = stamps.get(key);
				if (typeof writtenAt !== 'number') continue;
				latencies.push(now - writtenAt);
				receivedByRoom[spec.room]++;
			}
			if (now - lastFlush > 250) flush();
		};
		stamps.observe(onStamps);
		cleanups.push(() => stamps.unobserve(onStamps));
	}

	const period = 1000 / rateHz;
	const keystrokes = Math.floor(durationMs / period);
	for (const { spec, client } of phones) {
		if (!writers.has(spec.id)) continue;
		const text = client.doc.getText('text');
		const stamps = client.doc.getMap<number>('stamps');
		const offset = Math.random() * period;
		let seq = 0;
		let timer: NodeJS.Timeout;
		const keystroke = () => {
			client.doc.transact(() => {
				text.insert(text.length, String.fromCharCode(97 + (seq % 26)));
				stamps.set(`${spec.id}:${seq}`, monotonicNow());
			});
			sentByRoom[spec.room]++;
			seq++;
			if (seq < keystrokes)
				timer = setTimeout(keystroke, startAt + offset + seq * period - monotonicNow());
		};
		timer = setTimeout(keystroke, startAt + offset - monotonicNow());
		cleanups.push(() => clearTimeout(timer));
	}

	await sleepUntil(startAt);
	const done = phaseMeter('typing');
	await sleepUntil(startAt + durationMs + drainMs);
	for (const cleanup of cleanups) cleanup();
	flush();
	done();
}

/** Every client sets its own key in the room's Y.Map at `startAt`, then waits to see all keys. */
async function round(message: Extract<ToWorker, { type: 'round' }>) {
	const { startAt, keysPerRoom, timeoutMs } = message;
	const converged = stampStream('converged');
	let waiting = phones.length;
	let allConverged = () => {};
	const everyone = new Promise<void>((resolve) => (allConverged = resolve));
	const rounds = phones.map(({ spec, client }) => {
		const map = client.doc.getMap<number>('round');
		// Every key is set once, so counting changed keys counts keys (Y.Map.size is O(keys)).
		let seen = 0;
		let done = false;
		const onChange = (event: Y.YMapEvent<number>) => {
			seen += event.keysChanged.size;
			if (seen < keysPerRoom[spec.room]) return;
			done = true;
			converged(spec.id, monotonicNow());
			map.unobserve(onChange);
			if (--waiting === 0) allConverged();
		};
		map.observe(onChange);
		return { map, stop: () => done || map.unobserve(onChange) };
	});

	await sleepUntil(startAt);
	const done = phaseMeter('round');
	phones.forEach(({ spec }, i) => rounds[i].map.set(`c${spec.id}`, monotonicNow())); // own key counts too
	send({ type: 'wrote', at: monotonicNow() });
	await Promise.race([everyone, sleepUntil(startAt + timeoutMs)]);
	for (const { stop } of rounds) stop();
	done();
}

async function close() {
	for (const { client } of phones) client.destroy();
	await sleep(200); // let the close frames go out
	send({ type: 'closed' });
	process.exit(0);
}

const handlers: {
	[K in ToWorker['type']]: (message: Extract<ToWorker, { type: K }>) => Promise<void>;
} = {
	connect,
	renewal,
	typing,
	round,
	close
};

process.on('message', (message: ToWorker) => {
	const handler = handlers[message.type] as (message: ToWorker) => Promise<void>;
	handler(message).catch((error: unknown) => {
		send({
			type: 'failed',
			message: error instanceof Error ? (error.stack ?? error.message) : String(error)
		});
	});
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
