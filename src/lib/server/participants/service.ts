import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { affiliations, ageGroups, genders } from '../../domain/attendance.ts';
import { normalizeJoinCode } from '../../domain/join-code.ts';
import { meetingPhase } from '../../domain/meeting-phase.ts';
import type { StaffActor } from '../auth/policy.ts';
import { appendAudit } from '../audit/log.ts';
import type { Database, Queryable } from '../db/client.ts';
import { meeting, participant, type Meeting, type Participant } from '../db/schema/index.ts';
import { emitDomainEvent } from '../events.ts';
import { meetingByJoinCode } from '../meetings/service.ts';
import { canManageMeeting } from '../meetings/policy.ts';
import { issueParticipantToken, verifyParticipantToken } from './tokens.ts';

/** Why a meeting does not take new participants now. */
export type JoinRefusal = 'not_open' | 'ended' | 'locked';

/**
 * Whether residents may join a meeting now: only while it is open, collecting or voting, and the
 * facilitator has not locked joining.
 */
export function joinStatus(
	m: Pick<
		Meeting,
		'openedAt' | 'collectingAt' | 'votingAt' | 'closedAt' | 'finalizedAt' | 'joinLockedAt'
	>
): 'ok' | JoinRefusal {
	const phase = meetingPhase(m);
	if (phase === 'draft') return 'not_open';
	if (phase === 'closed' || phase === 'finalized') return 'ended';
	if (m.joinLockedAt) return 'locked';
	return 'ok';
}

export type CodeLookup = { ok: true; meeting: Meeting } | { ok: false; reason: 'unknown_code' };

/**
 * The meeting a typed join code belongs to. Anything that cannot be a code, and codes nobody
 * holds, are the same `unknown_code` (the join limiter counts both).
 */
export async function lookupJoinCode(db: Queryable, rawCode: unknown): Promise<CodeLookup> {
	const code = normalizeJoinCode(rawCode);
	const found = code ? await meetingByJoinCode(db, code) : null;
	return found ? { ok: true, meeting: found } : { ok: false, reason: 'unknown_code' };
}

/** Form fields of the join form, for per-field errors. */
export type JoinField =
	'displayName' | 'rt' | 'rw' | 'gender' | 'ageGroup' | 'disability' | 'affiliation';

export type JoinFieldError = {
	field: JoinField;
	problem: 'required' | 'too_short' | 'too_long' | 'not_a_number' | 'out_of_range' | 'invalid';
};

/** "Did not say": a missing field, an empty string or the form's explicit "rather not say". */
const UNSAID = new Set([undefined, null, '', 'unsaid']);
const unsaid = <T extends z.ZodType>(schema: T) =>
	z.preprocess((v) => (UNSAID.has(v as string) ? null : v), schema.nullable());

const neighbourhoodNumber = z.preprocess(
	(v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v),
	z.int().min(1).max(999)
);

const joinSchema = z.object({
	displayName: z.string().trim().min(2).max(80),
	rt: neighbourhoodNumber,
	rw: neighbourhoodNumber,
	gender: unsaid(z.enum(genders)),
	ageGroup: unsaid(z.enum(ageGroups)),
	disability: unsaid(
		z.preprocess((v) => (v === 'yes' ? true : v === 'no' ? false : v), z.boolean())
	),
	affiliation: unsaid(z.enum(affiliations))
});

export type JoinAnswers = z.infer<typeof joinSchema>;

/** Turns zod issues into one plain problem per field, judged from what was actually sent. */
function fieldErrors(error: z.ZodError, raw: Record<string, unknown>): JoinFieldError[] {
	const out: JoinFieldError[] = [];
	for (const issue of error.issues) {
		const field = issue.path[0] as JoinField;
		if (out.some((e) => e.field === field)) continue;
		const value = raw[field];
		const blank = value === undefined || value === null || String(value).trim() === '';
		let problem: JoinFieldError['problem'] = 'invalid';
		if (field === 'displayName') {
			problem = blank ? 'required' : issue.code === 'too_big' ? 'too_long' : 'too_short';
		} else if (field === 'rt' || field === 'rw') {
			problem = blank
				? 'required'
				: issue.code === 'too_small' || issue.code === 'too_big'
					? 'out_of_range'
					: 'not_a_number';
		}
		out.push({ field, problem });
	}
	return out;
}

