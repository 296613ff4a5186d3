import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { invalidateSession } from '$lib/server/auth/session';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

// Signing out is a POST (a link or prefetch must never sign someone out).
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		const runtime = await getRuntime();
		if (locals.session) await invalidateSession(runtime.database.db, locals.session.id);
		deleteSessionCookie(cookies, url, runtime.config.session.cookieName);
		redirect(303, '/?signedOut=1');
	}
};
