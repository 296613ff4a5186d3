/**
 * What the API returns for rows: explicit shapes, so a new column never leaks by accident (a
 * participant's token hash, a user's password hash).
 */
import { meetingPhase } from '$lib/domain/meeting-phase';
import type { BoardVersion, Meeting, Usulan } from '$lib/server/db/schema';
import { meetingFacts } from '$lib/server/meetings/service';

/** A meeting as the API shows it; the facts use the same names as the create/update body. */
export function meetingJson(m: Meeting) {
	return {
		id: m.id,
		kelurahanId: m.kelurahanId,
		...meetingFacts(m),
		phase: meetingPhase(m),
		joinCode: m.joinCode,
		joinLocked: m.joinLockedAt !== null,
		boardLocked: m.boardLockedAt !== null,
		openedAt: m.openedAt?.toISOString() ?? null,
		collectingAt: m.collectingAt?.toISOString() ?? null,
		votingAt: m.votingAt?.toISOString() ?? null,
		closedAt: m.closedAt?.toISOString() ?? null,
		finalizedAt: m.finalizedAt?.toISOString() ?? null,
		createdAt: m.createdAt.toISOString(),
		updatedAt: m.updatedAt.toISOString()
	};
}

export function boardVersionJson(v: BoardVersion) {
	return {
		id: v.id,
		meetingId: v.meetingId,
		version: v.version,
		contentHash: v.contentHash,
		createdBy: v.createdBy,
		createdAt: v.createdAt.toISOString()
	};
}

export function usulanJson(u: Usulan) {
	return {
		id: u.id,
		itemId: u.itemId,
		rank: u.rank,
		title: u.title,
		problem: u.problem,
		locationText: u.locationText,
		rt: u.rt,
		rw: u.rw,
		sector: u.sector,
		volume: u.volume,
		unit: u.unit,
		estimatedCost: u.estimatedCost,
		fundingSource: u.fundingSource,
		proposers: u.proposers,
		mergeHistory: u.mergeHistory,
		mergedItems: u.mergedItems,
		createdAt: u.createdAt.toISOString(),
		createdBy: u.createdBy
	};
}