/** Validates the join form's answers (the code aside); `unknown` so form data can be passed as is. */
export function validateJoinAnswers(
	input: unknown
): { ok: true; value: JoinAnswers } | { ok: false; errors: JoinFieldError[] } {
	const raw = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
	const parsed = joinSchema.safeParse(raw);
	if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error, raw) };
	return { ok: true, value: parsed.data };
}

export type JoinResult =
	| {
			ok: true;
			meeting: Meeting;
			participantId: string;
			/** The token to put in the participant cookie (the same one on a rejoin). */
			token: string;
			/** True when the phone was already a participant of this meeting (its answers updated). */
			rejoined: boolean;
	  }
	| { ok: false; reason: 'unknown_code' | JoinRefusal }
	| { ok: false; reason: 'invalid'; errors: JoinFieldError[] };

/** The answers as the participant row stores them. */
function answerColumns(a: JoinAnswers) {
	return {
		displayName: a.displayName,
		rt: a.rt,
		rw: a.rw,
		gender: a.gender,
		ageGroup: a.ageGroup,
		disability: a.disability,
		affiliation: a.affiliation
	};
}

/**
 * A resident joins a meeting with its code (`input.code`, as typed) and their answers. No account:
 * the result carries a token for the participant cookie.
 *
 * Checks run in the order a resident can act on them: the code, then whether the meeting takes
 * people now, then the form. A phone that already holds a valid token of this meeting
 * (`existingToken`) is the same participant: its answers are updated, no row is added — and it
 * may do so even while joining is locked, since it is already in the room (not once the meeting
 * ended). A token of another meeting, of a removed participant or of a merged duplicate is
 * ignored: the phone joins as someone new.
 *
 * A join is not written to the audit log: the participant row itself records it (joinedAt), the
 * hash-chained log cannot forget personal data, and one global audit lock per join would queue a
 * whole city's halls behind each other. What the facilitator does to participants is audited.
 */
export async function joinMeeting(
	db: Database,
	input: unknown,
	existingToken?: string | null,
	now = new Date()
): Promise<JoinResult> {
	const data =
		typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
	const lookup = await lookupJoinCode(db, data.code);
	if (!lookup.ok) return lookup;
	const target = lookup.meeting;

	const existing = existingToken ? await verifyParticipantToken(db, existingToken) : null;
	const current = existing?.meetingId === target.id ? existing : null;

	const status = joinStatus(target);
	if (status !== 'ok' && !(status === 'locked' && current)) return { ok: false, reason: status };

	const answers = validateJoinAnswers(data);
	if (!answers.ok) return { ok: false, reason: 'invalid', errors: answers.errors };
	const columns = answerColumns(answers.value);

	if (current && existingToken) {
		const updated = await db.transaction(async (tx) => {
			const [before] = await tx
				.select()
				.from(participant)
				.where(and(eq(participant.id, current.participantId), isNull(participant.removedAt)))
				.for('update');
			// Removed a moment ago: the phone joins as someone new, below.
			if (!before) return false;
			await tx
				.update(participant)
				.set({ ...columns, lastSeenAt: now })
				.where(eq(participant.id, before.id));
			return true;
		});
		if (updated) {
			emitDomainEvent({
				type: 'participant.changed',
				meetingId: target.id,
				participantId: current.participantId
			});
			return {
				ok: true,
				meeting: target,
				participantId: current.participantId,
				token: existingToken,
				rejoined: true
			};
		}
	}

	const issued = await db.transaction(async (tx) => {
		// A shared lock: joins do not wait for each other (a hall of 300 phones joins at once), but
		// setJoinLocked and phase changes (FOR UPDATE) wait for them, so nobody slips in after a lock.
		const [locked] = await tx.select().from(meeting).where(eq(meeting.id, target.id)).for('share');
		const stillOpen = locked ? joinStatus(locked) : 'ended';
		if (stillOpen !== 'ok') return { refused: stillOpen } as const;
		const created = await issueParticipantToken(tx, {
			meetingId: target.id,
			displayName: columns.displayName
		});
		await tx
			.update(participant)
			.set({ ...columns, lastSeenAt: now, joinedAt: now })
			.where(eq(participant.id, created.participantId));
		return created;
	});
	if ('refused' in issued) return { ok: false, reason: issued.refused };
	emitDomainEvent({
		type: 'participant.changed',
		meetingId: target.id,
		participantId: issued.participantId
	});
	return {
		ok: true,
		meeting: target,
		participantId: issued.participantId,
		token: issued.token,
		rejoined: false
	};
}

