import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { sha256Hex } from '../hash.ts';
import { participant } from '../db/schema/index.ts';

/**
 * Meeting-scoped participant tokens: residents join without an account. The token lives only in
 * an httpOnly cookie (PARTICIPANT_COOKIE); the database keeps its SHA-256.
 */
export const PARTICIPANT_COOKIE = 'rembuk_participant';

export const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/**
 * The token's SHA-256 in hex. Node's native hash: every ballot hashes its cookie, and the pure
 * JavaScript one cost a few percent of a burst's CPU. Same digest.
 */
export function hashParticipantToken(token: string) {
	return sha256Hex(token);
}

export type VerifiedParticipant = { participantId: string; meetingId: string; displayName: string };

/**
 * Creates a participant of a meeting and the token that identifies their phone. The join flow
 * (code, name, RT/RW) calls this after its own checks.
 */
export async function issueParticipantToken(
	db: Queryable,
	input: { meetingId: string; displayName: string }
): Promise<{ participantId: string; token: string }> {
	const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
	const [row] = await db
		.insert(participant)
		.values({
			meetingId: input.meetingId,
			displayName: input.displayName,
			tokenHash: hashParticipantToken(token)
		})
		.returning({ id: participant.id });
	return { participantId: row.id, token };
}

/** The participant a token belongs to, or null (unknown, malformed, or removed by the facilitator). */
export async function verifyParticipantToken(
	db: Queryable,
	token: string
): Promise<VerifiedParticipant | null> {
	if (!TOKEN_PATTERN.test(token)) return null;
	const [row] = await db
		.select({
			participantId: participant.id,
			meetingId: participant.meetingId,
			displayName: participant.displayName
		})
		.from(participant)
		.where(
			and(eq(participant.tokenHash, hashParticipantToken(token)), isNull(participant.removedAt))
		);
	return row ?? null;
}

/** False once the facilitator removed the participant (or it never existed). */
export async function isActiveParticipant(db: Queryable, participantId: string): Promise<boolean> {
	const rows = await db
		.select({ id: participant.id })
		.from(participant)
		.where(and(eq(participant.id, participantId), isNull(participant.removedAt)));
	return rows.length > 0;
}
