/**
 * One scenario against one server: start the server and the client workers, then
 * connect → (awareness burst, quiet) → typing → (awareness burst, quiet) → "everyone changes one
 * key" round, measuring the server's CPU and memory from /proc and the clients' CPU beside it.
 * Everything started here is stopped again before returning, also on failure.
 */
import { availableParallelism } from 'node:os';
import { ClientPool } from './client-pool.ts';
import type { Options } from './cli.ts';
import { monotonicNow } from './clock.ts';
import type { ClientSpec, ConnectionSpec, FromWorker, Phase } from './messages.ts';
import {
	cpuSeconds,
	machineBusySeconds,
	memory,
	resetPeak,
	RssSampler,
	totalCpuSeconds
} from './proc-stats.ts';
import { waitForQuiet } from './quiet.ts';
import { totalClients, type Scenario } from './scenarios.ts';
import { distribution, type Distribution } from './stats.ts';
import type { Target, TargetName } from './targets/target.ts';

export interface PhaseHealth {
	/** Workers that had not reported the phase done a few seconds after its deadline. */
	lateWorkers: number;
	/** Highest event-loop utilization among the workers that did report (1 = saturated). */
	eluMax: number | null;
}

export interface ScenarioResult {
	scenario: string;
	server: TargetName;
	label: string;
	rooms: number;
	clients: number;
	workers: number;
	awareness: boolean;
	/** Per client: ms from the connect request to its first completed sync. */
	connect: Distribution & { notSynced: number };
	typing: {
		writers: number;
		keystrokes: number;
		/** Keystroke arrivals expected at the other clients of the room, and those that came in time. */
		expected: number;
		received: number;
		latencyMs: Distribution;
		/** The phase ran into the clients' next awareness renewal burst. */
		overlapsRenewal: boolean;
	};
	/** Per client: ms from the common write time until it had every key of its room. */
	round: Distribution & {
		notConverged: number;
		timeoutMs: number;
		/** When the last worker had written all its clients' keys, ms after the common write time. */
		lastWriteMs: number | null;
		overlapsRenewal: boolean;
	};
	serverSide: {
		cpuSeconds: number;
		roundCpuSeconds: number;
		/** CPU seconds per second of the round: near 1 means a single-threaded server was saturated. */
		roundCores: number;
		idleRssMB: number;
		connectedRssMB: number;
		peakRssMB: number;
	};
	clientSide: {
		cpuSeconds: number;
		roundCpuSeconds: number;
		/** All workers together; near the core count means the simulated phones were the limit. */
		roundCores: number;
		phases: Record<Phase, PhaseHealth>;
		disconnects: number;
	};
	/**
	 * Cores that processes other than the server, the workers and the bench itself kept busy during
	 * the round: a shared machine's neighbours. Well above 0 means the figures are disturbed.
	 */
	otherProcessesRoundCores: number;
	quietWaits: { waitedMs: number; quiet: boolean }[];
}

const MB = 1024 * 1024;
const LEAD_MS = 500;
/** How long after a phase's own deadline the bench still waits for late workers. */
const LATE_MS = 5000;
const RENEWAL_TIMEOUT_MS = 25_000;
/** y-protocols' Awareness renews the local state at the earliest 15 s after the last renewal. */
const RENEWAL_PERIOD_MS = 15_000;

/** One worker per 100 clients, at most one per core (more would only share the same cores). */
export function workersFor(scenario: Scenario, options: Options): number {
	return (
		options.workers ?? Math.min(availableParallelism(), Math.ceil(totalClients(scenario) / 100))
	);
}

