import { error, redirect } from '@sveltejs/kit';
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';
import { readForm } from '$lib/server/http/form';
import { safeRedirectTarget } from '$lib/server/http/redirect-target';
import type { RequestHandler } from './$types';

/** Remembers the chosen language in Paraglide's cookie; works as a plain form post. */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const data = (await readForm(request)) ?? new FormData();
	const locale = data.get('locale');
	if (!isLocale(locale)) error(400, 'Unknown language / bahasa tidak dikenal');
	cookies.set(cookieName, locale, {
		path: '/',
		maxAge: cookieMaxAge,
		sameSite: 'lax',
		httpOnly: false,
		secure: url.protocol === 'https:'
	});
	redirect(303, safeRedirectTarget(data.get('redirectTo')));
};
