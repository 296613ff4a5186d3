/**
 * Reads of votes for the API and the pages. Writes go through service.ts and record.ts; these
 * only look, so they take no actor: the caller decides who may see what.
 */
import { isUuid } from '../../domain/ids.ts';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { voteStatus, type VoteStatus } from '../../domain/votes/status.ts';
import type { Queryable } from '../db/client.ts';
import {
	ballot,
	decision,
	hybridCount,
	vote,
	voteOption,
	type Ballot,
	type Decision,
	type HybridCount,
	type Vote,
	type VoteOptionRow
} from '../db/schema/index.ts';
import { computeTally, type VoteTally } from './tally.ts';
import { optionsOf, type VoteWithOptions } from './service.ts';

/** Every vote of a meeting (drafts too), in the order they were prepared. */
export async function listVotes(db: Queryable, meetingId: string): Promise<Vote[]> {
	if (!isUuid(meetingId)) return [];
	return db
		.select()
		.from(vote)
		.where(eq(vote.meetingId, meetingId))
		.orderBy(asc(vote.createdAt), asc(vote.id));
}

/** A vote with its options in ballot order, or null. */
export async function voteWithOptions(
	db: Queryable,
	voteId: string
): Promise<VoteWithOptions | null> {
	if (!isUuid(voteId)) return null;
	const [row] = await db.select().from(vote).where(eq(vote.id, voteId));
	if (!row) return null;
	return { vote: row, options: await optionsOf(db, row.id) };
}

/**
 * The ballot a participant's vote counts with now (their latest), or null when they have not
 * voted. Only ever shown to that participant: on a secret vote nobody else learns the choice.
 */
export async function myBallot(
	db: Queryable,
	voteId: string,
	participantId: string
): Promise<Ballot | null> {
	if (!isUuid(voteId) || !isUuid(participantId)) return null;
	const [row] = await db
		.select()
		.from(ballot)
		.where(
			and(
				eq(ballot.voteId, voteId),
				eq(ballot.participantId, participantId),
				eq(ballot.latest, true)
			)
		);
	return row ?? null;
}

/** The standing decisions of a vote (not replaced by a later set), in order (then by rank). */
export async function decisionsOf(db: Queryable, voteId: string): Promise<Decision[]> {
	if (!isUuid(voteId)) return [];
	return db
		.select()
		.from(decision)
		.where(and(eq(decision.voteId, voteId), isNull(decision.supersededAt)))
		.orderBy(asc(decision.decidedAt), asc(decision.rank), asc(decision.id));
}

export type VoteOverview = {
	vote: Vote;
	status: VoteStatus;
	options: VoteOptionRow[];
	/** null for drafts (nothing to count yet). */
	tally: VoteTally | null;
	hybrid: HybridCount[];
	decisions: Decision[];
};

/** Every vote of a meeting, oldest first, with its options, tally, counts and decisions. */
export async function meetingVotes(
	db: Queryable,
	meetingId: string,
	now = new Date()
): Promise<VoteOverview[]> {
	const votes = await listVotes(db, meetingId);
	if (votes.length === 0) return [];
	const ids = votes.map((v) => v.id);
	const [options, counts, decisions] = await Promise.all([
		db
			.select()
			.from(voteOption)
			.where(inArray(voteOption.voteId, ids))
			.orderBy(asc(voteOption.position)),
		db
			.select()
			.from(hybridCount)
			.where(inArray(hybridCount.voteId, ids))
			.orderBy(asc(hybridCount.enteredAt)),
		db
			.select()
			.from(decision)
			.where(and(inArray(decision.voteId, ids), isNull(decision.supersededAt)))
			.orderBy(asc(decision.decidedAt))
	]);
	return Promise.all(
		votes.map(async (v) => {
			const status = voteStatus(v, now);
			const own = options.filter((o) => o.voteId === v.id);
			return {
				vote: v,
				status,
				options: own,
				tally: status === 'draft' ? null : await computeTally(db, v, own),
				hybrid: counts.filter((c) => c.voteId === v.id),
				decisions: decisions.filter((d) => d.voteId === v.id)
			};
		})
	);
}
