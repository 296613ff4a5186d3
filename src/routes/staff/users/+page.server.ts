import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { canManageAccounts } from '$lib/server/auth/policy';
import { actorOf } from '$lib/server/http/actor';
import { readForm } from '$lib/server/http/form';
import { getRuntime } from '$lib/server/runtime';
import { createUser, listUsers, resetPassword, UserServiceError } from '$lib/server/users/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = actorOf(locals);
	if (!canManageAccounts(actor)) error(403, m.error_forbidden_text());
	const runtime = await getRuntime();
	const users = await listUsers(runtime.database.db, actor);
	return { users };
};

const str = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v : '');

type FormState = {
	form: 'create' | 'reset';
	userId?: string;
	values?: { username: string; displayName: string; role: string };
	done?: string;
	message?: string;
};

function failFor(e: unknown, state: FormState) {
	if (!(e instanceof UserServiceError)) throw e;
	if (e.code === 'forbidden') error(403, m.error_forbidden_text());
	const [status, message] =
		e.code === 'username_taken'
			? [409, m.users_error_taken()]
			: e.code === 'not_found'
				? [404, m.users_error_not_found()]
				: [400, m.users_error_invalid()];
	return fail(status, { ...state, message });
}

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const data = (await readForm(request)) ?? new FormData();
		const values = {
			username: str(data.get('username')).slice(0, 64),
			displayName: str(data.get('displayName')).slice(0, 200),
			role: str(data.get('role')).slice(0, 20)
		};
		const runtime = await getRuntime();
		try {
			const created = await createUser(runtime.database.db, actorOf(locals), {
				...values,
				role: values.role as 'staff',
				password: str(data.get('password'))
			});
			return { form: 'create', done: m.users_created({ username: created.username }) } as FormState;
		} catch (e) {
			return failFor(e, { form: 'create', values });
		}
	},
	reset: async ({ request, locals }) => {
		const data = (await readForm(request)) ?? new FormData();
		const userId = str(data.get('userId'));
		const username = str(data.get('username')).slice(0, 64);
		const runtime = await getRuntime();
		try {
			await resetPassword(runtime.database.db, actorOf(locals), {
				userId,
				password: str(data.get('password'))
			});
			return { form: 'reset', userId, done: m.users_reset_done({ username }) } as FormState;
		} catch (e) {
			return failFor(e, { form: 'reset', userId });
		}
	}
};