export type ParticipantServiceErrorCode = 'forbidden' | 'not_found' | 'invalid' | 'finalized';

export class ParticipantServiceError extends Error {
	constructor(readonly code: ParticipantServiceErrorCode) {
		super(code);
		this.name = 'ParticipantServiceError';
	}
}

const uuid = z.uuid();

/**
 * Reads a participant and its meeting for update and checks the actor runs that meeting. Another
 * kelurahan's participant is `forbidden` (the page shows it as not found). Removed participants
 * (and merged duplicates) are `not_found` unless `allowGone`, and so is a participant of another
 * meeting than `meetingId` when the caller names one (a page acts within one meeting).
 */
async function lockManaged(
	tx: Queryable,
	actor: StaffActor | null,
	participantId: unknown,
	opts: { allowGone?: boolean; meetingId?: string } = {}
): Promise<{ row: Participant; meeting: Meeting; actor: StaffActor }> {
	if (typeof participantId !== 'string' || !uuid.safeParse(participantId).success) {
		throw new ParticipantServiceError('not_found');
	}
	const [row] = await tx
		.select()
		.from(participant)
		.where(eq(participant.id, participantId))
		.for('update');
	if (!row) throw new ParticipantServiceError('not_found');
	const [m] = await tx.select().from(meeting).where(eq(meeting.id, row.meetingId));
	if (!canManageMeeting(actor, m)) throw new ParticipantServiceError('forbidden');
	// The berita acara's attendance is fixed once the meeting is finalized.
	if (meetingPhase(m) === 'finalized') throw new ParticipantServiceError('finalized');
	if (row.removedAt && !opts.allowGone) throw new ParticipantServiceError('not_found');
	if (opts.meetingId !== undefined && opts.meetingId !== row.meetingId) {
		throw new ParticipantServiceError('not_found');
	}
	return { row, meeting: m, actor };
}

/**
 * The facilitator confirms (or un-confirms) that a participant is really in the room, e.g. after
 * checking them against the paper attendance list. Idempotent.
 */
export async function verifyParticipant(
	db: Database,
	actor: StaffActor | null,
	input: { participantId: string; verified: boolean; meetingId?: string },
	now = new Date()
): Promise<Participant> {
	const result = await db.transaction(async (tx) => {
		const { row, actor: staff } = await lockManaged(tx, actor, input.participantId, {
			meetingId: input.meetingId
		});
		if (Boolean(row.verifiedAt) === input.verified) return { row, changed: false };
		const [updated] = await tx
			.update(participant)
			.set({ verifiedAt: input.verified ? now : null })
			.where(eq(participant.id, row.id))
			.returning();
		await appendAudit(tx, {
			actor: { kind: 'user', id: staff.id },
			action: input.verified ? 'participant.verified' : 'participant.unverified',
			subject: { type: 'participant', id: row.id },
			at: now
		});
		return { row: updated, changed: true };
	});
	if (result.changed) emitChanged(result.row);
	return result.row;
}

/** The facilitator corrects a participant's name (2–80 characters, trimmed). */
export async function renameParticipant(
	db: Database,
	actor: StaffActor | null,
	input: { participantId: string; displayName: unknown; meetingId?: string },
	now = new Date()
): Promise<Participant> {
	const result = await db.transaction(async (tx) => {
		const { row, actor: staff } = await lockManaged(tx, actor, input.participantId, {
			meetingId: input.meetingId
		});
		const name = joinSchema.shape.displayName.safeParse(input.displayName);
		if (!name.success) throw new ParticipantServiceError('invalid');
		if (name.data === row.displayName) return { row, changed: false };
		const [updated] = await tx
			.update(participant)
			.set({ displayName: name.data })
			.where(eq(participant.id, row.id))
			.returning();
		await appendAudit(tx, {
			actor: { kind: 'user', id: staff.id },
			action: 'participant.renamed',
			subject: { type: 'participant', id: row.id },
			before: { name: row.displayName },
			after: { name: name.data },
			at: now
		});
		return { row: updated, changed: true };
	});
	if (result.changed) emitChanged(result.row);
	return result.row;
}

