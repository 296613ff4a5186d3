import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { meetingPhase } from '../../domain/meeting-phase.ts';
import {
	validateBallot,
	type BallotErrorCode,
	type BallotErrorDetail
} from '../../domain/votes/ballot.ts';
import {
	validateVoteOptions,
	validateVoteSettings,
	type VoteSettings,
	type VoteSettingsError
} from '../../domain/votes/methods.ts';
import { voteStatus } from '../../domain/votes/status.ts';
import type { StaffActor } from '../auth/policy.ts';
import { appendAudit } from '../audit/log.ts';
import type { Database, Queryable } from '../db/client.ts';
import {
	ballot,
	meeting,
	participant,
	usulan,
	vote,
	voteOption,
	voteSubjects,
	resultVisibilities,
	voteEligibilities,
	type Meeting,
	type Vote,
	type VoteOptionRow
} from '../db/schema/index.ts';
import { emitDomainEvent } from '../events.ts';
import { latestBoardVersion } from '../usulan/queries.ts';
import { canRunVotes, isEligibleVoter } from './policy.ts';

export type VoteServiceErrorCode =
	| 'forbidden'
	| 'not_found'
	| 'invalid'
	/** The meeting is not in the voting phase (opening), or the vote is not open (ballots). */
	| 'not_open'
	| 'closed'
	/** Decisions wait until the vote is closed. */
	| 'not_closed'
	| 'not_eligible'
	/** No participant behind the ballot's cookie (unknown, or removed by the facilitator). */
	| 'unauthenticated'
	/** A ballot the method refuses (`ballotCode` says why). */
	| 'invalid_ballot'
	/** Votes on usulan need a finalized board. */
	| 'no_final_list'
	/** The vote's decisions are already in a program plan: they cannot be recorded again. */
	| 'already_planned';

const VOTE_SERVICE_ERROR = Symbol.for('rembuk.VoteServiceError');

export class VoteServiceError extends Error {
	/**
	 * This module is bundled twice (the SvelteKit build and dist-server, see runtime.ts): a refusal
	 * thrown by the runtime's copy (the ballot batcher) must still be one to the routes' copy.
	 */
	static [Symbol.hasInstance](value: unknown): boolean {
		return typeof value === 'object' && value !== null && VOTE_SERVICE_ERROR in value;
	}
	readonly [VOTE_SERVICE_ERROR] = true;

	constructor(
		readonly code: VoteServiceErrorCode,
		readonly details: {
			fields?: { field: string; code: string }[];
			ballotCode?: BallotErrorCode;
			ballotDetail?: BallotErrorDetail;
		} = {}
	) {
		super(code);
		this.name = 'VoteServiceError';
	}
}

const uuid = z.uuid();

/** A vote id as every service checks it before asking the database (else: `not_found`). */
export const isVoteId = (id: unknown): boolean => uuid.safeParse(id).success;

const voteInputSchema = z.strictObject({
	title: z.string().trim().min(3).max(200),
	subject: z.enum(voteSubjects),
	settings: z.unknown(),
	secret: z.boolean().default(false),
	results: z.enum(resultVisibilities).default('live'),
	eligibility: z.enum(voteEligibilities).optional(),
	quorum: z
		.discriminatedUnion('kind', [
			z.strictObject({ kind: z.literal('none') }),
			z.strictObject({ kind: z.literal('count'), min: z.int().min(1).max(100_000) }),
			z.strictObject({ kind: z.literal('share'), share: z.number().gt(0).max(1) })
		])
		.optional(),
	/** 30 s to 2 h; none = until the facilitator closes it. */
	durationSeconds: z.int().min(30).max(7200).nullable().default(null),
	/** Votes on usulan: which rows of the latest final list (all when left out), in list order. */
	usulanIds: z.array(z.uuid()).max(100).optional(),
	/** Delegate elections: the candidates (participants of the meeting). */
	candidateIds: z.array(z.uuid()).max(100).optional(),
	/** Free options: their labels. */
	labels: z.array(z.string().trim().min(1).max(200)).max(100).optional()
});

export type VoteWithOptions = { vote: Vote; options: VoteOptionRow[] };

/**
 * The facilitator prepares a vote (a draft) on usulan of the latest final list, on candidates, or
 * on free options. Settings are checked by the method's rules; the meeting's quorum and voter rule
 * are the defaults. Audited.
 */
