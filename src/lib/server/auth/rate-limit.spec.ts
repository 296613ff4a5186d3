import { describe, expect, it } from 'vitest';
import { createLoginLimiter } from './rate-limit.ts';

const limits = { maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, blockMinutes: 15 };

async function fail(
	limiter: ReturnType<typeof createLoginLimiter>,
	n: number,
	account: string,
	address: string
) {
	const results: number[] = [];
	for (let i = 0; i < n; i++) results.push(await limiter.recordFailure(account, address));
	return results;
}

describe('login limiter (memory)', () => {
	it('allows a fresh account and address', async () => {
		const limiter = createLoginLimiter(limits);
		expect(await limiter.blockedFor('siti', '10.0.0.1')).toBe(0);
	});

	it('blocks an account after N failures, from every address, for the block time', async () => {
		const limiter = createLoginLimiter(limits);
		expect(await fail(limiter, 2, 'siti', '10.0.0.1')).toEqual([0, 0]);
		expect(await limiter.blockedFor('siti', '10.0.0.1')).toBe(0);
		expect(await fail(limiter, 1, 'siti', '10.0.0.2')).toEqual([0]);
		// the third failure reached the limit: blocked for 15 minutes (rounded up)
		expect(await limiter.blockedFor('siti', '10.0.0.1')).toBe(15);
		expect(await limiter.blockedFor('siti', '10.0.0.99')).toBe(15);
		// one more failure is over the limit and says so
		expect(await limiter.recordFailure('siti', '10.0.0.3')).toBe(15);
		// other accounts from the same address are not affected
		expect(await limiter.blockedFor('budi', '10.0.0.1')).toBe(0);
	});

	it('counts an account case- and space-insensitively', async () => {
		const limiter = createLoginLimiter(limits);
		await limiter.recordFailure('Siti', 'a');
		await limiter.recordFailure(' siti ', 'b');
		await limiter.recordFailure('SITI', 'c');
		expect(await limiter.blockedFor('siti', 'd')).toBe(15);
	});

	it('blocks an address after its own limit, whatever the account, and only that address', async () => {
		const limiter = createLoginLimiter(limits);
		const accounts = ['a1', 'a2', 'a3', 'a4', 'a5'];
		for (const [i, account] of accounts.entries()) {
			expect(await limiter.blockedFor(account, '10.0.0.7')).toBe(0);
			expect(await limiter.recordFailure(account, '10.0.0.7'), `failure ${i + 1}`).toBe(0);
		}
		// five failures from one address on five accounts: that address is blocked for anyone
		expect(await limiter.blockedFor('someone-new', '10.0.0.7')).toBe(15);
		// another address is not, and none of those accounts reached its own limit
		expect(await limiter.blockedFor('a1', '10.0.0.8')).toBe(0);
		expect(await limiter.blockedFor('someone-new', '10.0.0.8')).toBe(0);
	});

	it('a success resets the account count but not the address count', async () => {
		const limiter = createLoginLimiter({ ...limits, maxFailuresPerAddress: 4 });
		await fail(limiter, 2, 'siti', '10.0.0.1');
		await limiter.recordSuccess('SITI');
		await fail(limiter, 2, 'siti', '10.0.0.1');
		// 2 + 2 would have blocked the account (limit 3); after the reset it is only 2
		expect(await limiter.blockedFor('siti', '10.0.0.2')).toBe(0);
		// the address saw 4 failures: its limit
		expect(await limiter.blockedFor('budi', '10.0.0.1')).toBe(15);
	});

	it('reports the block in whole minutes, at least one', async () => {
		const limiter = createLoginLimiter({ ...limits, maxFailuresPerAccount: 1, blockMinutes: 1 });
		expect(await limiter.recordFailure('siti', 'x')).toBe(0);
		expect(await limiter.blockedFor('siti', 'x')).toBe(1);
		const long = createLoginLimiter({ ...limits, maxFailuresPerAccount: 1, blockMinutes: 24 * 60 });
		await long.recordFailure('siti', 'x');
		expect(await long.blockedFor('siti', 'x')).toBe(24 * 60);
	});

	it('keeps separate limiters apart (each process counts alone without Redis)', async () => {
		const one = createLoginLimiter(limits);
		const two = createLoginLimiter(limits);
		await fail(one, 3, 'siti', '10.0.0.1');
		expect(await one.blockedFor('siti', '10.0.0.1')).toBe(15);
		expect(await two.blockedFor('siti', '10.0.0.1')).toBe(0);
	});
});
