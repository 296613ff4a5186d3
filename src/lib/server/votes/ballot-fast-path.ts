/**
 * `POST /api/v1/votes/{voteId}/ballots` answered by the Node server itself, before SvelteKit.
 * When a hall votes, ballots are nearly all the traffic; SvelteKit's request handling (a Web
 * Request per request, cloned again by the locale middleware, hooks, a Response) cost ~1.4 ms of
 * the event loop per ballot, more than writing it. Here the same `answerBallot` answers from the
 * Node request directly. Decision record: docs/decisions/0008-ballots-take-a-fast-path.md.
 *
 * Reached from server/index.ts: no $app/*, $env/* or .svelte imports.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as paraglide from '../../paraglide/runtime.js';
import type { JsonAnswer } from '../http/api-error-messages.ts';
import { ApiError } from '../http/json.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { PARTICIPANT_COOKIE } from '../participants/tokens.ts';
import type { BallotBatcher } from './ballot-batch.ts';
import { answerBallot } from './ballot-answer.ts';

const BALLOT_PATH =
	/^\/api\/v1\/votes\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/ballots\/?(?:\?.*)?$/i;

type LocaleStore = NonNullable<typeof paraglide.serverAsyncLocalStorage>;

/**
 * A Node request handler that answers ballots and returns true, or returns false (and touches
 * nothing) for every other request.
 */
export function createBallotFastPath(
	ballots: () => BallotBatcher,
	log: { error(message: string, data?: object): void }
): (req: IncomingMessage, res: ServerResponse) => boolean {
	// This copy of the message catalogue is not the one SvelteKit's middleware sets up: give it
	// its own store, so messages come out in the language of each request.
	let store = paraglide.serverAsyncLocalStorage;
	if (!store) {
		store = new AsyncLocalStorage() as unknown as LocaleStore;
		paraglide.overwriteServerAsyncLocalStorage(store);
	}
	const locales = store;

	return (req, res) => {
		if (req.method !== 'POST' || !req.url) return false;
		const match = BALLOT_PATH.exec(req.url);
		if (!match) return false;
		const cookies = parseCookies(req.headers.cookie);
		const requested = cookies.get(paraglide.cookieName);
		const locale = requested && paraglide.isLocale(requested) ? requested : paraglide.baseLocale;
		const answering: Promise<JsonAnswer> = locales.run(
			{ locale, origin: undefined, messageCalls: undefined },
			() =>
				answerBallot(ballots(), {
					token: cookies.get(PARTICIPANT_COOKIE),
					voteId: match[1].toLowerCase(),
					contentType: req.headers['content-type'],
					contentLength: req.headers['content-length'],
					read: (maxBytes) => readBody(req, maxBytes)
				})
		);
		answering.then(
			(answer) => write(res, answer.status, answer.body, answer.headers),
			(error: unknown) => {
				log.error('ballot failed', { error });
				write(res, 500, { error: 'internal', message: 'Internal Error' });
			}
		);
		return true;
	};
}

function write(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {}
) {
	if (res.headersSent) return;
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...securityHeaders,
		'content-type': 'application/json',
		'cache-control': 'no-store',
		'content-length': Buffer.byteLength(text),
		...headers
	});
	res.end(text);
}

/** The body, refused with 413 once it grows past `maxBytes` (chunked bodies declare no length). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > maxBytes) {
				req.removeAllListeners('data');
				req.resume(); // drain the rest without keeping it
				reject(new ApiError(413, 'payload_too_large'));
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function parseCookies(header: string | undefined): Map<string, string> {
	const out = new Map<string, string>();
	if (!header) return out;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		const name = part.slice(0, eq).trim();
		if (!name || out.has(name)) continue;
		let value = part.slice(eq + 1).trim();
		if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
		try {
			out.set(name, decodeURIComponent(value));
		} catch {
			out.set(name, value);
		}
	}
	return out;
}
