/**
 * The JSON API's error shape and body parsing, shared by every endpoint under /api/v1.
 *
 * Errors are `{ error: code, message, fields? }`: `code` is stable for scripts, `message` is for
 * people (translated by the route, since this module must not import the message catalogue).
 */

import type { z } from 'zod';

/** Error codes the API answers with; each endpoint documents which ones it uses. */
export const apiErrorCodes = [
	/** 400: the body is not valid JSON (or not a JSON object where one is needed). */
	'malformed_json',
	/** 401: not signed in (or no participant cookie where one would do). */
	'unauthenticated',
	/** 401: wrong username or password (one answer for both). */
	'invalid_credentials',
	/** 403: signed in, but this actor may not do this. */
	'forbidden',
	/** 403: the board is read-only for this actor now (locked, or not collecting). */
	'board_read_only',
	/** 404: no such meeting, or not one this actor may see. */
	'not_found',
	/** 404: no meeting holds this join code. */
	'unknown_code',
	/** 409: the meeting's phase does not allow this now (a phase move backwards, too early…). */
	'wrong_phase',
	/** 409: the meeting is closed or finalized; its record no longer changes. */
	'sealed',
	/** 413: the body is larger than the API accepts. */
	'payload_too_large',
	/** 415: a request with a body that is not `content-type: application/json`. */
	'unsupported_media_type',
	/** 422: the JSON is well-formed but some fields are invalid; see `fields`. */
	'invalid',
	/** 429: too many attempts; see the Retry-After header. */
	'rate_limited'
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

/** Invalid fields: dotted path → codes (`{ "rt": ["outOfRange"] }`); `''` for the body as a whole. */
export type FieldErrors = Record<string, string[]>;

/** A refusal thrown inside an endpoint; the endpoint wrapper renders it with a translated message. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: ApiErrorCode,
		readonly details: {
			fields?: FieldErrors;
			/** A finer reason under the code (e.g. `locked` for a `wrong_phase` join). */
			reason?: string;
			headers?: Record<string, string>;
		} = {}
	) {
		super(code);
		this.name = 'ApiError';
	}
}

/** API answers are per-user and must never be cached by a proxy. */
const baseHeaders = { 'content-type': 'application/json', 'cache-control': 'no-store' };

/** A JSON answer. */
export function jsonResponse(
	body: unknown,
	status = 200,
	headers: Record<string, string> = {}
): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { ...baseHeaders, ...headers }
	});
}

/** The JSON answer for a refusal, with `message` in the caller's language. */
export function errorResponse(e: ApiError, message: string): Response {
	const body: { error: ApiErrorCode; message: string; reason?: string; fields?: FieldErrors } = {
		error: e.code,
		message
	};
	if (e.details.reason) body.reason = e.details.reason;
	if (e.details.fields) body.fields = e.details.fields;
	return jsonResponse(body, e.status, e.details.headers);
}

/** `{ field, code }` lists (from the board model, the meeting form, the join form) as `fields`. */
export function toFieldMap(errors: ReadonlyArray<{ field: string; code: string }>): FieldErrors {
	const out: FieldErrors = {};
	for (const { field, code } of errors) {
		const list = (out[field] ??= []);
		if (!list.includes(code)) list.push(code);
	}
	return out;
}

/** 422 with the given field errors. */
export function invalid(errors: ReadonlyArray<{ field: string; code: string }>): ApiError {
	return new ApiError(422, 'invalid', { fields: toFieldMap(errors) });
}

/** Bodies above this are refused before parsing; the largest legitimate one (a meeting) is ~10 KB. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Media types accepted as JSON (`application/json`, `application/merge-patch+json`, …). */
function isJsonContentType(header: string | null): boolean {
	if (!header) return false;
	const type = header.split(';')[0].trim().toLowerCase();
	return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

export type ReadJsonOptions = {
	/** An empty body reads as `{}` (for actions that need no input, like finalize). */
	allowEmpty?: boolean;
	maxBytes?: number;
};

/**
 * The request body as a JSON object. Refuses with 415 unless the content type is JSON: browsers
 * cannot send that cross-site without a CORS preflight (which this server never grants), so it
 * also keeps other sites from posting with a visitor's cookies. 413 over the size limit, 400 for
 * anything that is not a JSON object.
 */
export async function readJsonBody(
	request: Request,
	opts: ReadJsonOptions = {}
): Promise<Record<string, unknown>> {
	const contentType = request.headers.get('content-type');
	checkJsonHead(contentType, request.headers.get('content-length'), opts);
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await request.arrayBuffer());
	} catch {
		throw new ApiError(400, 'malformed_json');
	}
	return parseJsonBody(contentType, bytes, opts);
}

/**
 * What `readJsonBody` checks before reading: the content type (415) and a declared length over
 * the limit (413). For handlers that read a Node request themselves.
 */
export function checkJsonHead(
	contentType: string | null | undefined,
	contentLength: string | null | undefined,
	opts: ReadJsonOptions = {}
): void {
	if (!isJsonContentType(contentType ?? null)) throw new ApiError(415, 'unsupported_media_type');
	const declared = Number(contentLength ?? NaN);
	if (Number.isFinite(declared) && declared > (opts.maxBytes ?? MAX_JSON_BODY_BYTES)) {
		throw new ApiError(413, 'payload_too_large');
	}
}

/** The body's bytes as a JSON object, with `readJsonBody`'s refusals. */
export function parseJsonBody(
	contentType: string | null | undefined,
	bytes: Uint8Array,
	opts: ReadJsonOptions = {}
): Record<string, unknown> {
	if (!isJsonContentType(contentType ?? null)) throw new ApiError(415, 'unsupported_media_type');
	// Chunked bodies carry no length up front.
	if (bytes.byteLength > (opts.maxBytes ?? MAX_JSON_BODY_BYTES)) {
		throw new ApiError(413, 'payload_too_large');
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new ApiError(400, 'malformed_json');
	}
	if (text.trim() === '' && opts.allowEmpty) return {};
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new ApiError(400, 'malformed_json');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new ApiError(400, 'malformed_json');
	}
	return value as Record<string, unknown>;
}

/** A zod issue as a field code a script can branch on. */
function issueCode(issue: z.core.$ZodIssue): string {
	if (issue.input === undefined && issue.code === 'invalid_type') return 'required';
	switch (issue.code) {
		case 'too_small':
			return 'too_small';
		case 'too_big':
			return 'too_big';
		case 'invalid_type':
			return 'wrong_type';
		case 'unrecognized_keys':
			return 'unknown_field';
		default:
			return 'invalid';
	}
}

/** Validates a body with `schema`; 422 with per-field codes when it does not fit. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
	const parsed = schema.safeParse(body, { reportInput: true });
	if (parsed.success) return parsed.data;
	throw invalid(
		parsed.error.issues.map((issue) => ({
			field: issue.path.map(String).join('.'),
			code: issueCode(issue)
		}))
	);
}
