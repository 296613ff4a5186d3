import { and, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import type { StaffActor } from '../../src/lib/server/auth/policy.ts';
import type { Database } from '../../src/lib/server/db/client.ts';
import { vote } from '../../src/lib/server/db/schema/index.ts';
import { closeVoteWithTally } from '../../src/lib/server/votes/record.ts';
import { createVote, openVote } from '../../src/lib/server/votes/service.ts';

/**
 * Closes the meeting's open votes other than `keep`: the room looks at an open vote first, so a
 * test that checks what the room shows after closing its own vote closes earlier tests' first.
 */
export async function closeOtherOpenVotes(
	db: Database,
	actor: StaffActor,
	meetingId: string,
	keep: string
) {
	const others = await db
		.select({ id: vote.id })
		.from(vote)
		.where(
			and(
				eq(vote.meetingId, meetingId),
				isNull(vote.closedAt),
				isNotNull(vote.openedAt),
				ne(vote.id, keep)
			)
		);
	for (const o of others) await closeVoteWithTally(db, actor, { voteId: o.id });
}

/**
 * An open approval vote ("choose up to 2") on three free options of the meeting, as the ballot
 * tests cast into.
 */
export async function openApprovalVote(
	db: Database,
	actor: StaffActor,
	meetingId: string,
	opts: { eligibility?: 'joined' | 'verified' } = {}
) {
	const { vote, options } = await createVote(db, actor, {
		meetingId,
		vote: {
			title: 'Pilih dua usulan',
			subject: 'options',
			settings: { method: 'approval', maxChoices: 2 },
			eligibility: opts.eligibility,
			labels: ['Drainase', 'Posyandu', 'Pelatihan']
		}
	});
	await openVote(db, actor, { voteId: vote.id });
	return { vote, options };
}
