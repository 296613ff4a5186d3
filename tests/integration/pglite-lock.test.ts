import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { lockPgliteDir, PgliteLockedError } from '../../src/lib/server/db/pglite-lock.ts';
import { startApp, type AppProcess } from '../support/app-process.ts';
import { createPgliteDir } from '../support/test-db.ts';

/** A process that stays alive until killed: an "other Rembuk process" holding a lock. */
async function otherProcess() {
	const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], {
		stdio: 'ignore'
	});
	await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
	const exited = new Promise((resolve) => child.once('exit', resolve));
	return {
		pid: child.pid!,
		async kill() {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			await exited;
		}
	};
}

/** The error `fn` throws, or a failed expectation. */
function thrown(fn: () => unknown): Error {
	try {
		fn();
	} catch (e) {
		return e as Error;
	}
	return expect.fail('expected an error');
}

describe('the PGlite folder lock', () => {
	let dir: string;
	const releases: Array<() => void> = [];
	const lock = (d = dir) => {
		const release = lockPgliteDir(d);
		releases.push(release);
		return release;
	};
	const lockFile = () => join(dir, 'rembuk.lock');

	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'rembuk-lock-'));
	});
	afterEach(async () => {
		for (const release of releases.splice(0)) release();
		await rm(dir, { recursive: true, force: true });
	});

	it('writes our pid into the folder (creating it) and release removes it', async () => {
		const nested = join(dir, 'data', 'pglite');
		const release = lock(nested);
		expect(readFileSync(join(nested, 'rembuk.lock'), 'utf8')).toBe(String(process.pid));
		release();
		expect(existsSync(join(nested, 'rembuk.lock'))).toBe(false);
		// releasing twice is harmless, and the folder can be locked again
		release();
		lock(nested);
		expect(existsSync(join(nested, 'rembuk.lock'))).toBe(true);
	});

	it('refuses a second lock while another live process holds the folder', async () => {
		const other = await otherProcess();
		try {
			writeFileSync(lockFile(), String(other.pid));
			const e = thrown(() => lock());
			expect(e).toBeInstanceOf(PgliteLockedError);
			expect(e).toMatchObject({ pid: other.pid, dir });
			expect(e.message).toContain(`in use by another Rembuk process (pid ${other.pid})`);
			expect(e.message).toContain(dir);
			expect(e.message).toMatch(/PGLITE_DIR=/);
			expect(e.message).toMatch(/DATABASE_URL=/);
			// the holder's lock is untouched
			expect(readFileSync(lockFile(), 'utf8')).toBe(String(other.pid));
		} finally {
			await other.kill();
		}
		// that process is gone now: its lock is stale and is taken over
		lock();
		expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
	});

	it('refuses a second lock on the same folder inside this process until released', () => {
		const release = lock();
		const e = thrown(() => lock(join(dir, '.')));
		expect(e).toBeInstanceOf(PgliteLockedError);
		expect((e as PgliteLockedError).pid).toBe(process.pid);
		expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
		release();
		lock();
		expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
	});

	it.each([
		['a dead process', 'dead'],
		['a garbled file', 'not a pid'],
		['an empty file', ''],
		['our own pid left from an earlier process', 'self']
	])('takes over a stale lock left by %s', async (_name, content) => {
		let text = content;
		if (content === 'dead') {
			const gone = await otherProcess();
			await gone.kill();
			text = String(gone.pid);
		} else if (content === 'self') {
			text = String(process.pid);
		}
		writeFileSync(lockFile(), text);
		const release = lock();
		expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
		release();
		expect(existsSync(lockFile())).toBe(false);
	});

	it('does not remove a lock that another process took after ours', () => {
		const release = lock();
		writeFileSync(lockFile(), '999999');
		release();
		expect(readFileSync(lockFile(), 'utf8')).toBe('999999');
	});

	it('openDatabase refuses a folder another open database holds, and frees it on close', async () => {
		const pg = await createPgliteDir();
		try {
			const first = await openDatabase({ pgliteDir: pg.dir });
			let closed = false;
			try {
				await expect(openDatabase({ pgliteDir: pg.dir })).rejects.toBeInstanceOf(PgliteLockedError);
				// the first one still works and still holds the lock
				await first.ping();
				expect(readFileSync(join(pg.dir, 'rembuk.lock'), 'utf8')).toBe(String(process.pid));
				await first.close();
				closed = true;
				expect(existsSync(join(pg.dir, 'rembuk.lock'))).toBe(false);
				const again = await openDatabase({ pgliteDir: pg.dir });
				await again.ping();
				await again.close();
			} finally {
				if (!closed) await first.close();
			}
		} finally {
			await pg.cleanup();
		}
	});
});

describe('two server processes on one PGlite folder', () => {
	const apps: AppProcess[] = [];
	let cleanup: (() => Promise<void>) | undefined;
	afterAll(async () => {
		await Promise.all(apps.map((a) => a.crash()));
		await cleanup?.();
	});

	it('the second refuses to start with a clear message; the first keeps serving', async () => {
		const pg = await createPgliteDir();
		cleanup = pg.cleanup;
		const first = await startApp({ PGLITE_DIR: pg.dir });
		apps.push(first);

		const second = await startApp({ PGLITE_DIR: pg.dir }).then(
			(app) => {
				apps.push(app);
				return expect.fail('the second server started on a locked folder');
			},
			(e: Error) => e.message
		);
		expect(second).toMatch(/exited with code 75 before listening/);
		expect(second).toContain(
			`The embedded database folder ${pg.dir} is in use by another Rembuk process (pid ${first.child.pid})`
		);

		const health = await fetch(`${first.url}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({ status: 'ok', database: { ok: true } });
		expect(readFileSync(join(pg.dir, 'rembuk.lock'), 'utf8')).toBe(String(first.child.pid));

		// after a crash (kill -9) the lock file stays behind; the next start takes it over
		await first.crash();
		expect(readFileSync(join(pg.dir, 'rembuk.lock'), 'utf8')).toBe(String(first.child.pid));
		const third = await startApp({ PGLITE_DIR: pg.dir });
		apps.push(third);
		expect((await fetch(`${third.url}/healthz`)).status).toBe(200);
		expect(readFileSync(join(pg.dir, 'rembuk.lock'), 'utf8')).toBe(String(third.child.pid));
		expect(await third.stop()).toBe(0);
		expect(existsSync(join(pg.dir, 'rembuk.lock'))).toBe(false);
	});
});
