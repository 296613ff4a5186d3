/**
 * The wrapper every /api/v1 handler goes through: a thrown `ApiError` becomes the JSON error
 * answer with a message in the caller's language; anything else stays a 500.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { apiErrorMessage } from '$lib/server/http/api-error-messages';
import { ApiError, errorResponse } from '$lib/server/http/json';

/** Wraps a handler so refusals answer as `{ error, message, fields? }`. */
export function endpoint<E extends RequestEvent>(
	fn: (event: E) => Promise<Response>
): (event: E) => Promise<Response> {
	return async (event) => {
		try {
			return await fn(event);
		} catch (e) {
			if (e instanceof ApiError) return errorResponse(e, apiErrorMessage(e));
			throw e;
		}
	};
}
