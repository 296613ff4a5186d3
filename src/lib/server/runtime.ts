import { Redis } from 'ioredis';
import { resolve } from 'node:path';
import { formatJoinCode } from '../domain/join-code.ts';
import { docName } from '../realtime/doc-names.ts';
import { createLoginLimiter, type LoginLimiter } from './auth/rate-limit.ts';
import { deleteExpiredSessions } from './auth/session.ts';
import { getConfig, type Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/client.ts';
import { logger, setLogLevel } from './log.ts';
import { createLivePublisher, type LivePublisher } from './meetings/live-publisher.ts';
import { meetingAttendance } from './participants/queries.ts';
import { createBallotBatcher, type BallotBatcher } from './votes/ballot-batch.ts';
import { currentVoteState } from './votes/tally.ts';
import { startVoteTimers } from './votes/timers.ts';
import { createRealtimeServer, type RealtimeServer } from './realtime/server.ts';
import { needsFirstRunSeed, seedDemoData } from './seed/demo.ts';
import { seedDemoFinishedMeeting } from './seed/demo-finished-meeting.ts';
import { seedDemoMeeting } from './seed/demo-meeting.ts';

/**
 * Everything one Rembuk process holds open: configuration, database, Redis, the login limiter and
 * (later) the realtime server. It lives on `globalThis` because this module is bundled twice in
 * production (build/ and dist-server/) and loaded twice under `vite dev`; both copies must share
 * one database connection (and one PGlite lock).
 */
export type Runtime = {
	config: Config;
	database: DatabaseHandle;
	redis: Redis | undefined;
	loginLimiter: LoginLimiter;
	/** The y-websocket endpoint and server-side doc access. */
	realtime: RealtimeServer;
	/** Keeps each meeting's server-written `live` doc in step with the database. */
	livePublisher: LivePublisher;
	/** Writes the ballots that arrive together in one transaction (see ballot-batch.ts). */
	ballots: BallotBatcher;
	startedAt: Date;
	/** Parts that report their own status to /healthz (the realtime server registers here). */
	healthParts: Map<string, () => Promise<HealthPart> | HealthPart>;
	/** Called on shutdown, last registered first, before the database closes. */
	onClose: Array<() => Promise<void> | void>;
	/**
	 * The server answers requests now: starts what a first start put off until then (writing the
	 * finished demo meeting). Called once by the server (and the dev plugin); later calls do nothing.
	 */
	listening(): void;
	close(): Promise<void>;
};

export type HealthPart = { ok: boolean } & Record<string, unknown>;

export type RuntimeOptions = {
	config?: Config;
	migrationsFolder?: string;
	/**
	 * The PGlite template `npm run build` writes (`dist-server/pglite-template.tar.gz`): a new
	 * PGlite folder starts from it instead of initdb. Without it (vite dev) the folder is created
	 * from nothing.
	 */
	pgliteTemplate?: string;
	/** Print the first-run banner with demo accounts (the CLI start does; tests do not). */
	announce?: (lines: string[]) => void;
};

const KEY = Symbol.for('rembuk.runtime');
type Holder = { [KEY]?: Promise<Runtime> };
const log = logger('runtime');

/** Starts the process runtime once; later calls return the same one. */
export function ensureRuntime(opts: RuntimeOptions = {}): Promise<Runtime> {
	const g = globalThis as Holder;
	if (!g[KEY]) {
		g[KEY] = startRuntime(opts);
		g[KEY].catch(() => {
			delete g[KEY];
		});
	}
	return g[KEY];
}

/** The started runtime; throws when `ensureRuntime` has not completed (a programming error). */
export async function getRuntime(): Promise<Runtime> {
	const g = globalThis as Holder;
	if (!g[KEY]) throw new Error('Rembuk runtime not started');
	return g[KEY];
}

async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
	const config = opts.config ?? getConfig();
	setLogLevel(config.logLevel);
	const t0 = performance.now();
	const database = await openDatabase({
		databaseUrl: config.databaseUrl,
		pgliteDir: config.pgliteDir,
		poolMax: config.databasePoolMax,
		migrationsFolder: opts.migrationsFolder ?? resolve(process.cwd(), 'drizzle'),
		pgliteTemplate: opts.pgliteTemplate
	});
	const { templateSkipped, restarted, ...opened } = database.opened;
	if (restarted) {
		log.warn('an earlier first start on this database folder was interrupted: starting it again');
	}
	if (templateSkipped && opened.from === 'initdb') {
		log.info('creating the database without the build template (slower)', {
			why: templateSkipped
		});
	}
	log.info('database ready', {
		driver: database.driver,
		where: database.driver === 'pglite' ? resolve(config.pgliteDir) : redactUrl(config.databaseUrl),
		...opened,
		ms: Math.round(performance.now() - t0)
	});

	/** The finished demo meeting of a first start: written once the server listens (see below). */
	let writeDemoPast: (() => Promise<void>) | null = null;
	let demoPast: Promise<void> = Promise.resolve();
	if (config.demoData && (await needsFirstRunSeed(database.db))) {
		const t1 = performance.now();
		const result = await seedDemoData(database.db);
		if (result.seeded) {
			const t2 = performance.now();
			const demo = await seedDemoMeeting(database.db);
			log.info('demo data seeded', {
				accountsMs: Math.round(t2 - t1),
				meetingMs: Math.round(performance.now() - t2)
			});
			const announce = opts.announce ?? ((l: string[]) => log.info(l.join('\n')));
			announce([
				'First start: demo data for Kelurahan Rejosari was created.',
				'Demo accounts (username / password) — change them before real use:',
				...result.accounts.map((a) => `  ${a.role.padEnd(12)} ${a.username} / ${a.password}`),
				`Demo meeting "${demo.title}": residents join with code ${formatJoinCode(demo.joinCode!)} at /join`
			]);
			// The finished 2026 meeting is the demo's past: about 850 statements through the services
			// (a second and a half on a small laptop) that nobody needs in the first second, so it
			// is written once the server answers (`listening()`). Shutting down waits for it.
			writeDemoPast = () => {
				const t3 = performance.now();
				return seedDemoFinishedMeeting(database.db).then(
					({ meeting: finished }) => {
						log.info('finished demo meeting seeded', { ms: Math.round(performance.now() - t3) });
						if (!finished) return;
						announce([
							`Finished demo meeting "${finished.title}" (closed, with votes and decisions): /staff/meetings/${finished.id}/record`
						]);
					},
					(e: unknown) => log.error('seeding the finished demo meeting failed', { error: e })
				);
			};
		}
	}

	let redis: Redis | undefined;
	if (config.redisUrl) {
		redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
		redis.on('error', (e) => log.warn('redis error', { error: e }));
	}

	const sweep = setInterval(
		() => {
			deleteExpiredSessions(database.db).catch((e) =>
				log.warn('expired session sweep failed', { error: e })
			);
		},
		60 * 60 * 1000
	);
	sweep.unref();

	const realtime = createRealtimeServer({
		db: database.db,
		config,
		redis,
		log: logger('realtime')
	});

	const livePublisher = createLivePublisher({
		db: database.db,
		realtime,
		log: logger('live'),
		attendance: meetingAttendance,
		currentVote: (db, meetingId) => currentVoteState(db, meetingId),
		audience: (meetingId) =>
			realtime.rooms.get(docName.live(meetingId))?.presence().connections ?? 0
	});

	const ballots = createBallotBatcher({
		db: database.db,
		log: logger('ballots'),
		// PGlite runs one statement at a time, and a batch costs it about as much for 200 ballots
		// as for 10: it waits longer to gather a bigger one. PostgreSQL overlaps a few batches.
		concurrency:
			database.driver === 'pglite' ? 1 : Math.max(1, Math.min(4, config.databasePoolMax - 2)),
		gatherMs: database.driver === 'pglite' ? 10 : 3
	});
	const voteTimers = startVoteTimers({ db: database.db, log: logger('votes') });

	const runtime: Runtime = {
		config,
		database,
		redis,
		loginLimiter: createLoginLimiter(config.login, redis),
		realtime,
		livePublisher,
		ballots,
		startedAt: new Date(),
		healthParts: new Map([['realtime', () => realtime.status()]]),
		onClose: [],
		listening() {
			if (!writeDemoPast) return;
			demoPast = writeDemoPast();
			writeDemoPast = null;
		},
		async close() {
			writeDemoPast = null;
			clearInterval(sweep);
			await demoPast;
			voteTimers.stop();
			await ballots.stop();
			await livePublisher.stop();
			// Realtime first: it flushes every doc to the database before the database closes.
			await realtime.close().catch((e) => log.error('realtime shutdown failed', { error: e }));
			for (const fn of [...runtime.onClose].reverse()) {
				try {
					await fn();
				} catch (e) {
					log.error('shutdown step failed', { error: e });
				}
			}
			if (redis) await redis.quit().catch(() => redis?.disconnect());
			await database.close();
			delete (globalThis as Holder)[KEY];
		}
	};
	return runtime;
}

