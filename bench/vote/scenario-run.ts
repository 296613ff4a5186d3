/**
 * One scenario (N phones in one meeting) against one server: start the server and the phone
 * workers, connect every phone, let them all vote within the window, then measure when each
 * phone holds the final tally. The server's CPU and memory come from /proc. Everything started
 * here is stopped again before returning, also on failure.
 */
import { availableParallelism } from 'node:os';
import { ClientPool } from '../realtime/client-pool.ts';
import { monotonicNow } from '../realtime/clock.ts';
import {
	cpuSeconds,
	machineBusySeconds,
	memory,
	resetPeak,
	RssSampler,
	totalCpuSeconds
} from '../realtime/proc-stats.ts';
import { waitForQuiet } from '../realtime/quiet.ts';
import { distribution, type Distribution } from '../realtime/stats.ts';
import type { VoteOptions } from './cli.ts';
import type { Ack, FromVoteWorker, Reached, ToVoteWorker, VotePhase } from './messages.ts';
import { tallyKey, turnoutOf } from './tally-key.ts';
import type { VoteTarget, VoteTargetName } from './targets.ts';

export interface VoteResult {
	scenario: string;
	server: VoteTargetName;
	label: string;
	mode: 'api' | 'map';
	phones: number;
	workers: number;
	windowMs: number;
	/** Per phone: ms from the connect request to its first completed sync. */
	connect: Distribution & { notSynced: number };
	/** Per ballot: ms from sending it until the server acknowledged it. */
	ack: Distribution & {
		acknowledged: number;
		/** Ballots without acknowledgement, by HTTP status, `error` or `timeout`. */
		failed: Record<string, number>;
	};
	/** Acknowledged ballots / (last acknowledgement − first ballot sent). */
	ballotsPerSecond: number | null;
	/** What the phones offered: phones / window. */
	offeredPerSecond: number | null;
	/**
	 * Per phone: ms from the last acknowledged ballot until the phone held the final tally (a
	 * phone that already held it then counts as 0). `missing`: phones that never got it within
	 * the timeout; `wrongTally`: phones whose live tally at that turnout differed from the staff
	 * API's (api mode).
	 */
	finalTally: Distribution & {
		/** The turnout (api) or number of entries (map) a phone must show. */
		expectedCount: number;
		missing: number;
		wrongTally: number;
		/** api mode: the staff API's final tally could not be read (then: acknowledged ballots). */
		apiError: string | null;
	};
	serverSide: {
		cpuSeconds: number;
		/** From the first ballot until every phone held the final tally (or the timeout). */
		voteCpuSeconds: number;
		voteCores: number;
		idleRssMB: number;
		connectedRssMB: number;
		peakRssMB: number;
	};
	clientSide: {
		cpuSeconds: number;
		voteCpuSeconds: number;
		eluMax: Record<VotePhase, number | null>;
		lateWorkers: Record<VotePhase, number>;
		disconnects: number;
	};
	/**
	 * Cores that processes other than the server, the workers and the bench kept busy from the
	 * vote until the end: a shared machine's neighbours. Well above 0 means disturbed figures.
	 */
	otherProcessesCores: number;
}

const MB = 1024 * 1024;
const LATE_MS = 5000;

/** One worker per 100 phones, at most one per core. */
export function voteWorkersFor(phones: number, options: VoteOptions): number {
	return options.workers ?? Math.min(availableParallelism(), Math.ceil(phones / 100));
}

