/**
 * What the facilitator adds to a vote's record besides the phones' ballots: closing it with its
 * final tally, counts from a show of hands or paper, and the decisions taken on it.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { validateExtraCount } from '../../domain/votes/extra.ts';
import { voteStatus } from '../../domain/votes/status.ts';
import type { StaffActor } from '../auth/policy.ts';
import { appendAudit } from '../audit/log.ts';
import type { Database } from '../db/client.ts';
import {
	decision,
	decisionOutcomes,
	hybridCount,
	meeting,
	planItemDecision,
	vote,
	type Decision,
	type HybridCount,
	type Vote
} from '../db/schema/index.ts';
import { emitDomainEvent } from '../events.ts';
import { closeVote, optionsOf, VoteServiceError } from './service.ts';
import { canRunVotes } from './policy.ts';
import { computeTally } from './tally.ts';

/** Closes a vote (by the facilitator, or by its timer) and stores its final tally with it. */
export function closeVoteWithTally(
	db: Database,
	actor: StaffActor | null,
	input: { voteId: string; byTimer?: boolean },
	now = new Date()
): Promise<Vote> {
	return closeVote(db, actor, input, (tx, v, options) => computeTally(tx, v, options), now);
}

const noteSchema = z.string().trim().max(1000).default('');

/**
 * The facilitator adds a show-of-hands or paper count to a vote (while it is open, or after it
 * closed, before decisions are taken on it). Checked against the method (only sum-per-option
 * methods take them); who entered it and a note are kept. Audited.
 */
export async function addHybridCount(
	db: Database,
	actor: StaffActor | null,
	input: { voteId: string; count: unknown; note?: unknown },
	now = new Date()
): Promise<HybridCount> {
	const note = noteSchema.safeParse(input.note ?? '');
	if (!note.success) {
		throw new VoteServiceError('invalid', { fields: [{ field: 'note', code: 'too_long' }] });
	}
	const row = await db.transaction(async (tx) => {
		const v = await voteOf(tx, input.voteId);
		const [m] = await tx.select().from(meeting).where(eq(meeting.id, v.meetingId));
		if (!canRunVotes(actor, m)) throw new VoteServiceError('forbidden');
		if (voteStatus(v, now) === 'draft') throw new VoteServiceError('not_open');
		const options = await optionsOf(tx, v.id);
		const checked = validateExtraCount(
			v.settings,
			options.map((o) => ({ id: o.id, cost: o.cost })),
			input.count
		);
		if (!checked.ok) {
			throw new VoteServiceError('invalid', { fields: [{ field: 'count', code: checked.code }] });
		}
		const [inserted] = await tx
			.insert(hybridCount)
			.values({
				voteId: v.id,
				source: checked.extra.source,
				voters: checked.extra.voters,
				counts: checked.extra.counts,
				note: note.data,
				enteredBy: actor.id,
				enteredAt: now
			})
			.returning();
		if (v.closedAt) {
			// A count added after closing belongs in the final tally too.
			await tx
				.update(vote)
				.set({ finalTally: await computeTally(tx, v, options) })
				.where(eq(vote.id, v.id));
		}
		await appendAudit(tx, {
			actor: { kind: 'user', id: actor.id },
			action: 'vote.hybrid_count_added',
			subject: { type: 'vote', id: v.id },
			after: {
				source: inserted.source,
				voters: inserted.voters,
				counts: inserted.counts,
				note: inserted.note
			},
			at: now
		});
		return inserted;
	});
	emitDomainEvent({
		type: 'vote.changed',
		meetingId: (await voteOf(db, row.voteId)).meetingId,
		voteId: row.voteId
	});
	return row;
}

const decisionSchema = z.strictObject({
	outcomes: z
		.array(
			z.strictObject({
				optionId: z.uuid().nullable().default(null),
				outcome: z.enum(decisionOutcomes),
				rank: z.int().min(1).max(1000).nullable().default(null),
				note: noteSchema
			})
		)
		.min(1)
		.max(100)
});

/**
 * After a vote closed, the facilitator records what the meeting decided: per option (an usulan
 * agreed / rejected / deferred, a delegate elected, a confirmed rank), or for the motion as a
 * whole (a yes / no vote without options: `optionId` null). Each decision keeps the vote's final
 * tally and the usulan's board version. Audited.
 */
export async function recordDecisions(
	db: Database,
	actor: StaffActor | null,
	input: { voteId: string; decisions: unknown },
	now = new Date()
): Promise<Decision[]> {
	const parsed = decisionSchema.safeParse(input.decisions);
	if (!parsed.success) {
		throw new VoteServiceError('invalid', {
			fields: parsed.error.issues.map((i) => ({ field: i.path.join('.'), code: i.code }))
		});
	}
	return db.transaction(async (tx) => {
		const v = await voteOf(tx, input.voteId);
		const [m] = await tx.select().from(meeting).where(eq(meeting.id, v.meetingId));
		if (!canRunVotes(actor, m)) throw new VoteServiceError('forbidden');
		if (voteStatus(v, now) !== 'closed' || !v.finalTally) throw new VoteServiceError('not_closed');
		const options = new Map((await optionsOf(tx, v.id)).map((o) => [o.id, o]));
		const rows = [];
		for (const d of parsed.data.outcomes) {
			const option = d.optionId ? options.get(d.optionId) : null;
			if (d.optionId && !option) {
				throw new VoteServiceError('invalid', { fields: [{ field: 'optionId', code: 'unknown' }] });
			}
			rows.push({
				meetingId: v.meetingId,
				voteId: v.id,
				optionId: option?.id ?? null,
				usulanId: option?.usulanId ?? null,
				outcome: d.outcome,
				rank: d.rank,
				note: d.note,
				tallySnapshot: v.finalTally,
				boardVersionId: v.boardVersionId,
				decidedBy: actor.id,
				decidedAt: now
			});
		}
		// Recording again replaces the standing set, unless a plan already builds on it.
		const standing = await tx
			.select({ id: decision.id })
			.from(decision)
			.where(and(eq(decision.voteId, v.id), isNull(decision.supersededAt)));
		if (standing.length > 0) {
			const [planned] = await tx
				.select({ id: planItemDecision.decisionId })
				.from(planItemDecision)
				.where(
					inArray(
						planItemDecision.decisionId,
						standing.map((d) => d.id)
					)
				)
				.limit(1);
			if (planned) throw new VoteServiceError('already_planned');
			await tx
				.update(decision)
				.set({ supersededAt: now })
				.where(and(eq(decision.voteId, v.id), isNull(decision.supersededAt)));
		}
		const inserted = await tx.insert(decision).values(rows).returning();
		await appendAudit(tx, {
			actor: { kind: 'user', id: actor.id },
			action: 'vote.decided',
			subject: { type: 'vote', id: v.id },
			after: inserted.map((d) => ({
				optionId: d.optionId,
				usulanId: d.usulanId,
				outcome: d.outcome,
				rank: d.rank,
				note: d.note
			})),
			at: now
		});
		return inserted;
	});
}

async function voteOf(db: Pick<Database, 'select'>, voteId: string): Promise<Vote> {
	if (!z.uuid().safeParse(voteId).success) throw new VoteServiceError('not_found');
	const [v] = await db.select().from(vote).where(eq(vote.id, voteId));
	if (!v) throw new VoteServiceError('not_found');
	return v;
}
