import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { actorOf } from '$lib/server/http/actor';
import { readForm } from '$lib/server/http/form';
import { getRuntime } from '$lib/server/runtime';
import { changeOwnPassword, UserServiceError } from '$lib/server/users/service';
import type { Actions } from './$types';

const str = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v : '');

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const data = await readForm(request);
		if (!data) return fail(400, { message: m.account_error_invalid() });
		const newPassword = str(data.get('newPassword'));
		if (newPassword !== str(data.get('confirmPassword'))) {
			return fail(400, { message: m.account_error_mismatch() });
		}
		const runtime = await getRuntime();
		try {
			await changeOwnPassword(runtime.database.db, actorOf(locals), {
				currentPassword: str(data.get('currentPassword')).slice(0, 256),
				newPassword,
				keepSessionId: locals.session!.id
			});
		} catch (e) {
			if (!(e instanceof UserServiceError)) throw e;
			if (e.code === 'forbidden' || e.code === 'not_found') error(403, m.error_forbidden_text());
			if (e.code === 'wrong_password') return fail(400, { message: m.account_error_wrong() });
			return fail(400, { message: m.account_error_invalid() });
		}
		return { done: m.account_done() };
	}
};