export async function runVoteScenario(
	phones: number,
	target: VoteTarget,
	options: VoteOptions,
	log: (line: string) => void
): Promise<VoteResult> {
	const workerCount = voteWorkersFor(phones, options);
	const { timeoutMs, windowMs } = options;
	log(`preparing and starting the server`);
	const running = await target.start(phones);
	let pool: ClientPool<ToVoteWorker, FromVoteWorker> | null = null;
	try {
		pool = await ClientPool.start<ToVoteWorker, FromVoteWorker>(
			workerCount,
			options.clientNice,
			'vote-worker'
		);
		const workers = pool;
		const server = running.pid;
		const everyone = [server, ...workers.pids];
		await waitForQuiet(everyone);
		const idleRss = memory(server)?.rss ?? 0;
		const peakFromKernel = resetPeak(server);
		const sampler = new RssSampler(server);
		const serverCpu0 = cpuSeconds(server) ?? 0;
		const clientCpu0 = totalCpuSeconds(workers.pids);
		const eluMax = {} as Record<VotePhase, number | null>;
		const lateWorkers = {} as Record<VotePhase, number>;
		let disconnects = 0;
		const health = (
			phase: VotePhase,
			answers: (Extract<FromVoteWorker, { type: 'phase-done' }> | null)[]
		) => {
			const done = answers.filter((a) => a !== null);
			lateWorkers[phase] = answers.length - done.length;
			eluMax[phase] = done.length ? Math.max(...done.map((a) => a.elu)) : null;
			disconnects = Math.max(
				disconnects,
				done.reduce((sum, a) => sum + a.disconnects, 0)
			);
		};
		const phase = (p: VotePhase) => (a: { phase: VotePhase }) => a.phase === p;

		log(`connect ${phones} phones`);
		const specs = Array.from({ length: phones }, (_, i) => running.phone(i));
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
					connection: {
						protocol: running.protocol,
						serverUrl: running.serverUrl,
						headers: {},
						// The live doc is the server's; phones of the naive approach get none either,
						// so that no server relays N² awareness renewals during the vote.
						awareness: false
					},
					mode: running.mode,
					phones: specs.filter((s) => s.id % workerCount === w),
					ballotUrl: running.ballotUrl,
					timeoutMs
				}),
				'phase-done',
				timeoutMs + LATE_MS,
				phase('connect')
			)
		);
		stopSynced();
		await waitForQuiet(everyone);
		const connectedRss = memory(server)?.rss ?? 0;

		log(`vote: ${phones} ballots within ${windowMs / 1000} s`);
		const acks: Ack[] = [];
		const stopAcks = workers.on('acks', (m) => acks.push(...m.acks));
		const startAt = monotonicNow() + 1000;
		const serverCpuVote0 = cpuSeconds(server) ?? 0;
		const clientCpuVote0 = totalCpuSeconds(workers.pids);
		const machineVote0 = machineBusySeconds();
		const benchVote0 = process.cpuUsage();
		const voteWindowStart = monotonicNow();
		health(
			'vote',
			await workers.gather(
				() => ({
					type: 'vote',
					startAt,
					windowMs,
					totalPhones: phones,
					ballotUrl: running.ballotUrl,
					timeoutMs
				}),
				'phase-done',
				startAt - monotonicNow() + windowMs + timeoutMs + LATE_MS,
				phase('vote')
			)
		);
		// Acks that flooded workers report late still count: the listener stays on until the end.
		const ackSummary = () => {
			const acked = acks.filter((a) => a.ackAt !== null);
			const failed: Record<string, number> = {};
			for (const a of acks) if (a.ackAt === null) failed[a.outcome] = (failed[a.outcome] ?? 0) + 1;
			if (acks.length < phones) failed.unreported = phones - acks.length;
			return {
				acked,
				failed,
				lastAck: acked.length ? Math.max(...acked.map((a) => a.ackAt!)) : monotonicNow(),
				firstSent: acks.length ? Math.min(...acks.map((a) => a.sentAt)) : startAt
			};
		};
		const afterVote = ackSummary();
		log(`${afterVote.acked.length} of ${phones} ballots acknowledged`);

		// The final state the phones must reach: the staff API's tally (api), every entry (map).
		let expectedCount = running.mode === 'map' ? phones : afterVote.acked.length;
		let expectedTally: string | null = null;
		let apiError: string | null = null;
		if (running.finalTally) {
			try {
				const tally = await running.finalTally();
				expectedCount = turnoutOf(tally) ?? expectedCount;
				expectedTally = tallyKey(tally);
			} catch (error) {
				apiError = error instanceof Error ? error.message : String(error);
				log(`final tally from the API: ${apiError}`);
			}
		}

		log(`final: waiting for every phone to hold ${expectedCount}`);
		const reached: Reached[] = [];
		const stopReached = workers.on('reached', (m) => reached.push(...m.clients));
		const deadline = Math.max(afterVote.lastAck, monotonicNow()) + timeoutMs;
		health(
			'final',
			await workers.gather(
				() => ({ type: 'final', count: expectedCount, deadline }),
				'phase-done',
				deadline - monotonicNow() + LATE_MS,
				phase('final')
			)
		);
		stopReached();
		stopAcks();
		const { acked, failed, lastAck, firstSent } = ackSummary();
		const serverCpuEnd = cpuSeconds(server) ?? serverCpuVote0;
		const clientCpuEnd = totalCpuSeconds(workers.pids);
		const benchVote = process.cpuUsage(benchVote0);
		const othersVoteCpu =
			machineBusySeconds() -
			machineVote0 -
			(serverCpuEnd - serverCpuVote0) -
			(clientCpuEnd - clientCpuVote0) -
			(benchVote.user + benchVote.system) / 1e6;
		const voteWindowSeconds = (monotonicNow() - voteWindowStart) / 1000;
		const lastReached = reached.length ? Math.max(...reached.map((r) => r.at)) : deadline;
		const voteSeconds = Math.max(0.001, (Math.max(lastReached, lastAck) - firstSent) / 1000);
		const sampledPeak = sampler.stop();
		const kernelPeak = peakFromKernel ? (memory(server)?.peak ?? 0) : 0;

		const inTime = reached.filter((r) => r.at <= deadline);
		const finalMs = [
			// A phone that held the final tally before the last acknowledgement came back counts 0.
			...inTime.map((r) => Math.max(0, r.at - lastAck)),
			...new Array<number>(phones - inTime.length).fill(Infinity)
		];
		const syncMs = [...synced, ...new Array<number>(phones - synced.length).fill(Infinity)];
		const ackSpan = acked.length ? (lastAck - firstSent) / 1000 : 0;

		return {
			scenario: String(phones),
			server: target.name,
			label: target.label,
			mode: running.mode,
			phones,
			workers: workerCount,
			windowMs,
			connect: { ...distribution(syncMs), notSynced: phones - synced.length },
			ack: {
				...distribution(acked.map((a) => a.ackAt! - a.sentAt)),
				acknowledged: acked.length,
				failed
			},
			ballotsPerSecond: ackSpan > 0 ? acked.length / ackSpan : null,
			offeredPerSecond: windowMs > 0 ? phones / (windowMs / 1000) : null,
			finalTally: {
				...distribution(finalMs),
				expectedCount,
				missing: phones - inTime.length,
				wrongTally:
					expectedTally === null ? 0 : inTime.filter((r) => r.tally !== expectedTally).length,
				apiError
			},
			serverSide: {
				cpuSeconds: serverCpuEnd - serverCpu0,
				voteCpuSeconds: serverCpuEnd - serverCpuVote0,
				voteCores: (serverCpuEnd - serverCpuVote0) / voteSeconds,
				idleRssMB: idleRss / MB,
				connectedRssMB: connectedRss / MB,
				peakRssMB: Math.max(sampledPeak, kernelPeak) / MB
			},
			clientSide: {
				cpuSeconds: clientCpuEnd - clientCpu0,
				voteCpuSeconds: clientCpuEnd - clientCpuVote0,
				eluMax,
				lateWorkers,
				disconnects
			},
			otherProcessesCores: Math.max(0, othersVoteCpu / voteWindowSeconds)
		};
	} finally {
		await pool?.close();
		await running.stop();
	}
}
