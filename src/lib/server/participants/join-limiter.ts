import type { Redis } from 'ioredis';
import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';

/**
 * Counts wrong join codes per client address. Only wrong codes count: a hall full of phones
 * often reaches the server through one shared address (the village Wi-Fi behind NAT), so counting
 * every join would lock out the room, while a few mistyped codes per phone are normal. Guessing a
 * code (18⁶ ≈ 34 million) at this rate is hopeless. With Redis the counts are shared by every
 * process; without it each process counts alone.
 */
export type JoinLimits = { maxWrongCodes: number; windowMinutes: number };

/**
 * 30 wrong codes per address per 10 minutes: generous for a hall sharing one address, still
 * about 4 000 guesses a day.
 */
export const DEFAULT_JOIN_LIMITS: JoinLimits = { maxWrongCodes: 30, windowMinutes: 10 };

export type JoinLimiter = {
	/** Minutes until this address may try codes again, or 0 when it may now. */
	blockedFor(address: string): Promise<number>;
	/** Records a wrong code; returns the minutes blocked after it (0 while under the limit). */
	recordWrongCode(address: string): Promise<number>;
};

/** A limiter of wrong join codes per address, in memory or (given a client) in Redis. */
export function createJoinLimiter(
	limits: JoinLimits = DEFAULT_JOIN_LIMITS,
	redis?: Redis
): JoinLimiter {
	const duration = limits.windowMinutes * 60;
	const keyPrefix = 'rembuk:join:address';
	const limiter: RateLimiterAbstract = redis
		? new RateLimiterRedis({
				storeClient: redis,
				keyPrefix,
				points: limits.maxWrongCodes,
				duration,
				blockDuration: duration,
				useRedisPackage: false
			})
		: new RateLimiterMemory({
				keyPrefix,
				points: limits.maxWrongCodes,
				duration,
				blockDuration: duration
			});
	const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

	return {
		async blockedFor(address) {
			const res = await limiter.get(address);
			if (!res || res.consumedPoints < limits.maxWrongCodes) return 0;
			return res.msBeforeNext > 0 ? minutes(res.msBeforeNext) : 0;
		},
		async recordWrongCode(address) {
			try {
				const res = await limiter.consume(address);
				return res.remainingPoints === 0 ? minutes(res.msBeforeNext) : 0;
			} catch (e) {
				if (e instanceof RateLimiterRes) return minutes(e.msBeforeNext);
				throw e;
			}
		}
	};
}

const KEY = Symbol.for('rembuk.joinLimiter');
type Holder = { [KEY]?: { limiter: JoinLimiter; redis: Redis | undefined } };

/**
 * The process's join limiter, created on first use. Kept on globalThis for the same reason as the
 * runtime (the server code is loaded twice in one process; both copies must count together).
 */
export function sharedJoinLimiter(redis?: Redis): JoinLimiter {
	const g = globalThis as Holder;
	const held = g[KEY];
	if (held && held.redis === redis) return held.limiter;
	const limiter = createJoinLimiter(DEFAULT_JOIN_LIMITS, redis);
	g[KEY] = { limiter, redis };
	return limiter;
}

/** What a join-code lookup or join attempt returns, as far as the limiter cares. */
type CodeOutcome = { ok: true } | { ok: false; reason: string };

export type RateLimited = { ok: false; reason: 'rate_limited'; retryAfterMinutes: number };

/**
 * Runs a join-code lookup or join attempt unless the address is blocked, and counts it when the
 * code was wrong (`reason: 'unknown_code'`). The attempt that reaches the limit still gets its
 * own answer ("code not found"); the next one is refused.
 */
export async function limitWrongCodes<T extends CodeOutcome>(
	limiter: JoinLimiter,
	address: string,
	attempt: () => Promise<T>
): Promise<T | RateLimited> {
	const blocked = await limiter.blockedFor(address);
	if (blocked > 0) return { ok: false, reason: 'rate_limited', retryAfterMinutes: blocked };
	const result = await attempt();
	if (!result.ok && result.reason === 'unknown_code') await limiter.recordWrongCode(address);
	return result;
}
