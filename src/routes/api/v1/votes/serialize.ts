/**
 * Votes as the API shows them: explicit shapes, so a new column never leaks by accident. No
 * shape here carries a participant's choice: that is only ever answered by my-ballot.
 */
import { secondsLeft, voteStatus } from '$lib/domain/votes/status';
import type { Decision, HybridCount, Vote, VoteOptionRow } from '$lib/server/db/schema';

export function voteJson(v: Vote, now = new Date()) {
	return {
		id: v.id,
		meetingId: v.meetingId,
		title: v.title,
		subject: v.subject,
		method: v.method,
		settings: v.settings,
		secret: v.secret,
		results: v.results,
		eligibility: v.eligibility,
		quorum: v.quorum,
		durationSeconds: v.durationSeconds,
		boardVersionId: v.boardVersionId,
		status: voteStatus(v, now),
		secondsLeft: secondsLeft(v, now),
		createdAt: v.createdAt.toISOString(),
		openedAt: v.openedAt?.toISOString() ?? null,
		closesAt: v.closesAt?.toISOString() ?? null,
		closedAt: v.closedAt?.toISOString() ?? null
	};
}

export function voteOptionJson(o: VoteOptionRow) {
	return {
		id: o.id,
		position: o.position,
		label: o.label,
		usulanId: o.usulanId,
		participantId: o.participantId,
		cost: o.cost
	};
}

export function hybridCountJson(h: HybridCount) {
	return {
		id: h.id,
		voteId: h.voteId,
		source: h.source,
		voters: h.voters,
		counts: h.counts,
		note: h.note,
		enteredBy: h.enteredBy,
		enteredAt: h.enteredAt.toISOString()
	};
}

export function decisionJson(d: Decision) {
	return {
		id: d.id,
		meetingId: d.meetingId,
		voteId: d.voteId,
		optionId: d.optionId,
		usulanId: d.usulanId,
		outcome: d.outcome,
		rank: d.rank,
		note: d.note,
		tallySnapshot: d.tallySnapshot,
		boardVersionId: d.boardVersionId,
		decidedBy: d.decidedBy,
		decidedAt: d.decidedAt.toISOString()
	};
}
