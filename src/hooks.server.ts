import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { m } from '$lib/paraglide/messages';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { deleteSessionCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { validateSessionToken } from '$lib/server/auth/session';
import { securityHeaders } from '$lib/server/http/security-headers';
import { ensureRuntime, getRuntime } from '$lib/server/runtime';

/** Opens the database once per process (in production server/index.ts has already done it). */
export const init: ServerInit = async () => {
	await ensureRuntime();
};

const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const runtime = await getRuntime();
	const { cookieName } = runtime.config.session;
	const token = event.cookies.get(cookieName);
	if (token) {
		const { session, user } = await validateSessionToken(
			runtime.database.db,
			runtime.config.session,
			token
		);
		if (session) {
			setSessionCookie(event.cookies, event.url, cookieName, token, session.expiresAt);
			event.locals.user = user;
			event.locals.session = session;
		} else {
			deleteSessionCookie(event.cookies, event.url, cookieName);
		}
	}
	return resolve(event);
};

const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
	if (event.locals.user) response.headers.set('Cache-Control', 'private, no-store');
	return response;
};

export const handle = sequence(handleLocale, handleAuth, handleHeaders);

/**
 * Errors SvelteKit raises itself (404 for an unknown page, 415 for a form post that is not a form,
 * 413 for a body over the limit…) and unexpected ones. The person gets a message in their language
 * instead of SvelteKit's English status text; only server faults (5xx) are logged with their stack.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status >= 500) {
		console.error(`[${status}] ${event.request.method} ${event.url.pathname}`, error);
		return { message: m.error_generic_text() };
	}
	return { message: status === 404 ? m.error_not_found_text() : m.error_bad_request_text() };
};
