import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { readForm } from '$lib/server/http/form';
import { limitWrongCodes, sharedJoinLimiter } from '$lib/server/participants/join-limiter';
import { lookupJoinCode } from '$lib/server/participants/service';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
	code: (url.searchParams.get('code') ?? '').slice(0, 64)
});

export const actions: Actions = {
	default: async (event) => {
		const data = await readForm(event.request);
		const raw = data?.get('code');
		const code = typeof raw === 'string' ? raw.slice(0, 64) : '';
		if (code.trim() === '') return fail(400, { code, message: m.join_error_code_required() });
		const runtime = await getRuntime();
		const result = await limitWrongCodes(
			sharedJoinLimiter(runtime.redis),
			event.getClientAddress(),
			() => lookupJoinCode(runtime.database.db, code)
		);
		if (result.ok) redirect(303, `/j/${result.meeting.joinCode}`);
		if (result.reason === 'rate_limited') {
			return fail(429, {
				code,
				message: m.join_error_rate_limited({ minutes: result.retryAfterMinutes })
			});
		}
		return fail(400, { code, message: m.join_error_unknown_code() });
	}
};