export async function createVote(
	db: Database,
	actor: StaffActor | null,
	input: { meetingId: string; vote: unknown },
	now = new Date()
): Promise<VoteWithOptions> {
	const m = await meetingOrThrow(db, input.meetingId);
	if (!canRunVotes(actor, m)) throw new VoteServiceError('forbidden');
	if (phaseAtLeastClosed(m)) throw new VoteServiceError('closed');
	const parsed = voteInputSchema.safeParse(input.vote);
	if (!parsed.success) {
		throw new VoteServiceError('invalid', {
			fields: parsed.error.issues.map((i) => ({ field: i.path.join('.'), code: i.code }))
		});
	}
	const v = parsed.data;
	const settingsResult = validateVoteSettings(v.settings);
	if (!settingsResult.ok) {
		throw new VoteServiceError('invalid', { fields: prefixed('settings', settingsResult.errors) });
	}
	const settings = settingsResult.settings;
	const { options, boardVersionId } = await optionsFor(db, m, v, settings);
	const checked = validateVoteOptions(
		settings,
		options.map((o) => ({ id: o.key, cost: o.cost }))
	);
	if (!checked.ok) {
		throw new VoteServiceError('invalid', { fields: [{ field: 'options', code: checked.code }] });
	}

	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(vote)
			.values({
				meetingId: m.id,
				title: v.title,
				subject: v.subject,
				method: settings.method,
				settings,
				secret: v.secret,
				results: v.results,
				eligibility: v.eligibility ?? m.voters,
				quorum: v.quorum ?? m.quorum,
				durationSeconds: v.durationSeconds,
				boardVersionId,
				createdBy: actor.id,
				createdAt: now
			})
			.returning();
		const optionRows =
			options.length === 0
				? []
				: await tx
						.insert(voteOption)
						.values(
							options.map((o, position) => ({
								voteId: row.id,
								position,
								label: o.label,
								usulanId: o.usulanId,
								participantId: o.participantId,
								cost: o.cost
							}))
						)
						.returning();
		await appendAudit(tx, {
			actor: { kind: 'user', id: actor.id },
			action: 'vote.created',
			subject: { type: 'vote', id: row.id },
			after: {
				meetingId: m.id,
				title: row.title,
				settings,
				secret: row.secret,
				results: row.results,
				eligibility: row.eligibility,
				quorum: row.quorum,
				durationSeconds: row.durationSeconds,
				options: optionRows.map((o) => o.label)
			},
			at: now
		});
		return { vote: row, options: optionRows.sort((a, b) => a.position - b.position) };
	});
}

type PlannedOption = {
	key: string;
	label: string;
	usulanId: string | null;
	participantId: string | null;
	cost: number | null;
};

async function optionsFor(
	db: Queryable,
	m: Meeting,
	v: z.infer<typeof voteInputSchema>,
	settings: VoteSettings
): Promise<{ options: PlannedOption[]; boardVersionId: string | null }> {
	if (v.subject === 'usulan') {
		const latest = await latestBoardVersion(db, m.id);
		if (!latest) throw new VoteServiceError('no_final_list');
		const wanted = v.usulanIds ? new Set(v.usulanIds) : null;
		const rows = latest.usulan.filter((u) => !wanted || wanted.has(u.id));
		if (wanted && rows.length !== wanted.size) {
			throw new VoteServiceError('invalid', { fields: [{ field: 'usulanIds', code: 'unknown' }] });
		}
		return {
			boardVersionId: latest.version.id,
			options: rows.map((u) => ({
				key: u.id,
				label: u.title,
				usulanId: u.id,
				participantId: null,
				cost: settings.method === 'budget' ? u.estimatedCost : null
			}))
		};
	}
	if (v.subject === 'candidates') {
		const ids = v.candidateIds ?? [];
		const people =
			ids.length === 0
				? []
				: await db
						.select()
						.from(participant)
						.where(
							and(
								inArray(participant.id, ids),
								eq(participant.meetingId, m.id),
								isNull(participant.removedAt)
							)
						);
		if (people.length !== new Set(ids).size) {
			throw new VoteServiceError('invalid', {
				fields: [{ field: 'candidateIds', code: 'unknown' }]
			});
		}
		const byId = new Map(people.map((p) => [p.id, p]));
		return {
			boardVersionId: null,
			options: ids.map((id) => ({
				key: id,
				label: byId.get(id)!.displayName,
				usulanId: null,
				participantId: id,
				cost: null
			}))
		};
	}
	return {
		boardVersionId: null,
		options: (v.labels ?? []).map((label, i) => ({
			key: `o${i}`,
			label,
			usulanId: null,
			participantId: null,
			cost: null
		}))
	};
}

/**
 * Opens a vote (the meeting must be in its voting phase), or reopens a closed one with a fresh
 * timer. Opening an open vote changes nothing. Audited.
 */