export type Health = {
	status: 'ok' | 'degraded';
	uptimeSeconds: number;
	database: HealthPart;
	redis: HealthPart;
	[part: string]: unknown;
};

/** What /healthz answers: each part's status; `degraded` when any part is not ok. */
export async function checkHealth(runtime: Runtime): Promise<Health> {
	const timed = async (fn: () => Promise<unknown>) => {
		const t0 = performance.now();
		try {
			await withTimeout(fn(), 2000);
			return { ok: true, latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
		} catch (e) {
			return { ok: false, error: (e as Error).message };
		}
	};
	const database = { driver: runtime.database.driver, ...(await timed(runtime.database.ping)) };
	const redis = runtime.redis
		? { configured: true, ...(await timed(() => runtime.redis!.ping())) }
		: { configured: false, ok: true };
	const parts: Record<string, HealthPart> = {};
	for (const [name, fn] of runtime.healthParts) {
		try {
			parts[name] = await fn();
		} catch (e) {
			parts[name] = { ok: false, error: (e as Error).message };
		}
	}
	const allOk = database.ok && redis.ok && Object.values(parts).every((p) => p.ok);
	return {
		status: allOk ? 'ok' : 'degraded',
		uptimeSeconds: Math.round((Date.now() - runtime.startedAt.getTime()) / 1000),
		database,
		redis,
		...parts
	};
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
	return new Promise((resolve, reject) => {
		const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
		p.then(
			(v) => {
				clearTimeout(t);
				resolve(v);
			},
			(e) => {
				clearTimeout(t);
				reject(e);
			}
		);
	});
}

function redactUrl(url: string | undefined) {
	if (!url) return undefined;
	const u = new URL(url);
	if (u.password) u.password = '***';
	return u.toString();
}
