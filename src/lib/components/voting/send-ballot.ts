/**
 * Sending a ballot from a phone on a flaky village-hall network. One send keeps one idempotency
 * key through all its retries, so a ballot that reached the server but whose answer got lost is
 * counted once; a new choice gets a new key (reusing an old one would bring back the old ballot's
 * receipt instead of storing the new choice).
 */

export type Receipt = { receiptId: string; castAt: string; replaced: boolean; duplicate: boolean };

export type SendOutcome =
	| { kind: 'ok'; receipt: Receipt }
	/** The server said no (4xx): `message` is its translated sentence, when it sent one. */
	| { kind: 'refused'; status: number; code: string; message: string | null }
	/** Every attempt failed on the network (or the server kept failing): try again later. */
	| { kind: 'unreachable' }
	| { kind: 'aborted' };

export type MyBallot = { receiptId: string; castAt: string; choice: unknown };

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * A fresh idempotency key. `crypto.randomUUID` exists only on HTTPS and localhost; a kelurahan
 * hall may serve Rembuk over plain HTTP on its own network, where `getRandomValues` still works.
 */
export function newIdempotencyKey(
	c: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = globalThis.crypto
): string {
	if (typeof c.randomUUID === 'function') return c.randomUUID();
	const bytes = c.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Wait before retry `attempt` (1, 2, …): 1 s, 2 s, 4 s, 8 s, then 15 s, each with up to a
 * quarter added at random so a hall full of phones that lost Wi-Fi together do not all come back
 * in the same instant.
 */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
	const base = Math.min(15_000, 1000 * 2 ** Math.max(0, attempt - 1));
	return Math.round(base * (1 + random() / 4));
}

/** Statuses worth retrying with the same key: the server may not have stored the ballot yet. */
function retryable(status: number): boolean {
	return status === 408 || status === 429 || status >= 500;
}

const sleeper = (ms: number, signal?: AbortSignal) =>
	new Promise<void>((resolve) => {
		const t = setTimeout(resolve, ms);
		signal?.addEventListener('abort', () => {
			clearTimeout(t);
			resolve();
		});
	});

async function readJson(res: Response): Promise<Record<string, unknown> | null> {
	try {
		const body: unknown = await res.json();
		return typeof body === 'object' && body !== null && !Array.isArray(body)
			? (body as Record<string, unknown>)
			: null;
	} catch {
		return null;
	}
}

function asReceipt(body: Record<string, unknown> | null): Receipt | null {
	if (!body || typeof body.receiptId !== 'string') return null;
	return {
		receiptId: body.receiptId,
		castAt: typeof body.castAt === 'string' ? body.castAt : '',
		replaced: body.replaced === true,
		duplicate: body.duplicate === true
	};
}

/**
 * POSTs `{ choice, idempotencyKey }` to /api/v1/votes/{voteId}/ballots, retrying network errors
 * and 408 / 429 / 5xx up to `maxAttempts` times with {@link retryDelay} between them. Calls
 * `onRetry(attempt)` before each retry so the phone can say "Mengirim ulang…".
 */
export async function sendBallot(opts: {
	voteId: string;
	choice: unknown;
	idempotencyKey: string;
	fetch?: Fetch;
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	onRetry?: (attempt: number) => void;
	maxAttempts?: number;
	signal?: AbortSignal;
	random?: () => number;
}): Promise<SendOutcome> {
	const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
	const sleep = opts.sleep ?? sleeper;
	const maxAttempts = opts.maxAttempts ?? 6;
	const body = JSON.stringify({ choice: opts.choice, idempotencyKey: opts.idempotencyKey });
	for (let attempt = 1; ; attempt++) {
		if (opts.signal?.aborted) return { kind: 'aborted' };
		let res: Response | null;
		try {
			res = await doFetch(`/api/v1/votes/${encodeURIComponent(opts.voteId)}/ballots`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body,
				signal: opts.signal
			});
		} catch {
			res = null;
		}
		if (opts.signal?.aborted) return { kind: 'aborted' };
		if (res && !retryable(res.status)) {
			const json = await readJson(res);
			if (res.ok) {
				const receipt = asReceipt(json);
				if (receipt) return { kind: 'ok', receipt };
				// A 2xx without a receipt is not the Rembuk API (a captive portal, a proxy page).
			} else {
				return {
					kind: 'refused',
					status: res.status,
					code: typeof json?.error === 'string' ? json.error : 'unknown',
					message: typeof json?.message === 'string' ? json.message : null
				};
			}
		}
		if (attempt >= maxAttempts) return { kind: 'unreachable' };
		opts.onRetry?.(attempt);
		await sleep(retryDelay(attempt, opts.random), opts.signal);
	}
}

/**
 * The resident's current ballot in this vote, or null when they have none (404) or it cannot be
 * read now; `serverDate` is the response's `Date` header for {@link clockOffset}.
 */
export async function fetchMyBallot(
	voteId: string,
	doFetch: Fetch = (input, init) => fetch(input, init),
	signal?: AbortSignal
): Promise<{ ballot: MyBallot | null; serverDate: string | null }> {
	try {
		const res = await doFetch(`/api/v1/votes/${encodeURIComponent(voteId)}/my-ballot`, {
			headers: { accept: 'application/json' },
			signal
		});
		const serverDate = res.headers.get('date');
		if (!res.ok) return { ballot: null, serverDate };
		const json = await readJson(res);
		if (!json || typeof json.receiptId !== 'string') return { ballot: null, serverDate };
		return {
			ballot: {
				receiptId: json.receiptId,
				castAt: typeof json.castAt === 'string' ? json.castAt : '',
				choice: json.choice
			},
			serverDate
		};
	} catch {
		return { ballot: null, serverDate: null };
	}
}

/** The part of a receipt a resident can read out or write down: its first 8 characters. */
export function shortReceipt(receiptId: string): string {
	return receiptId.slice(0, 8);
}
