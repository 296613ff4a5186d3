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
	SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000)
});

type Parsed = z.infer<typeof schema>;

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
	if (!result.success) {
		throw new ConfigError(
			result.error.issues.map(
				(i) =>
					`${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`
			)
		);
	}
	const c = result.data;
	const problems: string[] = [];
	if (c.SESSION_RENEW_DAYS >= c.SESSION_TTL_DAYS) {
		problems.push(
			`SESSION_RENEW_DAYS: must be smaller than SESSION_TTL_DAYS (${c.SESSION_TTL_DAYS}), got ${c.SESSION_RENEW_DAYS}`
		);
	}
	if (problems.length) throw new ConfigError(problems);
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
		shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS
	};
}

const KEY = Symbol.for('rembuk.config');
type Holder = { [KEY]?: Config };

/** The process-wide configuration, read from `process.env` on first use. */
export function getConfig(): Config {
	const g = globalThis as Holder;
	return (g[KEY] ??= loadConfig());
}
