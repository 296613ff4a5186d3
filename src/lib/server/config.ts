import { z } from 'zod';

/**
 * Every setting Rembuk reads, parsed once from `process.env`. An invalid value stops start-up with
 * one message listing every problem (see `.env.example` for the documentation of each variable).
 * Code that the realtime server reaches gets settings from here, never from `$env/*`.
 */
const bool = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
	z
		.string()
		.regex(/^\d+$/, { message: 'must be a whole number' })
		.transform(Number)
		.pipe(z.number().int().min(min).max(max));

const url = (protocols: string[]) =>
	z.string().refine(
		(v) => {
			try {
				return protocols.includes(new URL(v).protocol);
			} catch {
				return false;
			}
		},
		{ message: `must be a URL starting with ${protocols.map((p) => p + '//').join(' or ')}` }
	);

const schema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
	PORT: int(0, 65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	ORIGIN: url(['http:', 'https:'])
		.transform((v) => new URL(v).origin)
		.optional(),
	TRUST_PROXY: bool.default(false),
	DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
	DATABASE_POOL_MAX: int(1, 200).default(10),
	PGLITE_DIR: z.string().min(1).default('data/pglite'),
	REDIS_URL: url(['redis:', 'rediss:']).optional(),
	SESSION_COOKIE_NAME: z
		.string()
		.regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'letters, digits, _ and - only' })
		.default('rembuk_session'),
	SESSION_TTL_DAYS: int(1, 365).default(30),
	SESSION_RENEW_DAYS: int(1, 365).default(15),
	LOGIN_MAX_FAILURES_PER_ACCOUNT: int(1, 1000).default(5),
	LOGIN_MAX_FAILURES_PER_ADDRESS: int(1, 10000).default(20),
	LOGIN_BLOCK_MINUTES: int(1, 24 * 60).default(15),
	LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
	DEMO_DATA: bool.default(true),
	SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
	REALTIME_MAX_FRAME_BYTES: int(1024, 64 * 1024 * 1024).default(2 * 1024 * 1024),
	REALTIME_MAX_CONNECTIONS_PER_DOC: int(1, 1_000_000).default(2000),
	REALTIME_MAX_CONNECTIONS_PER_ADDRESS: int(1, 1_000_000).default(1500),
	REALTIME_MESSAGES_PER_SECOND: int(1, 100_000).default(100),
	REALTIME_SEND_BUFFER_BYTES: int(64 * 1024, 1024 * 1024 * 1024).default(8 * 1024 * 1024),
	REALTIME_BATCH_MS: int(0, 1000).default(10),
	REALTIME_AWARENESS_MS: int(10, 10_000).default(200),
	REALTIME_AWARENESS_RELAY_MAX: int(0, 100_000).default(100),
	REALTIME_HEARTBEAT_MS: int(1000, 600_000).default(15_000),
	REALTIME_UNLOAD_GRACE_MS: int(0, 3_600_000).default(30_000),
	REALTIME_COMPACT_AFTER: int(2, 1_000_000).default(500)
});

type Parsed = z.infer<typeof schema>;

/** The name of every variable Rembuk reads (each is documented in .env.example). */
export const configVariables = Object.keys(schema.shape) as ReadonlyArray<keyof Parsed>;

export type Config = {
	nodeEnv: Parsed['NODE_ENV'];
	port: number;
	host: string;
	origin: string | undefined;
	trustProxy: boolean;
	databaseUrl: string | undefined;
	databasePoolMax: number;
	pgliteDir: string;
	redisUrl: string | undefined;
	session: { cookieName: string; ttlDays: number; renewDays: number };
	login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; blockMinutes: number };
	logLevel: Parsed['LOG_LEVEL'];
	demoData: boolean;
	shutdownTimeoutMs: number;
	realtime: RealtimeConfig;
};

