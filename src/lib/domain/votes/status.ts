/**
 * A vote's lifecycle, from its timestamps (never stored): draft until opened; open until the
 * facilitator closes it or its timer runs out, whichever comes first; closed after. Reopening
 * clears `closedAt` and sets a new `closesAt`.
 */
export const voteStatuses = ['draft', 'open', 'closed'] as const;
export type VoteStatus = (typeof voteStatuses)[number];

export type VoteLifecycle = {
	openedAt: Date | null;
	closesAt: Date | null;
	closedAt: Date | null;
};

export function voteStatus(v: VoteLifecycle, now: Date = new Date()): VoteStatus {
	if (!v.openedAt) return 'draft';
	if (v.closedAt) return 'closed';
	if (v.closesAt && now.getTime() >= v.closesAt.getTime()) return 'closed';
	return 'open';
}

/** Seconds left on an open vote's timer (0 when it has run out), or null without a timer. */
export function secondsLeft(v: VoteLifecycle, now: Date = new Date()): number | null {
	if (!v.closesAt || voteStatus(v, now) !== 'open') return v.closesAt ? 0 : null;
	return Math.max(0, Math.ceil((v.closesAt.getTime() - now.getTime()) / 1000));
}
