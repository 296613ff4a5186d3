import { kelurahanOverview } from '$lib/server/kelurahan/queries';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	const runtime = await getRuntime();
	const overview = user.kelurahanId
		? await kelurahanOverview(runtime.database.db, user.kelurahanId)
		: null;
	return { me: { displayName: user.displayName, role: user.role }, overview };
};
