import { z } from 'zod';
import { deleteSessionCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { invalidateSession } from '$lib/server/auth/session';
import { signIn } from '$lib/server/auth/sign-in';
import { ApiError, jsonResponse, parseBody, readJsonBody } from '$lib/server/http/json';
import { getRuntime } from '$lib/server/runtime';
import { endpoint } from '../endpoint';
import type { RequestHandler } from './$types';

const credentials = z.object({
	username: z.string().trim().min(1).max(64),
	password: z.string().min(1).max(256)
});

/** Signs in with a username and password; the session cookie is set exactly as by /login. */
export const POST: RequestHandler = endpoint(async (event) => {
	const body = await readJsonBody(event.request);
	const input = parseBody(credentials, body);
	const runtime = await getRuntime();
	const result = await signIn(
		runtime.database.db,
		{ limiter: runtime.loginLimiter, sessions: runtime.config.session },
		{ ...input, address: event.getClientAddress() }
	);
	if (!result.ok) {
		if (result.reason === 'rate_limited') {
			throw new ApiError(429, 'rate_limited', {
				headers: { 'retry-after': String(result.retryAfterMinutes * 60) }
			});
		}
		throw new ApiError(401, 'invalid_credentials');
	}
	setSessionCookie(
		event.cookies,
		event.url,
		runtime.config.session.cookieName,
		result.token,
		result.expiresAt
	);
	return jsonResponse({ user: result.user, expiresAt: result.expiresAt.toISOString() });
});

/** Signs out: the session ends on the server and the cookie is cleared. Idempotent. */
export const DELETE: RequestHandler = endpoint(async ({ locals, cookies, url }) => {
	const runtime = await getRuntime();
	if (locals.session) await invalidateSession(runtime.database.db, locals.session.id);
	deleteSessionCookie(cookies, url, runtime.config.session.cookieName);
	return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
});
