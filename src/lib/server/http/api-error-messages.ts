/**
 * The sentence people read for each API refusal, in the request's language. Shared by the
 * SvelteKit endpoints (routes/api/v1/endpoint.ts) and the ballot fast path, which answers
 * outside SvelteKit.
 */
import { m } from '../../paraglide/messages.js';
import { ApiError, type ApiErrorCode, type FieldErrors } from './json.ts';

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

export function apiErrorMessage(e: ApiError): string {
	return messages[e.code](e);
}

/** A JSON answer before it becomes a Response (or is written to a Node response). */
export type JsonAnswer = {
	status: number;
	body: Record<string, unknown>;
	headers?: Record<string, string>;
};

/** The `{ error, message, reason?, fields? }` answer for a refusal. */
export function apiErrorAnswer(e: ApiError): JsonAnswer {
	const body: { error: ApiErrorCode; message: string; reason?: string; fields?: FieldErrors } = {
		error: e.code,
		message: apiErrorMessage(e)
	};
	if (e.details.reason) body.reason = e.details.reason;
	if (e.details.fields) body.fields = e.details.fields;
	return { status: e.status, body, headers: e.details.headers };
}
