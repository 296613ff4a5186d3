import { openApiDocument } from '$lib/server/http/openapi';
import type { RequestHandler } from './$types';

export const prerender = false;

/** The OpenAPI 3.1 document of /api/v1 (public: it describes, it grants nothing). */
export const GET: RequestHandler = () =>
	new Response(JSON.stringify(openApiDocument), {
		headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' }
	});
