/**
 * Starts one of the bench's own server entries (reference, Hocuspocus) as a forked child and
 * waits for it to report its port over IPC.
 */
import { fork } from 'node:child_process';
import { childEntry, type ChildEntry } from '../bundle.ts';
import { stopChild, track } from '../children.ts';
import type { ServerListening } from '../messages.ts';

export async function startServerChild(
	entry: ChildEntry,
	timeoutMs = 15_000
): Promise<{ port: number; pid: number; stop: () => Promise<void> }> {
	const child = track(
		fork(await childEntry(entry), [], {
			execArgv: [], // plain node, not the tsx loader the bench itself runs under
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			serialization: 'advanced'
		})
	);
	const stop = () => stopChild(child);
	try {
		const port = await new Promise<number>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`${entry} did not listen in ${timeoutMs} ms`)),
				timeoutMs
			);
			child.once('exit', (code, signal) => {
				clearTimeout(timer);
				reject(new Error(`${entry} exited before listening (${signal ?? code})`));
			});
			child.on('message', (message: ServerListening) => {
				if (message.type !== 'listening') return;
				clearTimeout(timer);
				resolve(message.port);
			});
		});
		return { port, pid: child.pid!, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
