import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { signIn } from '$lib/server/auth/sign-in';
import { readForm } from '$lib/server/http/form';
import { safeRedirectTarget } from '$lib/server/http/redirect-target';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo'), '/staff'));
	return {};
};

const form = z.object({
	username: z.string().trim().min(1).max(64),
	password: z.string().min(1).max(256)
});

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, url } = event;
		const body = await readForm(request);
		const data = body ? Object.fromEntries(body) : {};
		const username = typeof data.username === 'string' ? data.username.slice(0, 64) : '';
		const parsed = form.safeParse(data);
		if (!parsed.success) {
			return fail(400, { username, message: m.login_error_missing() });
		}
		const runtime = await getRuntime();
		const result = await signIn(
			runtime.database.db,
			{ limiter: runtime.loginLimiter, sessions: runtime.config.session },
			{ ...parsed.data, address: event.getClientAddress() }
		);
		if (!result.ok) {
			if (result.reason === 'rate_limited') {
				return fail(429, {
					username,
					message: m.login_error_rate_limited({ minutes: result.retryAfterMinutes })
				});
			}
			return fail(400, { username, message: m.login_error_invalid() });
		}
		setSessionCookie(
			cookies,
			url,
			runtime.config.session.cookieName,
			result.token,
			result.expiresAt
		);
		redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo'), '/staff'));
	}
};
