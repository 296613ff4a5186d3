import type { Cookies } from '@sveltejs/kit';

/**
 * Session cookie settings: httpOnly, sameSite=lax, and `secure` only when the request came over
 * https — phones on a plain-http LAN address would otherwise silently lose their sign-in.
 */
export function setSessionCookie(
	cookies: Cookies,
	url: URL,
	name: string,
	token: string,
	expiresAt: Date
) {
	cookies.set(name, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL, name: string) {
	cookies.delete(name, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
}

/** How long a phone keeps its participant cookie: a meeting over several sittings, then the public record. */
const PARTICIPANT_COOKIE_MAX_AGE = 60 * 60 * 24 * 30;

/** The participant cookie a join sets: the same rules as the session cookie, 30 days. */
export function setParticipantCookie(cookies: Cookies, url: URL, name: string, token: string) {
	cookies.set(name, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: PARTICIPANT_COOKIE_MAX_AGE
	});
}
