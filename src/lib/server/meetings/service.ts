import { eq } from 'drizzle-orm';
import { z } from 'zod';
import {
	phaseIndex,
	meetingPhase,
	phaseTimestamp,
	type MeetingPhase
} from '../../domain/meeting-phase.ts';
import type { StaffActor } from '../auth/policy.ts';
import { appendAudit } from '../audit/log.ts';
import type { Database, Queryable } from '../db/client.ts';
import { meeting, type Meeting } from '../db/schema/index.ts';
import { emitDomainEvent } from '../events.ts';
import { canManageMeeting, canCreateMeeting } from './policy.ts';

export class MeetingServiceError extends Error {
	constructor(readonly code: 'forbidden' | 'not_found' | 'invalid' | 'backwards') {
		super(code);
		this.name = 'MeetingServiceError';
	}
}

const createSchema = z.object({ title: z.string().trim().min(3).max(200) });

/** A facilitator or staff member creates a meeting in their kelurahan (a draft). */
export async function createMeeting(
	db: Database,
	actor: StaffActor | null,
	input: { title: string }
): Promise<Meeting> {
	if (!canCreateMeeting(actor)) throw new MeetingServiceError('forbidden');
	const parsed = createSchema.safeParse(input);
	if (!parsed.success) throw new MeetingServiceError('invalid');
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(meeting)
			.values({ kelurahanId: actor.kelurahanId!, title: parsed.data.title, createdBy: actor.id })
			.returning();
		await appendAudit(tx, {
			actor: { kind: 'user', id: actor.id },
			action: 'meeting.created',
			subject: { type: 'meeting', id: row.id },
			after: { title: row.title }
		});
		return row;
	});
}

export async function getMeeting(db: Queryable, meetingId: string): Promise<Meeting | null> {
	if (!z.uuid().safeParse(meetingId).success) return null;
	const [row] = await db.select().from(meeting).where(eq(meeting.id, meetingId));
	return row ?? null;
}

/**
 * Moves a meeting forward to `to` (never backwards), stamping every step it passes. Idempotent:
 * asking for the phase it is already in changes nothing.
 */
export async function advanceMeetingPhase(
	db: Database,
	actor: StaffActor | null,
	input: { meetingId: string; to: Exclude<MeetingPhase, 'draft'> },
	now = new Date()
): Promise<Meeting> {
	const result = await db.transaction(async (tx) => {
		const current = await lockMeeting(tx, input.meetingId);
		if (!canManageMeeting(actor, current)) throw new MeetingServiceError('forbidden');
		const from = meetingPhase(current);
		if (from === input.to) return { row: current, changed: false };
		if (phaseIndex(input.to) < phaseIndex(from)) throw new MeetingServiceError('backwards');
		const set: Partial<Record<(typeof phaseTimestamp)[keyof typeof phaseTimestamp], Date>> = {};
		for (const [phase, column] of Object.entries(phaseTimestamp)) {
			const p = phase as keyof typeof phaseTimestamp;
			if (phaseIndex(p) <= phaseIndex(input.to) && !current[column]) set[column] = now;
		}
		const [row] = await tx
			.update(meeting)
			.set({ ...set, updatedAt: now })
			.where(eq(meeting.id, current.id))
			.returning();
		await appendAudit(tx, {
			actor: { kind: 'user', id: actor.id },
			action: 'meeting.phase_changed',
			subject: { type: 'meeting', id: row.id },
			before: { phase: from },
			after: { phase: input.to },
			at: now
		});
		return { row, changed: true };
	});
	if (result.changed) emitDomainEvent({ type: 'meeting.changed', meetingId: result.row.id });
	return result.row;
}

/** Locks or unlocks the board for residents without leaving the phase. Idempotent. */
export async function setBoardLocked(
	db: Database,
	actor: StaffActor | null,
	input: { meetingId: string; locked: boolean },
	now = new Date()
): Promise<Meeting> {
	const result = await db.transaction(async (tx) => {
		const current = await lockMeeting(tx, input.meetingId);
		if (!canManageMeeting(actor, current)) throw new MeetingServiceError('forbidden');
		if (Boolean(current.boardLockedAt) === input.locked) return { row: current, changed: false };
		const [row] = await tx
			.update(meeting)
			.set({ boardLockedAt: input.locked ? now : null, updatedAt: now })
			.where(eq(meeting.id, current.id))
			.returning();
		await appendAudit(tx, {
			actor: { kind: 'user', id: actor.id },
			action: input.locked ? 'meeting.board_locked' : 'meeting.board_unlocked',
			subject: { type: 'meeting', id: row.id },
			at: now
		});
		return { row, changed: true };
	});
	if (result.changed) emitDomainEvent({ type: 'meeting.changed', meetingId: result.row.id });
	return result.row;
}

/** Reads a meeting for update: concurrent transitions of one meeting are serialized. */
async function lockMeeting(tx: Queryable, meetingId: string): Promise<Meeting> {
	if (!z.uuid().safeParse(meetingId).success) throw new MeetingServiceError('not_found');
	const [row] = await tx.select().from(meeting).where(eq(meeting.id, meetingId)).for('update');
	if (!row) throw new MeetingServiceError('not_found');
	return row;
}
