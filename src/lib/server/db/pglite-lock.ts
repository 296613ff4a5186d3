import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * PGlite has no lock between processes: two processes on one data folder silently lose writes.
 * We take a pid file in the folder and refuse to start while a live process holds it.
 */
export class PgliteLockedError extends Error {
	constructor(
		readonly dir: string,
		readonly pid: number
	) {
		super(
			`The embedded database folder ${dir} is in use by another Rembuk process (pid ${pid}). ` +
				`Stop that process first, or give this one its own folder with PGLITE_DIR=…, ` +
				`or use PostgreSQL with DATABASE_URL=….`
		);
		this.name = 'PgliteLockedError';
	}
}

export const LOCK_FILE = 'rembuk.lock';

function isAlive(pid: number) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		// EPERM: the process exists but belongs to someone else.
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Folders this process holds, shared by every copy of this module (it is bundled twice): a lock
 * file naming our own pid is ours only when we took it; otherwise it is left from an earlier
 * process that had the same pid (common in containers) and is stale.
 */
const HELD = Symbol.for('rembuk.pgliteLocks');
function heldHere(): Set<string> {
	const g = globalThis as { [HELD]?: Set<string> };
	return (g[HELD] ??= new Set());
}

/** Takes the lock on `dir` for this process; returns a function that releases it. */
export function lockPgliteDir(dir: string): () => void {
	const abs = resolve(dir);
	mkdirSync(abs, { recursive: true });
	const file = join(abs, LOCK_FILE);
	const held = heldHere();
	// A second open of the same folder inside one process corrupts it just as surely.
	if (held.has(abs)) throw new PgliteLockedError(abs, process.pid);
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			writeFileSync(file, String(process.pid), { flag: 'wx' });
			held.add(abs);
			let released = false;
			const release = () => {
				if (released) return;
				released = true;
				held.delete(abs);
				process.off('exit', release);
				try {
					if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
				} catch {
					// already gone
				}
			};
			process.once('exit', release);
			return release;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			let holder: number;
			try {
				holder = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
			} catch (readError) {
				// removed between our write and this read: try again
				if ((readError as NodeJS.ErrnoException).code !== 'ENOENT') throw readError;
				continue;
			}
			if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
				throw new PgliteLockedError(abs, holder);
			}
			// A stale lock from a process that died (or a garbled file): take it over.
			try {
				unlinkSync(file);
			} catch {
				// another starter removed it first; retry
			}
		}
	}
	throw new Error(`Could not take the lock on ${abs}; try again.`);
}
