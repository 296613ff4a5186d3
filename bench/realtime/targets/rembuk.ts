/**
 * Everything Rembuk-specific about the bench lives in this file.
 *
 * Rembuk runs as in production: `node dist-server/index.js` (after `npm run build`) on a fresh
 * PGlite folder, realtime endpoint on the app's port at `/yjs/<docName>`. Clients authenticate
 * with the demo facilitator's session cookie, got by posting the login form once.
 *
 * The meetings (one per room) are created through Rembuk's own services on the PGlite folder
 * before the server starts (PGlite serves one process at a time), and moved to the "collecting"
 * phase so every client may write the board.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { docName } from '../../../src/lib/realtime/doc-names.ts';
import { openDatabase } from '../../../src/lib/server/db/client.ts';
import { user } from '../../../src/lib/server/db/schema/index.ts';
import { advanceMeetingPhase, createMeeting } from '../../../src/lib/server/meetings/service.ts';
import { seedDemoData } from '../../../src/lib/server/seed/demo.ts';
import { buildMeetingInput } from '../../../tests/factories/meetings.ts';
import { stopChild, track } from '../children.ts';
import { TargetUnavailable, type Target } from './target.ts';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
/** adapter-node checks form posts against ORIGIN; the Origin header must equal it exactly. */
export const ORIGIN = 'http://127.0.0.1';
export const FACILITATOR = { username: 'fasilitator', password: 'rembuk-fasilitator' };
const READY_LINE = /Rembuk is listening on http:\/\/127\.0\.0\.1:(\d+)/;

export interface PreparedRembuk {
	/** Base URL for WebsocketProvider: it appends `/<docName>`. */
	url: string;
	cookie: string;
	docNames: string[];
	pid: number;
	stop: () => Promise<void>;
}

export interface RembukServer {
	baseUrl: string;
	pid: number;
	stop: () => Promise<void>;
}

/**
 * Migrates and seeds a fresh PGlite folder, then creates `rooms` meetings as the demo facilitator,
 * each open for editing. Returns their ids.
 */
async function createMeetings(pgliteDir: string, rooms: number): Promise<string[]> {
	const handle = await openDatabase({
		pgliteDir,
		migrationsFolder: join(root, 'drizzle')
	});
	try {
		await seedDemoData(handle.db);
		const [f] = await handle.db.select().from(user).where(eq(user.username, FACILITATOR.username));
		const actor = { kind: 'user' as const, id: f.id, role: f.role, kelurahanId: f.kelurahanId };
		const ids: string[] = [];
		for (let i = 0; i < rooms; i++) {
			const m = await createMeeting(
				handle.db,
				actor,
				buildMeetingInput({ title: `Bench room ${i + 1}` })
			);
			await advanceMeetingPhase(handle.db, actor, { meetingId: m.id, to: 'collecting' });
			ids.push(m.id);
		}
		return ids;
	} finally {
		await handle.close();
	}
}

export async function prepareRembuk({ rooms }: { rooms: number }): Promise<PreparedRembuk> {
	for (const built of ['dist-server/index.js', 'build/handler.js']) {
		if (!existsSync(join(root, built)))
			throw new TargetUnavailable(`${built} is missing: run \`npm run build\` first`);
	}
	const dataDir = await mkdtemp(join(tmpdir(), 'rembuk-bench-'));
	let meetingIds: string[];
	try {
		meetingIds = await createMeetings(join(dataDir, 'pglite'), rooms);
	} catch (error) {
		await rm(dataDir, { recursive: true, force: true });
		throw error;
	}
	const server = await startRembuk(dataDir);
	try {
		const cookie = await signIn(server.baseUrl);
		return {
			url: server.baseUrl.replace(/^http/, 'ws') + '/yjs',
			cookie,
			docNames: meetingIds.map((id) => docName.board(id)),
			pid: server.pid,
			stop: server.stop
		};
	} catch (error) {
		await server.stop();
		throw error;
	}
}

export const rembuk: Target = {
	name: 'rembuk',
	label: 'Rembuk',
	async start({ rooms }) {
		const prepared = await prepareRembuk({ rooms });
		return {
			protocol: 'y-websocket',
			serverUrl: prepared.url,
			docNames: prepared.docNames,
			headers: { cookie: prepared.cookie, origin: ORIGIN },
			pid: prepared.pid,
			stop: prepared.stop
		};
	}
};

/**
 * Node flags for the Rembuk server, e.g. `BENCH_SERVER_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'`
 * to profile it (the profile is written when the bench stops it).
 */
function serverNodeArgs(): string[] {
	return process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [];
}

/**
 * Starts `node dist-server/index.js` on `dataDir` (its PGlite folder is `<dataDir>/pglite`), or on
 * `databaseUrl` (PostgreSQL) when given. `stop` ends it and removes `dataDir`.
 */
export async function startRembuk(
	dataDir: string,
	{ databaseUrl, timeoutMs = 60_000 }: { databaseUrl?: string; timeoutMs?: number } = {}
): Promise<RembukServer> {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: '0',
		HOST: '127.0.0.1',
		PGLITE_DIR: join(dataDir, 'pglite'),
		ORIGIN,
		LOG_LEVEL: 'warn',
		REALTIME_MAX_CONNECTIONS_PER_ADDRESS: '100000',
		REALTIME_MAX_CONNECTIONS_PER_DOC: '100000'
	};
	// A single process on its own PGlite folder (or the database it was given): no Redis fan-out.
	delete env.DATABASE_URL;
	delete env.REDIS_URL;
	if (databaseUrl) env.DATABASE_URL = databaseUrl;
	const child = track(
		spawn(process.execPath, [...serverNodeArgs(), 'dist-server/index.js'], {
			cwd: root,
			env,
			stdio: ['ignore', 'pipe', 'pipe']
		})
	);
	child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[rembuk] ${chunk}`));
	const stop = async () => {
		await stopChild(child, 15_000); // SIGTERM flushes every doc first
		await rm(dataDir, { recursive: true, force: true });
	};
	try {
		const port = await new Promise<number>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`Rembuk was not ready in ${timeoutMs} ms`)),
				timeoutMs
			);
			child.once('exit', (code, signal) => {
				clearTimeout(timer);
				reject(new Error(`Rembuk exited before listening (${signal ?? code})`));
			});
			// Keep reading stdout for the whole run so that the pipe never fills up.
			createInterface({ input: child.stdout! }).on('line', (line) => {
				const match = READY_LINE.exec(line);
				if (!match) return;
				clearTimeout(timer);
				resolve(Number(match[1]));
			});
		});
		return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Posts the login form once and returns the `rembuk_session=...` cookie pair. */
export async function signIn(baseUrl: string): Promise<string> {
	const response = await fetch(`${baseUrl}/login`, {
		method: 'POST',
		headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(FACILITATOR).toString(),
		redirect: 'manual',
		signal: AbortSignal.timeout(15_000)
	});
	const session = response.headers
		.getSetCookie()
		.map((header) => header.split(';')[0])
		.find((pair) => pair.startsWith('rembuk_session=') && pair.length > 'rembuk_session='.length);
	if (!session) throw new Error(`Rembuk login failed: HTTP ${response.status}, no session cookie`);
	return session;
}
