import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getRuntime } from '$lib/server/runtime';
import { publicResults } from '$lib/server/plans/public-results';
import type { PageServerLoad } from './$types';

/** Plain HTML for cheap phones: nothing to hydrate, the page works the same without JavaScript. */
export const csr = false;

/** A meeting's results for everyone, without an account (see public-results.ts for what and when). */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const runtime = await getRuntime();
	const results = await publicResults(runtime.database.db, params.meetingId);
	if (!results) error(404, m.pub_not_found_text());
	// Short: a report added by staff shows within a minute. The language and the header depend on
	// cookies, so a shared cache must keep one copy per cookie (signed-in staff get `no-store` from
	// hooks.server.ts anyway).
	setHeaders({ 'cache-control': 'public, max-age=60', vary: 'Cookie' });
	return { results };
};
