/**
 * A meeting's lifecycle: draft → open (joining) → collecting (board editable) → voting → closed →
 * finalized. Stored as timestamps; the phase is always computed, never stored.
 */
export const meetingPhases = [
	'draft',
	'open',
	'collecting',
	'voting',
	'closed',
	'finalized'
] as const;
export type MeetingPhase = (typeof meetingPhases)[number];

export type MeetingLifecycle = {
	openedAt: Date | null;
	collectingAt: Date | null;
	votingAt: Date | null;
	closedAt: Date | null;
	finalizedAt: Date | null;
};

/** The phase a meeting is in, from its lifecycle timestamps (the latest reached step wins). */
export function meetingPhase(m: MeetingLifecycle): MeetingPhase {
	if (m.finalizedAt) return 'finalized';
	if (m.closedAt) return 'closed';
	if (m.votingAt) return 'voting';
	if (m.collectingAt) return 'collecting';
	if (m.openedAt) return 'open';
	return 'draft';
}

/** The timestamp column that marks entering a phase (draft has none). */
export const phaseTimestamp = {
	open: 'openedAt',
	collecting: 'collectingAt',
	voting: 'votingAt',
	closed: 'closedAt',
	finalized: 'finalizedAt'
} as const satisfies Record<Exclude<MeetingPhase, 'draft'>, keyof MeetingLifecycle>;

export function phaseIndex(p: MeetingPhase) {
	return meetingPhases.indexOf(p);
}
