import { and, count, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { quorumStatus, type QuorumStatus } from '../../domain/quorum.ts';
import type { BallotOf } from '../../domain/votes/ballot.ts';
import type { Cast } from '../../domain/votes/counts.ts';
import type { ExtraCount } from '../../domain/votes/extra.ts';
import type { VoteMethod } from '../../domain/votes/methods.ts';
import { voteStatus } from '../../domain/votes/status.ts';
import { tally, type TallyResult } from '../../domain/votes/tally.ts';
import type { LiveVote } from '../../realtime/live/vote.ts';
import type { Queryable } from '../db/client.ts';
import {
	ballot,
	hybridCount,
	participant,
	vote,
	type Vote,
	type VoteOptionRow
} from '../db/schema/index.ts';
import { optionsOf } from './service.ts';

export type VoteTally = {
	result: TallyResult;
	/** Ballots from phones (latest per participant). */
	phoneBallots: number;
	/** People who may vote now (joined or verified attendees, as the vote says). */
	eligible: number;
	quorum: QuorumStatus;
	/** Hybrid counts, each as entered (they are inside `result` too, marked by source). */
	hybrid: { source: ExtraCount['source']; voters: number; counts: Record<string, number> }[];
};

/**
 * The tally of a vote from its rows: the latest ballot of each participant who may still vote
 * (not removed, not merged into another, verified when the vote asks for it), plus the hands and
 * paper counts the facilitator entered. Always recomputed, never kept incrementally, so it cannot
 * drift from the record.
 */
export async function computeTally(
	db: Queryable,
	v: Vote,
	options?: VoteOptionRow[]
): Promise<VoteTally> {
	const opts = options ?? (await optionsOf(db, v.id));
	const [rows, extras, eligibleRows] = await Promise.all([
		// A ballot counts while its voter still may vote: the facilitator removing someone (or
		// merging a duplicate into another participant) takes their ballot out of an open vote's
		// tally; a closed vote keeps the final tally it stored.
		db
			.select({ choice: ballot.choice })
			.from(ballot)
			.innerJoin(participant, eq(participant.id, ballot.participantId))
			.where(
				and(
					eq(ballot.voteId, v.id),
					eq(ballot.latest, true),
					isNull(participant.removedAt),
					isNull(participant.mergedIntoId),
					v.eligibility === 'verified' ? isNotNull(participant.verifiedAt) : undefined
				)
			),
		db.select().from(hybridCount).where(eq(hybridCount.voteId, v.id)),
		db
			.select({ n: count() })
			.from(participant)
			.where(
				and(
					eq(participant.meetingId, v.meetingId),
					isNull(participant.removedAt),
					isNull(participant.mergedIntoId),
					v.eligibility === 'verified' ? isNotNull(participant.verifiedAt) : undefined
				)
			)
	]);
	const extra: ExtraCount[] = extras.map((e) => ({
		source: e.source,
		voters: e.voters,
		counts: e.counts
	}));
	const result = tally(
		v.settings,
		opts.map((o) => ({ id: o.id, cost: o.cost })),
		rows.map((r) => r.choice as Cast<BallotOf[VoteMethod]>),
		extra
	);
	const voters = rows.length + extra.reduce((n, e) => n + e.voters, 0);
	const eligible = eligibleRows[0].n;
	return {
		result,
		phoneBallots: rows.length,
		eligible,
		quorum: quorumStatus(v.quorum, { verifiedAttendees: eligible, ballots: voters }),
		hybrid: extra
	};
}

/**
 * The vote the room is looking at: an open one if there is (the one opened last), else the one
 * closed last (its result stays on the screens), or null before the first vote is opened. A vote
 * reopened after another was opened comes back to the screens: it is open again.
 */
export async function roomVote(
	db: Queryable,
	meetingId: string,
	now = new Date()
): Promise<Vote | null> {
	// Open: not closed, and its timer (if any) has not run out — the timer service may not have
	// marked it closed yet. A closed vote's moment is when it closed (or its timer ran out).
	const at = sql`${now.toISOString()}::timestamptz`;
	const open = sql`(${vote.closedAt} is null and (${vote.closesAt} is null or ${vote.closesAt} > ${at}))`;
	const [v] = await db
		.select()
		.from(vote)
		.where(and(eq(vote.meetingId, meetingId), isNotNull(vote.openedAt)))
		.orderBy(
			desc(open),
			desc(
				sql`coalesce(${vote.closedAt}, case when ${vote.closesAt} <= ${at} then ${vote.closesAt} end, ${vote.openedAt})`
			)
		)
		.limit(1);
	return v ?? null;
}

/** The room's vote (see `roomVote`) as the live doc shows it, with its turnout and tally. */
export async function currentVoteState(
	db: Queryable,
	meetingId: string,
	now = new Date()
): Promise<LiveVote | null> {
	const v = await roomVote(db, meetingId, now);
	if (!v) return null;
	const options = await optionsOf(db, v.id);
	const t = await computeTally(db, v, options);
	const status = voteStatus(v, now);
	const visible = v.results === 'live' || status === 'closed';
	return {
		id: v.id,
		title: v.title,
		method: v.method,
		status,
		closesAt: v.closesAt?.getTime() ?? null,
		secret: v.secret,
		options: options.map((o) => ({ id: o.id, label: o.label, cost: o.cost })),
		settings: v.settings,
		turnout: t.result.turnout.total,
		eligible: t.eligible,
		quorum: t.quorum,
		result: visible ? t.result : null
	};
}
