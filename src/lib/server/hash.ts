import { createHash } from 'node:crypto';

/**
 * SHA-256 in lower-case hex, of a string's UTF-8 bytes or of raw bytes (Node's native hash).
 * Participant cookies, the audit chain, board versions and the PGlite template use it; staff
 * session ids keep the oslo helpers of the Lucia pattern (auth/session.ts), with the same digest.
 */
export function sha256Hex(data: string | Uint8Array): string {
	return createHash('sha256').update(data).digest('hex');
}