/** Limits and timings of the realtime server (docs/realtime.md explains each). */
export type RealtimeConfig = {
	maxFrameBytes: number;
	maxConnectionsPerDoc: number;
	maxConnectionsPerAddress: number;
	messagesPerSecond: number;
	sendBufferBytes: number;
	batchMs: number;
	awarenessMs: number;
	awarenessRelayMax: number;
	heartbeatMs: number;
	unloadGraceMs: number;
	compactAfter: number;
};

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(
			`Rembuk cannot start: the configuration has ${problems.length} problem(s):\n` +
				problems.map((p) => `  - ${p}`).join('\n') +
				'\nSee .env.example for every variable and its meaning.'
		);
		this.name = 'ConfigError';
	}
}

/** Parses an environment (default `process.env`); throws one ConfigError naming every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	// An empty variable (`PORT=`) means "not set", as in most dotenv files.
	const cleaned = Object.fromEntries(
		Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]])
	);
	const result = schema.safeParse(cleaned);
	const problems: string[] = result.success
		? []
		: result.error.issues.map(
				(i) =>
					`${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`
			);
	// Checks across variables, made even when another variable is wrong so one message names all.
	const ttl = schema.shape.SESSION_TTL_DAYS.safeParse(cleaned.SESSION_TTL_DAYS);
	const renew = schema.shape.SESSION_RENEW_DAYS.safeParse(cleaned.SESSION_RENEW_DAYS);
	if (ttl.success && renew.success && renew.data >= ttl.data) {
		problems.push(
			`SESSION_RENEW_DAYS: must be smaller than SESSION_TTL_DAYS (${ttl.data}), got ${renew.data}`
		);
	}
	if (!result.success || problems.length) throw new ConfigError(problems);
	const c = result.data;
	return {
		nodeEnv: c.NODE_ENV,
		port: c.PORT,
		host: c.HOST,
		origin: c.ORIGIN,
		trustProxy: c.TRUST_PROXY,
		databaseUrl: c.DATABASE_URL,
		databasePoolMax: c.DATABASE_POOL_MAX,
		pgliteDir: c.PGLITE_DIR,
		redisUrl: c.REDIS_URL,
		session: {
			cookieName: c.SESSION_COOKIE_NAME,
			ttlDays: c.SESSION_TTL_DAYS,
			renewDays: c.SESSION_RENEW_DAYS
		},
		login: {
			maxFailuresPerAccount: c.LOGIN_MAX_FAILURES_PER_ACCOUNT,
			maxFailuresPerAddress: c.LOGIN_MAX_FAILURES_PER_ADDRESS,
			blockMinutes: c.LOGIN_BLOCK_MINUTES
		},
		logLevel: c.LOG_LEVEL,
		demoData: c.DEMO_DATA,
		shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
		realtime: {
			maxFrameBytes: c.REALTIME_MAX_FRAME_BYTES,
			maxConnectionsPerDoc: c.REALTIME_MAX_CONNECTIONS_PER_DOC,
			maxConnectionsPerAddress: c.REALTIME_MAX_CONNECTIONS_PER_ADDRESS,
			messagesPerSecond: c.REALTIME_MESSAGES_PER_SECOND,
			sendBufferBytes: c.REALTIME_SEND_BUFFER_BYTES,
			batchMs: c.REALTIME_BATCH_MS,
			awarenessMs: c.REALTIME_AWARENESS_MS,
			awarenessRelayMax: c.REALTIME_AWARENESS_RELAY_MAX,
			heartbeatMs: c.REALTIME_HEARTBEAT_MS,
			unloadGraceMs: c.REALTIME_UNLOAD_GRACE_MS,
			compactAfter: c.REALTIME_COMPACT_AFTER
		}
	};
}

const KEY = Symbol.for('rembuk.config');
type Holder = { [KEY]?: Config };

/** The process-wide configuration, read from `process.env` on first use. */
export function getConfig(): Config {
	const g = globalThis as Holder;
	return (g[KEY] ??= loadConfig());
}
