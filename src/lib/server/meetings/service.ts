import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import {
	phaseIndex,
	meetingPhase,
	phaseTimestamp,
	type MeetingPhase
} from '../../domain/meeting-phase.ts';
import { generateJoinCode } from '../../domain/join-code.ts';
import {
	validateMeetingInput,
	type MeetingInput,
	type MeetingInputError
} from '../../domain/meeting-input.ts';
import type { StaffActor } from '../auth/policy.ts';
import { appendAudit, canonicalJson } from '../audit/log.ts';
import type { Database, Queryable } from '../db/client.ts';
import { meeting, sector, type Meeting } from '../db/schema/index.ts';
import { emitDomainEvent } from '../events.ts';
import { canManageMeeting, canCreateMeeting } from './policy.ts';

export type MeetingServiceErrorCode =
	'forbidden' | 'not_found' | 'invalid' | 'backwards' | 'closed';

export class MeetingServiceError extends Error {
	constructor(
		readonly code: MeetingServiceErrorCode,
		/** For `invalid`: what was wrong, per field (translated by the page or the API). */
		readonly errors: MeetingInputError[] = []
	) {
		super(code);
		this.name = 'MeetingServiceError';
	}
}

/** Sector codes a meeting of this kelurahan may use. */
async function kelurahanSectorCodes(db: Queryable, kelurahanId: string): Promise<string[]> {
	const rows = await db
		.select({ code: sector.code })
		.from(sector)
		.where(and(eq(sector.kelurahanId, kelurahanId), isNull(sector.archivedAt)));
	return rows.map((r) => r.code);
}

function validated(input: unknown, knownSectors: string[]): MeetingInput {
	const result = validateMeetingInput(input, { knownSectors });
	if (!result.ok) throw new MeetingServiceError('invalid', result.errors);
	return result.value;
}

/** The columns a {@link MeetingInput} sets. */
function meetingColumns(input: MeetingInput) {
	return {
		title: input.title,
		kind: input.kind,
		startsAt: new Date(input.startsAt),
		place: input.place,
		agenda: input.agenda,
		rwScope: input.rwScope,
		budgetCeiling: input.budgetCeiling,
		quorum: input.quorum,
		voters: input.voters,
		sectorCodes: input.sectors,
		inclusionThresholds: input.inclusionThresholds
	};
}

/** The editable facts of a meeting, as the audit log records them before and after an edit. */
export function meetingFacts(m: Meeting) {
	return {
		title: m.title,
		kind: m.kind,
		startsAt: m.startsAt?.toISOString() ?? null,
		place: m.place,
		agenda: m.agenda,
		rwScope: m.rwScope,
		budgetCeiling: m.budgetCeiling,
		quorum: m.quorum,
		voters: m.voters,
		sectors: m.sectorCodes,
		inclusionThresholds: m.inclusionThresholds
	};
}

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** A join code no other meeting holds (18⁶ ≈ 34 million codes: a clash is rare, but checked). */
async function freeJoinCode(tx: Queryable): Promise<string> {
	for (let attempt = 0; attempt < 20; attempt++) {
		const code = generateJoinCode(randomBytes);
		const taken = await tx
			.select({ id: meeting.id })
			.from(meeting)
			.where(eq(meeting.joinCode, code));
		if (taken.length === 0) return code;
	}
	throw new Error('no free join code after 20 attempts');
}

/**
 * A facilitator or staff member creates a meeting in their kelurahan (a draft, with its join
 * code). `input` is validated here (see meetingInputSchema); sectors must be the kelurahan's.
 */
export async function createMeeting(
	db: Database,
	actor: StaffActor | null,
	input: unknown,
	now = new Date()
): Promise<Meeting> {
	if (!canCreateMeeting(actor)) throw new MeetingServiceError('forbidden');
	const value = validated(input, await kelurahanSectorCodes(db, actor.kelurahanId!));
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(meeting)
			.values({
				kelurahanId: actor.kelurahanId!,
				...meetingColumns(value),
				joinCode: await freeJoinCode(tx),
				createdBy: actor.id,
				createdAt: now,
				updatedAt: now
			})
			.returning();
		await appendAudit(tx, {
			actor: { kind: 'user', id: actor.id },
			action: 'meeting.created',
			subject: { type: 'meeting', id: row.id },
			after: meetingFacts(row),
			at: now
		});
		return row;
	});
}