/**
 * The facilitator merges a duplicate (the same person joined twice, e.g. from a second phone or
 * after clearing the browser) into the participant who stays.
 *
 * The choice, kept simple: the duplicate is marked merged (`mergedIntoId`) *and* removed, so its
 * token stops working and its sockets are dropped exactly as on a removal; the phone that held it
 * must join again (it then joins as someone new). The survivor keeps its own answers and fills
 * the ones it left blank from the duplicate's, becomes verified if the duplicate was, and takes
 * over anyone earlier merged into the duplicate (no chains).
 */
export async function mergeParticipants(
	db: Database,
	actor: StaffActor | null,
	input: { duplicateId: string; survivorId: string; meetingId?: string },
	now = new Date()
): Promise<Participant> {
	const result = await db.transaction(async (tx) => {
		if (input.duplicateId === input.survivorId) throw new ParticipantServiceError('invalid');
		// Lock in id order so two merges of the same pair cannot deadlock.
		const ids = [input.duplicateId, input.survivorId].sort();
		const locked = [];
		for (const id of ids) {
			locked.push(await lockManaged(tx, actor, id, { meetingId: input.meetingId }));
		}
		const duplicate = locked.find((l) => l.row.id === input.duplicateId)!;
		const survivor = locked.find((l) => l.row.id === input.survivorId)!;
		if (duplicate.row.meetingId !== survivor.row.meetingId) {
			throw new ParticipantServiceError('invalid');
		}
		const d = duplicate.row;
		const s = survivor.row;
		await tx
			.update(participant)
			.set({ mergedIntoId: s.id, removedAt: now })
			.where(eq(participant.id, d.id));
		await tx
			.update(participant)
			.set({ mergedIntoId: s.id })
			.where(and(eq(participant.meetingId, s.meetingId), eq(participant.mergedIntoId, d.id)));
		const [updated] = await tx
			.update(participant)
			.set({
				rt: s.rt ?? d.rt,
				rw: s.rw ?? d.rw,
				gender: s.gender ?? d.gender,
				ageGroup: s.ageGroup ?? d.ageGroup,
				disability: s.disability ?? d.disability,
				affiliation: s.affiliation ?? d.affiliation,
				verifiedAt: s.verifiedAt ?? d.verifiedAt,
				lastSeenAt: latest(s.lastSeenAt, d.lastSeenAt)
			})
			.where(eq(participant.id, s.id))
			.returning();
		await appendAudit(tx, {
			actor: { kind: 'user', id: duplicate.actor.id },
			action: 'participant.merged',
			subject: { type: 'participant', id: d.id },
			before: { name: d.displayName },
			after: { mergedInto: s.id, survivorName: s.displayName },
			at: now
		});
		return { survivor: updated, duplicate: d };
	});
	emitChanged(result.duplicate);
	emitChanged(result.survivor);
	return result.survivor;
}

function latest(a: Date | null, b: Date | null): Date | null {
	if (!a) return b;
	if (!b) return a;
	return a > b ? a : b;
}

/**
 * The facilitator removes a participant (someone who is not from here, a test entry). Their token
 * stops working and the realtime server drops their sockets. Idempotent.
 */
export async function removeParticipant(
	db: Database,
	actor: StaffActor | null,
	input: { participantId: string; meetingId?: string },
	now = new Date()
): Promise<Participant> {
	const result = await db.transaction(async (tx) => {
		const { row, actor: staff } = await lockManaged(tx, actor, input.participantId, {
			allowGone: true,
			meetingId: input.meetingId
		});
		if (row.removedAt) return { row, changed: false };
		const [updated] = await tx
			.update(participant)
			.set({ removedAt: now })
			.where(eq(participant.id, row.id))
			.returning();
		await appendAudit(tx, {
			actor: { kind: 'user', id: staff.id },
			action: 'participant.removed',
			subject: { type: 'participant', id: row.id },
			before: { name: row.displayName },
			at: now
		});
		return { row: updated, changed: true };
	});
	if (result.changed) emitChanged(result.row);
	return result.row;
}

function emitChanged(p: Pick<Participant, 'id' | 'meetingId'>) {
	emitDomainEvent({ type: 'participant.changed', meetingId: p.meetingId, participantId: p.id });
}
