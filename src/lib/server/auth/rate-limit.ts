import type { Redis } from 'ioredis';
import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';

/**
 * Counts failed sign-ins per account and per address. When either passes its limit, sign-in is
 * refused for `blockMinutes` whatever the password. With Redis the counts are shared by every
 * process; without it each process counts alone.
 */
export type LoginLimits = {
	maxFailuresPerAccount: number;
	maxFailuresPerAddress: number;
	blockMinutes: number;
};

export type LoginLimiter = {
	/** Minutes until sign-in is allowed again, or 0 when it is allowed now. */
	blockedFor(account: string, address: string): Promise<number>;
	/** Records a failure; returns the minutes blocked after it (0 while under the limits). */
	recordFailure(account: string, address: string): Promise<number>;
	recordSuccess(account: string): Promise<void>;
};

export function createLoginLimiter(limits: LoginLimits, redis?: Redis): LoginLimiter {
	const duration = limits.blockMinutes * 60;
	const make = (keyPrefix: string, points: number): RateLimiterAbstract =>
		redis
			? new RateLimiterRedis({
					storeClient: redis,
					keyPrefix,
					points,
					duration,
					blockDuration: duration,
					useRedisPackage: false
				})
			: new RateLimiterMemory({ keyPrefix, points, duration, blockDuration: duration });
	const perAccount = make('rembuk:login:account', limits.maxFailuresPerAccount);
	const perAddress = make('rembuk:login:address', limits.maxFailuresPerAddress);
	const accountKey = (a: string) => a.trim().toLowerCase();

	const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

	async function blockedMs(limiter: RateLimiterAbstract, key: string, points: number) {
		const res = await limiter.get(key);
		if (!res) return 0;
		return res.consumedPoints >= points ? res.msBeforeNext : 0;
	}

	return {
		async blockedFor(account, address) {
			const ms = Math.max(
				await blockedMs(perAccount, accountKey(account), limits.maxFailuresPerAccount),
				await blockedMs(perAddress, address, limits.maxFailuresPerAddress)
			);
			return ms > 0 ? minutes(ms) : 0;
		},
		async recordFailure(account, address) {
			let ms = 0;
			for (const [limiter, key] of [
				[perAccount, accountKey(account)],
				[perAddress, address]
			] as const) {
				try {
					await limiter.consume(key);
				} catch (e) {
					if (e instanceof RateLimiterRes) ms = Math.max(ms, e.msBeforeNext);
					else throw e;
				}
			}
			return ms > 0 ? minutes(ms) : 0;
		},
		async recordSuccess(account) {
			await perAccount.delete(accountKey(account));
		}
	};
}
