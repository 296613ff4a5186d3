/**
 * Quorum: how many ballots a vote needs before its result counts.
 *
 * - `none`: no quorum; every vote counts.
 * - `count`: at least `min` ballots.
 * - `share`: ballots from at least `share` (0 < share ≤ 1) of the verified attendees.
 */
export type QuorumRule =
	{ kind: 'none' } | { kind: 'count'; min: number } | { kind: 'share'; share: number };

export const quorumKinds = [
	'none',
	'count',
	'share'
] as const satisfies readonly QuorumRule['kind'][];

export type QuorumStatus = {
	/** Whether the vote has enough ballots. */
	met: boolean;
	/** Ballots needed (0 when there is no quorum). */
	required: number;
	/** Ballots cast. */
	have: number;
};

/**
 * Products like 0.3 × 10 come out as 3.0000000000000004 in floating point; without this slack,
 * rounding up would ask for 4 ballots where the facilitator expects 3.
 */
const EPSILON = 1e-9;

/**
 * Whether a vote meets its quorum.
 *
 * A `share` quorum rounds up (50 % of 7 attendees needs 4 ballots: "half" must really be half)
 * and needs at least one ballot even when nobody is verified yet, so an empty room is never
 * quorate. `verifiedAttendees` is the base the meeting counts from: the service passes the
 * verified attendees (or, for meetings where everyone who joined may vote, the joined ones).
 * Negative or fractional inputs are treated as 0 / rounded down; the rule is assumed valid
 * (see meeting-input.ts).
 */
export function quorumStatus(
	rule: QuorumRule,
	{ verifiedAttendees, ballots }: { verifiedAttendees: number; ballots: number }
): QuorumStatus {
	const have = wholeCount(ballots);
	const required = requiredBallots(rule, wholeCount(verifiedAttendees));
	return { met: have >= required, required, have };
}

function requiredBallots(rule: QuorumRule, attendees: number): number {
	switch (rule.kind) {
		case 'none':
			return 0;
		case 'count':
			return Math.max(0, Math.ceil(rule.min));
		case 'share': {
			if (!(rule.share > 0)) return 0;
			const share = Math.min(rule.share, 1);
			return Math.max(1, Math.ceil(share * attendees - EPSILON));
		}
	}
}

function wholeCount(n: number): number {
	return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}