export async function openVote(
	db: Database,
	actor: StaffActor | null,
	input: { voteId: string },
	now = new Date()
): Promise<Vote> {
	const result = await db.transaction(async (tx) => {
		const { v, m } = await lockVote(tx, input.voteId);
		if (!canRunVotes(actor, m)) throw new VoteServiceError('forbidden');
		if (meetingPhase(m) !== 'voting') throw new VoteServiceError('not_open');
		const before = voteStatus(v, now);
		if (before === 'open') return { row: v, changed: false };
		const closesAt = v.durationSeconds ? new Date(now.getTime() + v.durationSeconds * 1000) : null;
		const [row] = await tx
			.update(vote)
			.set({ openedAt: v.openedAt ?? now, closesAt, closedAt: null, finalTally: null })
			.where(eq(vote.id, v.id))
			.returning();
		await appendAudit(tx, {
			actor: { kind: 'user', id: actor.id },
			action: before === 'draft' ? 'vote.opened' : 'vote.reopened',
			subject: { type: 'vote', id: v.id },
			after: { closesAt: closesAt?.toISOString() ?? null },
			at: now
		});
		return { row, changed: true };
	});
	if (result.changed)
		emitDomainEvent({
			type: 'vote.changed',
			meetingId: result.row.meetingId,
			voteId: result.row.id
		});
	return result.row;
}

/**
 * Closes a vote now: by the facilitator, or by its timer (`actor` null with `byTimer`). Closing a
 * closed vote changes nothing. The final tally is stored by the caller through `snapshot`, in the
 * same transaction, so the record and the close are one.
 */
export async function closeVote(
	db: Database,
	actor: StaffActor | null,
	input: { voteId: string; byTimer?: boolean },
	snapshot: (tx: Queryable, v: Vote, options: VoteOptionRow[]) => Promise<unknown>,
	now = new Date()
): Promise<Vote> {
	const result = await db.transaction(async (tx) => {
		const { v, m } = await lockVote(tx, input.voteId);
		if (!input.byTimer && !canRunVotes(actor, m)) throw new VoteServiceError('forbidden');
		if (v.closedAt || !v.openedAt) {
			if (!v.openedAt) throw new VoteServiceError('not_open');
			return { row: v, changed: false };
		}
		// A timer that ran out closes at its own time, not at the moment the server noticed.
		const closedAt = v.closesAt && v.closesAt < now ? v.closesAt : now;
		const options = await optionsOf(tx, v.id);
		const finalTally = await snapshot(tx, v, options);
		const [row] = await tx
			.update(vote)
			.set({ closedAt, finalTally })
			.where(eq(vote.id, v.id))
			.returning();
		await appendAudit(tx, {
			actor: input.byTimer || !actor ? { kind: 'system' } : { kind: 'user', id: actor.id },
			action: 'vote.closed',
			subject: { type: 'vote', id: v.id },
			after: {
				closedAt: closedAt.toISOString(),
				byTimer: Boolean(input.byTimer),
				tally: finalTally
			},
			at: now
		});
		return { row, changed: true };
	});
	if (result.changed)
		emitDomainEvent({
			type: 'vote.changed',
			meetingId: result.row.meetingId,
			voteId: result.row.id
		});
	return result.row;
}

export type BallotReceipt = {
	/** The ballot's id: what the phone shows as the receipt. */
	receiptId: string;
	castAt: Date;
	/** This replaced an earlier ballot of the same participant. */
	replaced: boolean;
	/** A retry with a key already used: the stored ballot, counted once. */
	duplicate: boolean;
};

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * A participant casts (or changes) their ballot. Authorize → validate for the method → write in
 * one transaction: the participant's row is locked, so two ballots sent at once from one phone
 * end as one latest ballot; an idempotency key already used returns the first receipt. Only after
 * the commit does the live tally hear of it.
 */