export async function runScenario(
	scenario: Scenario,
	target: Target,
	options: Options,
	log: (line: string) => void
): Promise<ScenarioResult> {
	const { rooms, clientsPerRoom } = scenario;
	const clients = totalClients(scenario);
	const workerCount = workersFor(scenario, options);
	const running = await target.start({ rooms });
	let pool: ClientPool | null = null;
	try {
		pool = await ClientPool.start(workerCount, options.clientNice);
		const workers = pool;
		const server = running.pid;
		const everyone = [server, ...workers.pids];
		const quietWaits = [await waitForQuiet(everyone)];
		const idleRss = memory(server)?.rss ?? 0;
		const peakFromKernel = resetPeak(server);
		const sampler = new RssSampler(server);
		const serverCpu0 = cpuSeconds(server) ?? 0;
		const clientCpu0 = totalCpuSeconds(workers.pids);
		const phases = {} as Record<Phase, PhaseHealth>;
		let disconnects = 0;
		const health = (
			phase: Phase,
			answers: (Extract<FromWorker, { type: 'phase-done' }> | null)[]
		) => {
			const done = answers.filter((a) => a !== null);
			phases[phase] = {
				lateWorkers: answers.length - done.length,
				eluMax: done.length ? Math.max(...done.map((a) => a.elu)) : null
			};
			disconnects = Math.max(
				disconnects,
				done.reduce((sum, a) => sum + a.disconnects, 0)
			);
		};

		// Client i is in room ⌊i / clientsPerRoom⌋ and runs in worker i mod workers, so that each
		// room is spread over all workers.
		const specs: ClientSpec[] = Array.from({ length: clients }, (_, id) => {
			const room = Math.floor(id / clientsPerRoom);
			return { id, room, docName: running.docNames[room] };
		});
		const connection: ConnectionSpec = {
			protocol: running.protocol,
			serverUrl: running.serverUrl,
			headers: running.headers,
			awareness: options.awareness
		};

		log(`connect ${clients} clients`);
		const synced: number[] = [];
		const connectStart = monotonicNow();
		const stopSynced = workers.on('synced', (m) =>
			m.clients.forEach((c) => synced.push(c.at - connectStart))
		);
		health(
			'connect',
			await workers.gather(
				(w) => ({
					type: 'connect',
					connection,
					clients: specs.filter((s) => s.id % workerCount === w),
					rooms,
					timeoutMs: options.timeoutMs
				}),
				'phase-done',
				options.timeoutMs + LATE_MS,
				(a) => a.phase === 'connect'
			)
		);
		stopSynced();

		let renewalRequests = 0;
		/** Waits for the clients' awareness renewal burst and for quiet; returns when the next is due. */
		const afterRenewalBurst = async (): Promise<number> => {
			let nextBurstAt = Infinity;
			if (options.awareness) {
				log('waiting for the awareness renewal burst');
				const request = ++renewalRequests;
				const renewed = await workers.gather(
					() => ({ type: 'renewal', request, timeoutMs: RENEWAL_TIMEOUT_MS }),
					'renewed',
					RENEWAL_TIMEOUT_MS + LATE_MS,
					(a) => a.request === request
				);
				const firstAt = Math.min(...renewed.map((r) => r?.firstAt ?? Infinity));
				nextBurstAt = Number.isFinite(firstAt) ? firstAt + RENEWAL_PERIOD_MS : 0;
			}
			quietWaits.push(await waitForQuiet(everyone));
			return nextBurstAt;
		};
		const typingBurstAt = await afterRenewalBurst();
		const connectedRss = memory(server)?.rss ?? 0;

		const writersPerRoom = Math.min(options.writersPerRoom, clientsPerRoom);
		const writerIds = specs.filter((s) => s.id % clientsPerRoom < writersPerRoom).map((s) => s.id);
		log(
			`typing: ${writerIds.length} writers at ${options.typingRateHz}/s for ${options.typingMs / 1000} s`
		);
		const latencies: Float64Array[] = [];
		let keystrokes = 0;
		let received = 0;
		const sum = (counts: number[]) => counts.reduce((s, n) => s + n, 0);
		const stopSamples = workers.on('typing-samples', (m) => {
			latencies.push(m.latencies);
			keystrokes += sum(m.sentByRoom);
			received += sum(m.receivedByRoom);
		});
		const typingStart = monotonicNow() + LEAD_MS;
		const typingEnd = typingStart + options.typingMs + options.drainMs;
		health(
			'typing',
			await workers.gather(
				() => ({
					type: 'typing',
					startAt: typingStart,
					durationMs: options.typingMs,
					drainMs: options.drainMs,
					rateHz: options.typingRateHz,
					writers: writerIds
				}),
				'phase-done',
				typingEnd - monotonicNow() + LATE_MS,
				(a) => a.phase === 'typing'
			)
		);
		stopSamples();
		const roundBurstAt = await afterRenewalBurst();

		log('round: every client sets its key');
		const converged: number[] = [];
		let lastWrite = -Infinity;
		const roundStart = monotonicNow() + LEAD_MS;
		const stopConverged = workers.on('converged', (m) =>
			m.clients.forEach((c) => converged.push(c.at - roundStart))
		);
		const stopWrote = workers.on('wrote', (m) => (lastWrite = Math.max(lastWrite, m.at)));
		const roundWindowStart = monotonicNow();
		const serverCpuRound0 = cpuSeconds(server) ?? 0;
		const clientCpuRound0 = totalCpuSeconds(workers.pids);
		const machineRound0 = machineBusySeconds();
		const benchRound0 = process.cpuUsage();
		health(
			'round',
			await workers.gather(
				() => ({
					type: 'round',
					startAt: roundStart,
					keysPerRoom: new Array<number>(rooms).fill(clientsPerRoom),
					timeoutMs: options.timeoutMs
				}),
				'phase-done',
				LEAD_MS + options.timeoutMs + LATE_MS,
				(a) => a.phase === 'round'
			)
		);
		stopConverged();
		stopWrote();
		const serverCpuEnd = cpuSeconds(server) ?? serverCpuRound0;
		const clientCpuEnd = totalCpuSeconds(workers.pids);
		const roundWindowSeconds = (monotonicNow() - roundWindowStart) / 1000;
		const benchRound = process.cpuUsage(benchRound0);
		const othersRoundCpu =
			machineBusySeconds() -
			machineRound0 -
			(serverCpuEnd - serverCpuRound0) -
			(clientCpuEnd - clientCpuRound0) -
			(benchRound.user + benchRound.system) / 1e6;
		const sampledPeak = sampler.stop();
		const kernelPeak = peakFromKernel ? (memory(server)?.peak ?? 0) : 0;
		const inTime = converged.filter((t) => t <= options.timeoutMs);
		const roundMs = [...inTime, ...new Array<number>(clients - inTime.length).fill(Infinity)];
		const syncMs = [...synced, ...new Array<number>(clients - synced.length).fill(Infinity)];
		const roundEnd =
			converged.length === clients
				? roundStart + Math.max(...converged)
				: roundStart + options.timeoutMs;

		return {
			scenario: scenario.name,
			server: target.name,
			label: target.label,
			rooms,
			clients,
			workers: workerCount,
			awareness: options.awareness,
			connect: { ...distribution(syncMs), notSynced: clients - synced.length },
			typing: {
				writers: writerIds.length,
				keystrokes,
				expected: keystrokes * (clientsPerRoom - 1),
				received,
				latencyMs: distribution(concat(latencies)),
				overlapsRenewal: typingEnd > typingBurstAt
			},
			round: {
				...distribution(roundMs),
				notConverged: clients - inTime.length,
				timeoutMs: options.timeoutMs,
				lastWriteMs: Number.isFinite(lastWrite) ? lastWrite - roundStart : null,
				overlapsRenewal: roundEnd > roundBurstAt
			},
			serverSide: {
				cpuSeconds: serverCpuEnd - serverCpu0,
				roundCpuSeconds: serverCpuEnd - serverCpuRound0,
				roundCores: (serverCpuEnd - serverCpuRound0) / roundWindowSeconds,
				idleRssMB: idleRss / MB,
				connectedRssMB: connectedRss / MB,
				peakRssMB: Math.max(sampledPeak, kernelPeak) / MB
			},
			clientSide: {
				cpuSeconds: clientCpuEnd - clientCpu0,
				roundCpuSeconds: clientCpuEnd - clientCpuRound0,
				roundCores: (clientCpuEnd - clientCpuRound0) / roundWindowSeconds,
				phases,
				disconnects
			},
			otherProcessesRoundCores: Math.max(0, othersRoundCpu / roundWindowSeconds),
			quietWaits
		};
	} finally {
		await pool?.close();
		await running.stop();
	}
}

function concat(arrays: Float64Array[]): Float64Array {
	const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
	let offset = 0;
	for (const a of arrays) {
		out.set(a, offset);
		offset += a.length;
	}
	return out;
}
