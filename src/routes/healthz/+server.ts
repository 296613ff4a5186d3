import { json } from '@sveltejs/kit';
import { checkHealth, getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/** For load balancers and people: 200 when every part is ok, 503 when one is not. */
export const GET: RequestHandler = async () => {
	const health = await checkHealth(await getRuntime());
	return json(health, {
		status: health.status === 'ok' ? 200 : 503,
		headers: { 'Cache-Control': 'no-store' }
	});
};
