/**
 * The wrapper every /api/v1 handler goes through: a thrown `ApiError` becomes the JSON error
 * answer with a message in the caller's language; anything else stays a 500.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { ApiError, errorResponse, type ApiErrorCode } from '$lib/server/http/json';

const messages: Record<ApiErrorCode, (e: ApiError) => string> = {
	malformed_json: () => m.api_error_malformed_json(),
	unauthenticated: () => m.api_error_unauthenticated(),
	invalid_credentials: () => m.api_error_invalid_credentials(),
	forbidden: () => m.api_error_forbidden(),
	board_read_only: () => m.api_error_board_read_only(),
	not_found: () => m.api_error_not_found(),
	unknown_code: () => m.api_error_unknown_code(),
	wrong_phase: () => m.api_error_wrong_phase(),
	sealed: () => m.api_error_sealed(),
	payload_too_large: () => m.api_error_payload_too_large(),
	unsupported_media_type: () => m.api_error_unsupported_media_type(),
	invalid: () => m.api_error_invalid(),
	rate_limited: (e) =>
		m.api_error_rate_limited({
			minutes: Math.max(1, Math.ceil(Number(e.details.headers?.['retry-after'] ?? 60) / 60))
		})
};

/** Wraps a handler so refusals answer as `{ error, message, fields? }`. */
export function endpoint<E extends RequestEvent>(
	fn: (event: E) => Promise<Response>
): (event: E) => Promise<Response> {
	return async (event) => {
		try {
			return await fn(event);
		} catch (e) {
			if (e instanceof ApiError) return errorResponse(e, messages[e.code](e));
			throw e;
		}
	};
}