export async function castBallot(
	db: Database,
	voter: { participantId: string; meetingId: string } | null,
	input: { voteId: string; choice: unknown; idempotencyKey: unknown },
	now = new Date()
): Promise<BallotReceipt> {
	if (!voter) throw new VoteServiceError('forbidden');
	if (typeof input.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
		throw new VoteServiceError('invalid', {
			fields: [{ field: 'idempotencyKey', code: 'invalid' }]
		});
	}
	const key = input.idempotencyKey;
	if (!isVoteId(input.voteId)) throw new VoteServiceError('not_found');
	const [v] = await db.select().from(vote).where(eq(vote.id, input.voteId));
	if (!v) throw new VoteServiceError('not_found');
	// Another meeting's participant: their cookie is valid, their vote here is not.
	if (v.meetingId !== voter.meetingId) throw new VoteServiceError('forbidden');
	// A retry of a ballot already stored gets its receipt, even if the vote closed meanwhile.
	const [stored] = await db
		.select()
		.from(ballot)
		.where(
			and(
				eq(ballot.voteId, v.id),
				eq(ballot.participantId, voter.participantId),
				eq(ballot.idempotencyKey, key)
			)
		);
	if (stored) {
		return { receiptId: stored.id, castAt: stored.castAt, replaced: false, duplicate: true };
	}
	const status = voteStatus(v, now);
	if (status === 'draft') throw new VoteServiceError('not_open');
	if (status === 'closed') throw new VoteServiceError('closed');
	const options = await optionsOf(db, v.id);
	const checked = validateBallot(
		v.settings,
		options.map((o) => ({ id: o.id, cost: o.cost })),
		input.choice
	);
	if (!checked.ok) {
		throw new VoteServiceError('invalid_ballot', {
			ballotCode: checked.code,
			ballotDetail: checked.detail
		});
	}

	const receipt = await db.transaction(async (tx) => {
		const [p] = await tx
			.select()
			.from(participant)
			.where(eq(participant.id, voter.participantId))
			.for('update');
		if (!p || !isEligibleVoter(p, v)) throw new VoteServiceError('not_eligible');
		const [again] = await tx
			.select()
			.from(ballot)
			.where(
				and(eq(ballot.voteId, v.id), eq(ballot.participantId, p.id), eq(ballot.idempotencyKey, key))
			);
		if (again) {
			return { receiptId: again.id, castAt: again.castAt, replaced: false, duplicate: true };
		}
		// The vote may have closed while this ballot was being checked: the lock above orders us
		// after a closing transaction's snapshot only if we look again.
		const [fresh] = await tx.select().from(vote).where(eq(vote.id, v.id)).for('share');
		if (voteStatus(fresh, now) !== 'open') throw new VoteServiceError('closed');
		const previous = await tx
			.update(ballot)
			.set({ latest: false })
			.where(and(eq(ballot.voteId, v.id), eq(ballot.participantId, p.id), eq(ballot.latest, true)))
			.returning({ id: ballot.id });
		const [row] = await tx
			.insert(ballot)
			.values({
				voteId: v.id,
				participantId: p.id,
				choice: checked.ballot,
				idempotencyKey: key,
				castAt: now
			})
			.returning();
		return {
			receiptId: row.id,
			castAt: row.castAt,
			replaced: previous.length > 0,
			duplicate: false
		};
	});
	if (!receipt.duplicate) {
		emitDomainEvent({ type: 'vote.ballot_cast', meetingId: v.meetingId, voteId: v.id });
	}
	return receipt;
}

export async function optionsOf(db: Queryable, voteId: string): Promise<VoteOptionRow[]> {
	return db
		.select()
		.from(voteOption)
		.where(eq(voteOption.voteId, voteId))
		.orderBy(asc(voteOption.position));
}

async function meetingOrThrow(db: Queryable, meetingId: string): Promise<Meeting> {
	if (!uuid.safeParse(meetingId).success) throw new VoteServiceError('not_found');
	const [m] = await db.select().from(meeting).where(eq(meeting.id, meetingId));
	if (!m) throw new VoteServiceError('not_found');
	return m;
}

async function lockVote(tx: Queryable, voteId: string): Promise<{ v: Vote; m: Meeting }> {
	if (!uuid.safeParse(voteId).success) throw new VoteServiceError('not_found');
	const [v] = await tx.select().from(vote).where(eq(vote.id, voteId)).for('update');
	if (!v) throw new VoteServiceError('not_found');
	const [m] = await tx.select().from(meeting).where(eq(meeting.id, v.meetingId));
	return { v, m };
}

function phaseAtLeastClosed(m: Meeting) {
	const phase = meetingPhase(m);
	return phase === 'closed' || phase === 'finalized';
}

function prefixed(prefix: string, errors: VoteSettingsError[]) {
	return errors.map((e) => ({ field: e.field ? `${prefix}.${e.field}` : prefix, code: e.code }));
}

/** The usulan rows a vote's options stand for (for decisions and the record). */
export async function usulanOfOptions(db: Queryable, options: VoteOptionRow[]) {
	const ids = options.map((o) => o.usulanId).filter((id): id is string => id !== null);
	return ids.length === 0 ? [] : db.select().from(usulan).where(inArray(usulan.id, ids));
}
