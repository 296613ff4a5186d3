import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
export const serverEntry = join(root, 'dist-server/index.js');

export type AppProcess = {
	url: string;
	port: number;
	child: ChildProcess;
	/** Everything the process printed so far (stdout and stderr). */
	output(): string;
	/** SIGTERM and wait for exit; returns the exit code. */
	stop(): Promise<number | null>;
	/** kill -9, as in a crash. */
	crash(): Promise<void>;
	exited: Promise<number | null>;
};

/**
 * Starts the built server (`node dist-server/index.js`) on port 0 with the given environment and
 * resolves once it prints its address. Fails with the output when it exits first. `cwd` is the
 * repository unless given.
 */
export async function startApp(
	env: Record<string, string>,
	timeoutMs = 60_000,
	{ cwd = root }: { cwd?: string } = {}
): Promise<AppProcess> {
	if (!existsSync(serverEntry)) {
		throw new Error('dist-server/index.js is missing: run `npm run build` before these tests.');
	}
	const child = spawn(process.execPath, [serverEntry], {
		cwd,
		env: {
			PATH: process.env.PATH ?? '',
			HOME: process.env.HOME ?? '',
			PORT: '0',
			HOST: '127.0.0.1',
			LOG_LEVEL: 'warn',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const exited = new Promise<number | null>((resolve) =>
		child.once('exit', (code) => resolve(code))
	);
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`)),
			timeoutMs
		);
		const onData = () => {
			const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve(Number(m[1]));
			}
		};
		child.stdout!.on('data', onData);
		exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with code ${code} before listening:\n${out}`));
		});
	});
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		child,
		output: () => out,
		exited,
		async stop() {
			if (child.exitCode === null) child.kill('SIGTERM');
			return exited;
		},
		async crash() {
			if (child.exitCode === null) child.kill('SIGKILL');
			await exited;
		}
	};
}

/**
 * Runs the built server with `env` until it exits by itself (a start-up that must fail), and
 * returns its exit code and output. Killed after `timeoutMs` if it does not exit.
 */
export async function runAppToExit(
	env: Record<string, string>,
	timeoutMs = 30_000
): Promise<{ code: number | null; output: string }> {
	const child = spawn(process.execPath, [serverEntry], {
		cwd: root,
		env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
	const code = await new Promise<number | null>((resolve) =>
		child.once('close', (c) => resolve(c))
	);
	clearTimeout(timer);
	return { code, output };
}

/** Resolves once the process has printed something matching `pattern`; rejects if it exits first. */
export function waitForOutput(app: AppProcess, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
	return new Promise((resolve, reject) => {
		const check = () => {
			if (!pattern.test(app.output())) return false;
			cleanup();
			resolve();
			return true;
		};
		const timer = setTimeout(() => {
			cleanup();
			reject(new Error(`no output matching ${pattern} in ${timeoutMs} ms:\n${app.output()}`));
		}, timeoutMs);
		const cleanup = () => {
			clearTimeout(timer);
			app.child.stdout!.off('data', onData);
			app.child.stderr!.off('data', onData);
		};
		// Our own listeners run after the collecting ones, so output() already holds the chunk.
		const onData = () => void check();
		app.child.stdout!.on('data', onData);
		app.child.stderr!.on('data', onData);
		if (check()) return;
		app.exited.then((code) => {
			if (check()) return;
			cleanup();
			reject(new Error(`process exited (${code}) before printing ${pattern}:\n${app.output()}`));
		});
	});
}
