import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { meetingPhase } from '../../domain/meeting-phase.ts';
import { meeting, vote } from '../db/schema/index.ts';
import { onDomainEvent } from '../events.ts';
import type { Logger } from '../log.ts';
import { closeVoteWithTally } from './record.ts';

export type VoteTimers = { stop(): void };

/**
 * Closes votes when their timer runs out, so the final tally is stored and every screen sees
 * "closed" without anyone pressing a button. Every process keeps the timers of the votes it
 * hears of; closing is idempotent, so two processes closing the same vote store one result.
 * A ballot arriving after `closesAt` is refused whether or not the timer has fired yet. Closing
 * the meeting closes its open votes the same way.
 */
export function startVoteTimers(deps: {
	db: Database;
	log: Logger;
	subscribeEvents?: typeof onDomainEvent;
}): VoteTimers {
	const { db, log } = deps;
	const timers = new Map<string, ReturnType<typeof setTimeout>>();
	let stopped = false;

	function schedule(voteId: string, closesAt: Date | null, closedAt: Date | null) {
		clearTimeout(timers.get(voteId));
		timers.delete(voteId);
		if (stopped || !closesAt || closedAt) return;
		// setTimeout holds at most ~24.8 days; votes last at most 2 hours.
		const delay = Math.max(0, closesAt.getTime() - Date.now());
		timers.set(
			voteId,
			setTimeout(() => {
				timers.delete(voteId);
				closeVoteWithTally(db, null, { voteId, byTimer: true }).catch((e) =>
					log.warn('closing a vote by its timer failed', { voteId, error: e })
				);
			}, delay)
		);
	}

	async function reload(voteId: string) {
		const [v] = await db.select().from(vote).where(eq(vote.id, voteId));
		if (v) schedule(v.id, v.openedAt ? v.closesAt : null, v.closedAt);
	}

	/** A meeting that closes takes its open votes with it (their final tallies are stored). */
	async function closeVotesOfEndedMeeting(meetingId: string) {
		const [m] = await db.select().from(meeting).where(eq(meeting.id, meetingId));
		if (!m || !['closed', 'finalized'].includes(meetingPhase(m))) return;
		const open = await db
			.select({ id: vote.id })
			.from(vote)
			.where(and(eq(vote.meetingId, meetingId), isNotNull(vote.openedAt), isNull(vote.closedAt)));
		for (const v of open) await closeVoteWithTally(db, null, { voteId: v.id, byTimer: true });
	}

	const unsubscribe = (deps.subscribeEvents ?? onDomainEvent)((event) => {
		if (event.type === 'vote.changed') {
			reload(event.voteId).catch((e) => log.warn('vote timer reload failed', { error: e }));
		}
		if (event.type === 'meeting.changed') {
			closeVotesOfEndedMeeting(event.meetingId).catch((e) =>
				log.warn('closing the votes of an ended meeting failed', { error: e })
			);
		}
	});

	// Votes left open by a previous run (a restart mid-vote) close on time too.
	db.select()
		.from(vote)
		.where(and(isNotNull(vote.openedAt), isNull(vote.closedAt), isNotNull(vote.closesAt)))
		.then((rows) => rows.forEach((v) => schedule(v.id, v.closesAt, v.closedAt)))
		.catch((e) => log.warn('loading open votes failed', { error: e }));

	return {
		stop() {
			stopped = true;
			unsubscribe();
			for (const t of timers.values()) clearTimeout(t);
			timers.clear();
		}
	};
}
