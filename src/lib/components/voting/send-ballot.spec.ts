import { describe, expect, it } from 'vitest';
import {
	fetchMyBallot,
	newIdempotencyKey,
	retryDelay,
	sendBallot,
	shortReceipt
} from './send-ballot.ts';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', ...headers }
	});

const receipt = { receiptId: 'abcdef12-3456', castAt: '2025-03-01T08:00:00.000Z', replaced: false };

/** A fetch that answers from a script, one step per call, and records what it was sent. */
function scripted(steps: (() => Response)[]) {
	const calls: { url: string; init?: RequestInit }[] = [];
	const fetch = async (url: string, init?: RequestInit) => {
		calls.push({ url, init });
		const step = steps[calls.length - 1];
		if (!step) throw new Error('unexpected call');
		return step();
	};
	return { fetch, calls };
}
const offline = (): Response => {
	throw new TypeError('Failed to fetch');
};
const noSleep = async () => {};

describe('sendBallot', () => {
	it('posts the choice and key as JSON and returns the receipt', async () => {
		const { fetch, calls } = scripted([() => json(201, receipt)]);
		const out = await sendBallot({
			voteId: 'v1',
			choice: { answer: 'yes' },
			idempotencyKey: 'key-12345678',
			fetch,
			sleep: noSleep
		});
		expect(out).toEqual({ kind: 'ok', receipt: { ...receipt, duplicate: false } });
		expect(calls[0].url).toBe('/api/v1/votes/v1/ballots');
		expect(calls[0].init?.method).toBe('POST');
		expect(new Headers(calls[0].init?.headers).get('content-type')).toBe('application/json');
		expect(JSON.parse(String(calls[0].init?.body))).toEqual({
			choice: { answer: 'yes' },
			idempotencyKey: 'key-12345678'
		});
	});

	it('retries network errors and 5xx with the same key, telling the phone each time', async () => {
		const { fetch, calls } = scripted([
			offline,
			() => new Response('Bad gateway', { status: 502 }),
			() => json(200, { ...receipt, duplicate: true })
		]);
		const retries: number[] = [];
		const out = await sendBallot({
			voteId: 'v1',
			choice: { optionIds: [] },
			idempotencyKey: 'key-12345678',
			fetch,
			sleep: noSleep,
			onRetry: (n) => retries.push(n)
		});
		expect(out).toMatchObject({ kind: 'ok', receipt: { duplicate: true } });
		expect(retries).toEqual([1, 2]);
		expect(new Set(calls.map((c) => c.init?.body)).size).toBe(1);
	});

	it('gives up after maxAttempts when the network stays down', async () => {
		const { fetch, calls } = scripted([offline, offline, offline]);
		const out = await sendBallot({
			voteId: 'v1',
			choice: {},
			idempotencyKey: 'key-12345678',
			fetch,
			sleep: noSleep,
			maxAttempts: 3
		});
		expect(out).toEqual({ kind: 'unreachable' });
		expect(calls).toHaveLength(3);
	});

	it('does not retry a refusal, and passes on its code and message', async () => {
		const { fetch, calls } = scripted([
			() =>
				json(422, {
					error: 'invalid_ballot',
					message: 'Pilih paling banyak 2.',
					ballotCode: 'too_many_approvals'
				})
		]);
		const out = await sendBallot({
			voteId: 'v1',
			choice: {},
			idempotencyKey: 'key-12345678',
			fetch,
			sleep: noSleep
		});
		expect(out).toEqual({
			kind: 'refused',
			status: 422,
			code: 'invalid_ballot',
			message: 'Pilih paling banyak 2.'
		});
		expect(calls).toHaveLength(1);
	});

	it('reads a refusal without a JSON body as unknown, with no message', async () => {
		const { fetch } = scripted([() => new Response('nope', { status: 409 })]);
		expect(
			await sendBallot({ voteId: 'v', choice: {}, idempotencyKey: 'k'.repeat(8), fetch })
		).toEqual({ kind: 'refused', status: 409, code: 'unknown', message: null });
	});

	it('treats a 200 that is not a receipt (a captive portal page) as not delivered', async () => {
		const { fetch, calls } = scripted([
			() => new Response('<html>Login Wi-Fi</html>', { status: 200 }),
			() => json(201, receipt)
		]);
		const out = await sendBallot({
			voteId: 'v',
			choice: {},
			idempotencyKey: 'k'.repeat(8),
			fetch,
			sleep: noSleep
		});
		expect(out.kind).toBe('ok');
		expect(calls).toHaveLength(2);
	});

	it('stops when aborted', async () => {
		const ctrl = new AbortController();
		const { fetch } = scripted([
			() => {
				ctrl.abort();
				throw new DOMException('aborted', 'AbortError');
			}
		]);
		expect(
			await sendBallot({
				voteId: 'v',
				choice: {},
				idempotencyKey: 'k'.repeat(8),
				fetch,
				sleep: noSleep,
				signal: ctrl.signal
			})
		).toEqual({ kind: 'aborted' });
	});
});

describe('retryDelay', () => {
	it('doubles from 1 s up to 15 s, plus at most a quarter of jitter', () => {
		expect([1, 2, 3, 4, 5, 9].map((n) => retryDelay(n, () => 0))).toEqual([
			1000, 2000, 4000, 8000, 15_000, 15_000
		]);
		expect(retryDelay(1, () => 0.999)).toBeLessThanOrEqual(1250);
	});
});

describe('newIdempotencyKey', () => {
	const KEY = /^[A-Za-z0-9_-]{8,64}$/;

	it('uses randomUUID where the browser has it', () => {
		expect(newIdempotencyKey(crypto)).toMatch(KEY);
	});

	it('still makes a key on plain HTTP, where randomUUID is missing', () => {
		const key = newIdempotencyKey({ getRandomValues: (a) => crypto.getRandomValues(a) });
		expect(key).toMatch(/^[0-9a-f]{32}$/);
		expect(key).toMatch(KEY);
	});

	it('is a new key every time', () => {
		expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
	});
});

describe('fetchMyBallot', () => {
	it('returns the stored ballot and the server date', async () => {
		const { fetch, calls } = scripted([
			() =>
				json(
					200,
					{ receiptId: 'r1', castAt: 'x', choice: { answer: 'no' } },
					{ date: 'Sat, 01 Mar 2025 08:00:00 GMT' }
				)
		]);
		expect(await fetchMyBallot('v1', fetch)).toEqual({
			ballot: { receiptId: 'r1', castAt: 'x', choice: { answer: 'no' } },
			serverDate: 'Sat, 01 Mar 2025 08:00:00 GMT'
		});
		expect(calls[0].url).toBe('/api/v1/votes/v1/my-ballot');
	});

	it('returns no ballot on 404, on other refusals and offline', async () => {
		for (const step of [
			() => json(404, { error: 'no_ballot' }),
			() => json(401, { error: 'unauthenticated' }),
			offline
		]) {
			const { fetch } = scripted([step]);
			expect((await fetchMyBallot('v1', fetch)).ballot).toBeNull();
		}
	});
});

describe('shortReceipt', () => {
	it('is the first 8 characters', () => {
		expect(shortReceipt('3f2a9c1e-0b7d-4c55-9e1a-2b3c4d5e6f70')).toBe('3f2a9c1e');
	});
});
