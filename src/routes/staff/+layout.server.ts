import { redirect } from '@sveltejs/kit';
import { canEnterStaffArea } from '$lib/server/auth/policy';
import { actorOf } from '$lib/server/http/actor';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
	if (!canEnterStaffArea(actorOf(locals))) {
		redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	}
	return {};
};
