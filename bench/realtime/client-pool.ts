/**
 * The bench's side of the worker processes that run the simulated phones: starts them, sends
 * each a request and collects one answer per worker, each wait bounded by a timeout.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { childEntry, type ChildEntry } from './bundle.ts';
import { exited, stopChild, track } from './children.ts';
import type { FromWorker, ToWorker } from './messages.ts';

/**
 * Plain node (not the tsx loader the bench runs under), plus `BENCH_WORKER_ARGS` if set, e.g.
 * `BENCH_WORKER_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` to profile the simulated phones.
 */
function workerNodeArgs(): string[] {
	return process.env.BENCH_WORKER_ARGS?.split(' ').filter(Boolean) ?? [];
}

/** A worker protocol's messages; every protocol has `ready`, `failed` ({ message }) and `closed`. */
type WorkerMessage = { type: string };
type Answer<F extends WorkerMessage, T extends F['type']> = Extract<F, { type: T }>;

class LateAnswer extends Error {}

/**
 * `To` / `From` are the worker's message types: the realtime worker's by default; other benches
 * (bench/vote) run their own worker entry with their own messages through the same pool.
 */
export class ClientPool<
	To extends { type: string } = ToWorker,
	From extends WorkerMessage = FromWorker
> {
	private constructor(private readonly workers: ChildProcess[]) {}

	/** `nice` > 0 lowers the workers' scheduling priority below the server's. */
	static async start<
		To extends { type: string } = ToWorker,
		From extends WorkerMessage = FromWorker
	>(count: number, nice = 0, entry: ChildEntry = 'worker'): Promise<ClientPool<To, From>> {
		const file = await childEntry(entry);
		const workers = Array.from({ length: count }, () =>
			track(
				fork(file, [], {
					execArgv: workerNodeArgs(),
					stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
					serialization: 'advanced'
				})
			)
		);
		const pool = new ClientPool<To, From>(workers);
		try {
			if (nice) for (const pid of pool.pids) setPriority(pid, nice);
			await pool.collect('ready', 15_000);
			return pool;
		} catch (error) {
			await pool.close();
			throw error;
		}
	}

	get pids(): number[] {
		return this.workers.map((w) => w.pid!);
	}

	/** Calls `handler` with every message of `type` from any worker until the returned function. */
	on<T extends From['type']>(type: T, handler: (message: Answer<From, T>) => void): () => void {
		const listener = (message: From) => {
			if (message.type === type) handler(message as Answer<From, T>);
		};
		for (const worker of this.workers) worker.on('message', listener);
		return () => {
			for (const worker of this.workers) worker.off('message', listener);
		};
	}

	/**
	 * Sends each worker its request and waits, at most `timeoutMs`, for one answer of `type` from
	 * every worker (that `accept` takes: a late answer to an earlier phase is not this one's); a
	 * worker that has not answered by then (too busy) gets null. A worker that fails or exits
	 * rejects.
	 */
	async gather<T extends From['type']>(
		request: (workerIndex: number) => To,
		type: T,
		timeoutMs: number,
		accept: (answer: Answer<From, T>) => boolean = () => true
	): Promise<(Answer<From, T> | null)[]> {
		const answers = this.workers.map((worker) =>
			this.answerFrom(worker, type, timeoutMs, accept).catch((error: unknown) => {
				if (error instanceof LateAnswer) return null;
				throw error;
			})
		);
		this.workers.forEach((worker, i) => worker.send(request(i)));
		return Promise.all(answers);
	}

	async close(): Promise<void> {
		await Promise.all(
			this.workers.map(async (worker) => {
				if (worker.connected) {
					worker.send({ type: 'close' } satisfies { type: 'close' });
					await this.answerFrom(worker, 'closed', 5000).catch(() => undefined);
					await exited(worker, 5000); // it exits by itself after "closed"
				}
				await stopChild(worker, 2000);
			})
		);
	}

	private collect<T extends From['type']>(type: T, timeoutMs: number): Promise<Answer<From, T>[]> {
		return Promise.all(this.workers.map((worker) => this.answerFrom(worker, type, timeoutMs)));
	}

	private answerFrom<T extends From['type']>(
		worker: ChildProcess,
		type: T,
		timeoutMs: number,
		accept: (answer: Answer<From, T>) => boolean = () => true
	): Promise<Answer<From, T>> {
		return new Promise((resolve, reject) => {
			const done = () => {
				clearTimeout(timer);
				worker.off('message', onMessage);
				worker.off('exit', onExit);
			};
			const timer = setTimeout(() => {
				done();
				reject(new LateAnswer(`worker ${worker.pid}: no "${type}" within ${timeoutMs} ms`));
			}, timeoutMs);
			const onMessage = (message: From) => {
				if (message.type === 'failed') {
					done();
					const why = (message as { message?: unknown }).message;
					reject(new Error(`worker ${worker.pid} failed: ${String(why)}`));
				} else if (message.type === type && accept(message as Answer<From, T>)) {
					done();
					resolve(message as Answer<From, T>);
				}
			};
			const onExit = (code: number | null, signal: string | null) => {
				done();
				reject(new Error(`worker ${worker.pid} exited (${signal ?? code}) before "${type}"`));
			};
			worker.on('message', onMessage);
			worker.on('exit', onExit);
		});
	}
}