/** Edits a meeting's facts (not its phase). Refused once the meeting is closed. */
export async function updateMeeting(
	db: Database,
	actor: StaffActor | null,
	meetingId: string,
	input: unknown,
	now = new Date()
): Promise<Meeting> {
	const result = await db.transaction(async (tx) => {
		const current = await lockMeeting(tx, meetingId);
		if (!canManageMeeting(actor, current)) throw new MeetingServiceError('forbidden');
		if (phaseIndex(meetingPhase(current)) >= phaseIndex('closed')) {
			throw new MeetingServiceError('closed');
		}
		const value = validated(input, await kelurahanSectorCodes(tx, current.kelurahanId));
		const before = meetingFacts(current);
		const [row] = await tx
			.update(meeting)
			.set({ ...meetingColumns(value), updatedAt: now })
			.where(eq(meeting.id, current.id))
			.returning();
		const after = meetingFacts(row);
		const changed = canonicalJson(before) !== canonicalJson(after);
		if (changed) {
			await appendAudit(tx, {
				actor: { kind: 'user', id: actor.id },
				action: 'meeting.updated',
				subject: { type: 'meeting', id: row.id },
				before,
				after,
				at: now
			});
		}
		return { row, changed };
	});
	if (result.changed) emitDomainEvent({ type: 'meeting.changed', meetingId: result.row.id });
	return result.row;
}

/** The meeting a join code belongs to (canonical code, as `normalizeJoinCode` gives it). */
export async function meetingByJoinCode(db: Queryable, code: string): Promise<Meeting | null> {
	const [row] = await db.select().from(meeting).where(eq(meeting.joinCode, code));
	return row ?? null;
}

/** The meetings of a kelurahan, the next or latest first. */
export async function listMeetings(db: Queryable, actor: StaffActor): Promise<Meeting[]> {
	if (actor.kelurahanId === null) {
		return actor.role === 'admin'
			? db.select().from(meeting).orderBy(desc(meeting.startsAt), desc(meeting.createdAt))
			: [];
	}
	return db
		.select()
		.from(meeting)
		.where(eq(meeting.kelurahanId, actor.kelurahanId))
		.orderBy(desc(meeting.startsAt), desc(meeting.createdAt));
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

/** The two locks a facilitator sets without leaving the phase: the board and joining. */
const locks = {
	board: { column: 'boardLockedAt', on: 'meeting.board_locked', off: 'meeting.board_unlocked' },
	join: { column: 'joinLockedAt', on: 'meeting.join_locked', off: 'meeting.join_unlocked' }
} as const;

/** Sets or clears one lock, audited; idempotent (setting a lock that is set changes nothing). */
async function setLock(
	db: Database,
	actor: StaffActor | null,
	lock: keyof typeof locks,
	input: { meetingId: string; locked: boolean },
	now: Date
): Promise<Meeting> {
	const { column, on, off } = locks[lock];
	const result = await db.transaction(async (tx) => {
		const current = await lockMeeting(tx, input.meetingId);
		if (!canManageMeeting(actor, current)) throw new MeetingServiceError('forbidden');
		if (Boolean(current[column]) === input.locked) return { row: current, changed: false };
		const [row] = await tx
			.update(meeting)
			.set({ [column]: input.locked ? now : null, updatedAt: now })
			.where(eq(meeting.id, current.id))
			.returning();
		await appendAudit(tx, {
			actor: { kind: 'user', id: actor.id },
			action: input.locked ? on : off,
			subject: { type: 'meeting', id: row.id },
			at: now
		});
		return { row, changed: true };
	});
	if (result.changed) emitDomainEvent({ type: 'meeting.changed', meetingId: result.row.id });
	return result.row;
}

/** Locks or unlocks the board for residents without leaving the phase. Idempotent. */
export function setBoardLocked(
	db: Database,
	actor: StaffActor | null,
	input: { meetingId: string; locked: boolean },
	now = new Date()
): Promise<Meeting> {
	return setLock(db, actor, 'board', input, now);
}

/**
 * Closes or reopens joining. Joins hold the meeting row FOR SHARE, so a lock waits for joins in
 * flight and nobody slips in after it. Idempotent.
 */
export function setJoinLocked(
	db: Database,
	actor: StaffActor | null,
	input: { meetingId: string; locked: boolean },
	now = new Date()
): Promise<Meeting> {
	return setLock(db, actor, 'join', input, now);
}

/** Reads a meeting for update: concurrent transitions of one meeting are serialized. */
async function lockMeeting(tx: Queryable, meetingId: string): Promise<Meeting> {
	if (!z.uuid().safeParse(meetingId).success) throw new MeetingServiceError('not_found');
	const [row] = await tx.select().from(meeting).where(eq(meeting.id, meetingId)).for('update');
	if (!row) throw new MeetingServiceError('not_found');
	return row;
}
