import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

/** The ConfigError thrown for `env`, or a failed expectation when none is thrown. */
function problemsOf(env: Record<string, string | undefined>): ConfigError {
	try {
		loadConfig(env);
	} catch (e) {
		expect(e).toBeInstanceOf(ConfigError);
		return e as ConfigError;
	}
	expect.fail(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
	// toMatchObject: other parts (realtime, …) add their own settings; these are the foundation's.
	it('gives every default for an empty environment', () => {
		expect(loadConfig({})).toMatchObject({
			nodeEnv: 'production',
			port: 3000,
			host: '0.0.0.0',
			origin: undefined,
			trustProxy: false,
			databaseUrl: undefined,
			databasePoolMax: 10,
			pgliteDir: 'data/pglite',
			redisUrl: undefined,
			session: { cookieName: 'rembuk_session', ttlDays: 30, renewDays: 15 },
			login: { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, blockMinutes: 15 },
			logLevel: 'info',
			demoData: true,
			shutdownTimeoutMs: 10_000
		});
	});

	it('parses every variable', () => {
		expect(
			loadConfig({
				NODE_ENV: 'development',
				PORT: '8080',
				HOST: '127.0.0.1',
				ORIGIN: 'https://rembuk.example.id/some/path',
				TRUST_PROXY: 'true',
				DATABASE_URL: 'postgres://rembuk:secret@db.example:5432/rembuk',
				DATABASE_POOL_MAX: '25',
				PGLITE_DIR: '/var/lib/rembuk/pglite',
				REDIS_URL: 'redis://cache.example:6379/2',
				SESSION_COOKIE_NAME: 'rb_sess-1',
				SESSION_TTL_DAYS: '14',
				SESSION_RENEW_DAYS: '7',
				LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
				LOGIN_MAX_FAILURES_PER_ADDRESS: '50',
				LOGIN_BLOCK_MINUTES: '30',
				LOG_LEVEL: 'debug',
				DEMO_DATA: 'no',
				SHUTDOWN_TIMEOUT_MS: '2500'
			})
		).toMatchObject({
			nodeEnv: 'development',
			port: 8080,
			host: '127.0.0.1',
			// only the origin of the URL is kept
			origin: 'https://rembuk.example.id',
			trustProxy: true,
			databaseUrl: 'postgres://rembuk:secret@db.example:5432/rembuk',
			databasePoolMax: 25,
			pgliteDir: '/var/lib/rembuk/pglite',
			redisUrl: 'redis://cache.example:6379/2',
			session: { cookieName: 'rb_sess-1', ttlDays: 14, renewDays: 7 },
			login: { maxFailuresPerAccount: 3, maxFailuresPerAddress: 50, blockMinutes: 30 },
			logLevel: 'debug',
			demoData: false,
			shutdownTimeoutMs: 2500
		});
	});

	it.each([
		['true', true],
		['1', true],
		['yes', true],
		['false', false],
		['0', false],
		['no', false]
	])('reads the boolean %j as %s', (value, expected) => {
		const c = loadConfig({ TRUST_PROXY: value, DEMO_DATA: value });
		expect(c.trustProxy).toBe(expected);
		expect(c.demoData).toBe(expected);
	});

	it('accepts postgresql:// and rediss:// URLs and port 0', () => {
		const c = loadConfig({
			DATABASE_URL: 'postgresql://localhost/rembuk',
			REDIS_URL: 'rediss://cache.example:6380',
			PORT: '0'
		});
		expect(c.databaseUrl).toBe('postgresql://localhost/rembuk');
		expect(c.redisUrl).toBe('rediss://cache.example:6380');
		expect(c.port).toBe(0);
	});

	it('treats an empty variable as unset', () => {
		const c = loadConfig({
			PORT: '',
			HOST: '',
			ORIGIN: '',
			DATABASE_URL: '',
			PGLITE_DIR: '',
			REDIS_URL: '',
			TRUST_PROXY: '',
			LOG_LEVEL: '',
			SESSION_TTL_DAYS: ''
		});
		expect(c).toEqual(loadConfig({}));
	});

	it('ignores variables it does not know', () => {
		expect(loadConfig({ SOMETHING_ELSE: 'x', PATH: '/usr/bin' })).toEqual(loadConfig({}));
	});

	it('lists every problem in one ConfigError', () => {
		const e = problemsOf({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
		expect(e.problems).toHaveLength(3);
		expect(e.problems).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^PORT: .*whole number.*"abc"/),
				expect.stringMatching(/^DATABASE_URL: .*postgres:\/\/.*"mysql:\/\/x"/),
				expect.stringMatching(/^LOG_LEVEL: .*"loud"/)
			])
		);
		expect(e.message).toContain('3 problem(s)');
		for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL']) expect(e.message).toContain(name);
		expect(e.message).toContain('.env.example');
	});

	it.each([
		['PORT', '65536'],
		['PORT', '-1'],
		['PORT', '80.5'],
		['PORT', '3000 '],
		['ORIGIN', 'rembuk.example.id'],
		['ORIGIN', 'ftp://rembuk.example.id'],
		['TRUST_PROXY', 'maybe'],
		['DATABASE_URL', 'not a url'],
		['DATABASE_POOL_MAX', '0'],
		['REDIS_URL', 'http://cache.example'],
		['SESSION_COOKIE_NAME', 'bad name;'],
		['SESSION_TTL_DAYS', '0'],
		['SESSION_TTL_DAYS', '366'],
		['LOGIN_MAX_FAILURES_PER_ACCOUNT', '0'],
		['LOGIN_MAX_FAILURES_PER_ADDRESS', 'many'],
		['LOGIN_BLOCK_MINUTES', '1441'],
		['LOG_LEVEL', 'INFO'],
		['NODE_ENV', 'staging'],
		['DEMO_DATA', 'on'],
		['SHUTDOWN_TIMEOUT_MS', '600001']
	])('refuses %s=%j', (name, value) => {
		const e = problemsOf({ [name]: value });
		expect(e.problems).toHaveLength(1);
		expect(e.problems[0]).toMatch(new RegExp(`^${name}: `));
	});

	it('refuses SESSION_RENEW_DAYS equal to or above SESSION_TTL_DAYS', () => {
		for (const renew of ['30', '31']) {
			const e = problemsOf({ SESSION_TTL_DAYS: '30', SESSION_RENEW_DAYS: renew });
			expect(e.problems).toEqual([
				expect.stringMatching(/^SESSION_RENEW_DAYS: .*SESSION_TTL_DAYS/)
			]);
		}
		// against the default TTL of 30 days too
		expect(problemsOf({ SESSION_RENEW_DAYS: '30' }).problems).toHaveLength(1);
		expect(loadConfig({ SESSION_TTL_DAYS: '30', SESSION_RENEW_DAYS: '29' }).session).toEqual({
			cookieName: 'rembuk_session',
			ttlDays: 30,
			renewDays: 29
		});
	});

	it('names the session problem together with the other problems', () => {
		const e = problemsOf({ PORT: 'abc', SESSION_TTL_DAYS: '10', SESSION_RENEW_DAYS: '20' });
		expect(e.problems).toHaveLength(2);
		expect(e.problems.join('\n')).toMatch(/^PORT: /m);
		expect(e.problems.join('\n')).toMatch(/^SESSION_RENEW_DAYS: /m);
	});
});
