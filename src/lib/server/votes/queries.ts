/**
 * Reads of votes for the API and the pages. Writes go through service.ts and record.ts; these
 * only look, so they take no actor: the caller decides who may see what.
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../db/client.ts';
import {
	ballot,
	decision,
	vote,
	type Ballot,
	type Decision,
	type Vote
} from '../db/schema/index.ts';
import { optionsOf, type VoteWithOptions } from './service.ts';

const uuid = z.uuid();

/** A malformed id matches no row; checking first keeps PostgreSQL from refusing the cast. */
const isUuid = (id: string) => uuid.safeParse(id).success;

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

/** The decisions recorded on a vote, in the order they were taken (then by confirmed rank). */
export async function decisionsOf(db: Queryable, voteId: string): Promise<Decision[]> {
	if (!isUuid(voteId)) return [];
	return db
		.select()
		.from(decision)
		.where(eq(decision.voteId, voteId))
		.orderBy(asc(decision.decidedAt), asc(decision.rank), asc(decision.id));
}
