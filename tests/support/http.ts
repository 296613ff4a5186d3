/** Small HTTP helpers for tests against a started server (plain fetch, no browser). */

export type Cookie = { name: string; value: string; attributes: Map<string, string | true> };

/** The Set-Cookie headers of a response, parsed. Attribute names are lower-cased. */
export function setCookies(res: Response): Cookie[] {
	return res.headers.getSetCookie().map((line) => {
		const [pair, ...attrs] = line.split(';').map((s) => s.trim());
		const eq = pair.indexOf('=');
		const attributes = new Map<string, string | true>();
		for (const a of attrs) {
			const i = a.indexOf('=');
			if (i < 0) attributes.set(a.toLowerCase(), true);
			else attributes.set(a.slice(0, i).toLowerCase(), a.slice(i + 1));
		}
		return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
	});
}

export function sessionCookieOf(res: Response, name = 'rembuk_session'): Cookie | undefined {
	return setCookies(res).find((c) => c.name === name && c.value !== '');
}

export type RequestOptions = {
	/** A `name=value` Cookie header. */
	cookie?: string;
	headers?: Record<string, string>;
};

/** GET as a browser would ask for a page (HTML), without following redirects. */
export function getPage(base: string, path: string, opts: RequestOptions = {}) {
	return fetch(base + path, {
		redirect: 'manual',
		headers: {
			accept: 'text/html',
			...(opts.cookie ? { cookie: opts.cookie } : {}),
			...opts.headers
		}
	});
}

/**
 * POSTs a body as a browser form would (same-origin `Origin` header, HTML answer), without
 * following redirects. `body` may be fields (sent url-encoded) or a raw string with its own
 * content type in `opts.headers`.
 */
export function postForm(
	base: string,
	path: string,
	body: Record<string, string> | string,
	opts: RequestOptions & { origin?: string } = {}
) {
	const raw = typeof body === 'string';
	return fetch(base + path, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			accept: 'text/html',
			origin: opts.origin ?? base,
			...(raw ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
			...(opts.cookie ? { cookie: opts.cookie } : {}),
			...opts.headers
		},
		body: raw ? body : new URLSearchParams(body).toString()
	});
}

/** Signs in through the login form; returns the response and the session cookie as `name=value`. */
export async function signInOverHttp(
	base: string,
	username: string,
	password: string,
	opts: RequestOptions & { origin?: string } = {}
) {
	const res = await postForm(base, '/login', { username, password }, opts);
	const cookie = sessionCookieOf(res);
	return { res, cookie, header: cookie ? `${cookie.name}=${cookie.value}` : undefined };
}
