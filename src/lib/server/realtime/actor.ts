import type { IncomingMessage } from 'node:http';
import type { SessionPolicy } from '../auth/session.ts';
import { validateSessionToken } from '../auth/session.ts';
import type { Database } from '../db/client.ts';
import { PARTICIPANT_COOKIE, verifyParticipantToken } from '../participants/tokens.ts';
import type { RealtimeActor } from './policy.ts';

/** Parses a Cookie header; a malformed pair is skipped, never thrown. */
export function parseCookies(header: string | undefined): Map<string, string> {
	const out = new Map<string, string>();
	if (!header || header.length > 16 * 1024) return out;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 1) continue;
		const name = part.slice(0, eq).trim();
		let value = part.slice(eq + 1).trim();
		if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
		try {
			if (!out.has(name)) out.set(name, decodeURIComponent(value));
		} catch {
			// not URI-encoded properly: ignore this cookie
		}
	}
	return out;
}

/**
 * Who is opening a socket: a staff session cookie first, else a meeting participant cookie.
 * Null when neither is present and valid.
 */
export async function resolveRealtimeActor(
	db: Database,
	session: SessionPolicy & { cookieName: string },
	req: IncomingMessage
): Promise<RealtimeActor | null> {
	const cookies = parseCookies(req.headers.cookie);
	const sessionToken = cookies.get(session.cookieName);
	if (sessionToken) {
		const { user } = await validateSessionToken(db, session, sessionToken);
		if (user) return { kind: 'user', id: user.id, role: user.role, kelurahanId: user.kelurahanId };
	}
	const participantToken = cookies.get(PARTICIPANT_COOKIE);
	if (participantToken) {
		const p = await verifyParticipantToken(db, participantToken);
		if (p) return { kind: 'participant', ...p };
	}
	return null;
}
