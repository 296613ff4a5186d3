/**
 * Every process the bench starts is registered here, so that it is ended on success, on error,
 * on Ctrl-C and on SIGTERM. Only these processes are ever signalled, each by its own pid.
 */
import type { ChildProcess } from 'node:child_process';
import { sleep } from './clock.ts';

const running = new Set<ChildProcess>();
let installed = false;

export function track(child: ChildProcess): ChildProcess {
	installHandlers();
	running.add(child);
	child.once('exit', () => running.delete(child));
	return child;
}

export function isRunning(child: ChildProcess): boolean {
	return child.exitCode === null && child.signalCode === null;
}

/** Resolves true once `child` has exited, false if it still runs after `ms`. */
export async function exited(child: ChildProcess, ms: number): Promise<boolean> {
	if (!isRunning(child)) return true;
	const exit = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)));
	return Promise.race([exit, sleep(ms).then(() => !isRunning(child))]);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
	if (!isRunning(child)) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const inTime = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
	if (!inTime && isRunning(child)) {
		child.kill('SIGKILL');
		await Promise.race([exited, sleep(2000)]);
	}
}

function killAllNow() {
	for (const child of running) if (isRunning(child)) child.kill('SIGKILL');
}

function installHandlers() {
	if (installed) return;
	installed = true;
	process.once('exit', killAllNow);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			console.error(`\n${signal}: stopping ${running.size} child process(es)`);
			killAllNow();
			process.exit(130);
		});
	}
	process.on('uncaughtException', (error) => {
		console.error('bench failed:', error);
		killAllNow();
		process.exit(1);
	});
	process.on('unhandledRejection', (error) => {
		console.error('bench failed (unhandled rejection):', error);
		killAllNow();
		process.exit(1);
	});
}
