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
