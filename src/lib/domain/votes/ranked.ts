/**
 * Ranked choice: instant-runoff (IRV) for one winner, and a Borda count for a full ranking, both
 * from the same ballots.
 */
import type { RankedBallot } from './ballot.ts';
import { standings, turnoutOf, type Cast, type Count, type Standing } from './counts.ts';
import type { VoteOption } from './methods.ts';

/** How an elimination was decided. */
export type TieBreak =
	/** One option had the fewest votes. */
	| 'none'
	/** Several had; earlier rounds told them apart. */
	| 'earlier_rounds'
	/** Tied in every round; the one listed last (lowest board priority) went. */
	| 'list_position';

export type IrvRound = {
	/** 1, 2, … */
	round: number;
	/** Votes of each option still in the count, in option order. */
	votes: { optionId: string; votes: number }[];
	/** Ballots counting for an option still in the count. */
	continuing: number;
	/** Ballots whose ranked options have all been eliminated (or that ranked none). */
	exhausted: number;
	/** Winner in this round (more than half of `continuing`), else null. */
	winner: string | null;
	/** The option eliminated after this round, else null. */
	eliminated: string | null;
	tieBreak: TieBreak | null;
};

export type IrvResult = {
	rounds: IrvRound[];
	/** null only when no ballot ranked anything. */
	winner: string | null;
};

export type BordaResult = {
	/** Points per option, in option order. */
	points: { optionId: string; points: number }[];
	/** Most points first; ties keep option order and are marked `tied`. */
	standings: Standing[];
};

export type RankedResult = {
	method: 'ranked';
	turnout: Count;
	irv: IrvResult;
	borda: BordaResult;
};

/** IRV and Borda from the same ballots. */
export function tallyRanked(
	options: readonly VoteOption[],
	ballots: readonly Cast<RankedBallot>[]
): RankedResult {
	return {
		method: 'ranked',
		turnout: turnoutOf(ballots),
		irv: instantRunoff(options, ballots),
		borda: borda(options, ballots)
	};
}

/**
 * Instant-runoff. Each round, every ballot counts for its highest-ranked option still in the
 * count. An option with more than half of the ballots still counting wins. Otherwise the option
 * with the fewest votes is eliminated, one per round. Ties for fewest are broken by the previous
 * round's votes, then the one before, back to the first round (first preferences): fewer goes.
 * Options tied in every round: the one listed last goes (the options come in the board's
 * priority order). Ballots that rank none of the remaining options are exhausted and no longer
 * count, so a winner may have fewer than half of all ballots; it always has more than half of
 * those still counting. With no ranked ballot at all there is one round and no winner.
 */
export function instantRunoff(
	options: readonly VoteOption[],
	ballots: readonly RankedBallot[]
): IrvResult {
	let remaining = options.map((o) => o.id);
	const history: Map<string, number>[] = [];
	const rounds: IrvRound[] = [];
	// Every round counts one ballot once, so a bounded loop: at most one round per option.
	for (let round = 1; round <= options.length; round++) {
		const inCount = new Set(remaining);
		const votes = new Map(remaining.map((id) => [id, 0]));
		let exhausted = 0;
		for (const b of ballots) {
			const top = b.ranking.find((id) => inCount.has(id));
			if (top === undefined) exhausted++;
			else votes.set(top, (votes.get(top) ?? 0) + 1);
		}
		history.push(votes);
		const continuing = ballots.length - exhausted;
		const base = {
			round,
			votes: remaining.map((optionId) => ({ optionId, votes: votes.get(optionId) ?? 0 })),
			continuing,
			exhausted
		};
		const winner = remaining.find((id) => 2 * (votes.get(id) ?? 0) > continuing) ?? null;
		if (winner !== null || continuing === 0) {
			rounds.push({ ...base, winner, eliminated: null, tieBreak: null });
			return { rounds, winner };
		}
		const { eliminated, tieBreak } = toEliminate(remaining, history);
		rounds.push({ ...base, winner: null, eliminated, tieBreak });
		remaining = remaining.filter((id) => id !== eliminated);
	}
	// Unreachable: with one option left and a ballot counting, that option has them all.
	return { rounds, winner: null };
}

function toEliminate(
	remaining: readonly string[],
	history: readonly Map<string, number>[]
): { eliminated: string; tieBreak: TieBreak } {
	const fewest = (ids: readonly string[], votes: Map<string, number>) => {
		const min = Math.min(...ids.map((id) => votes.get(id) ?? 0));
		return ids.filter((id) => (votes.get(id) ?? 0) === min);
	};
	let tied = fewest(remaining, history[history.length - 1]);
	if (tied.length === 1) return { eliminated: tied[0], tieBreak: 'none' };
	for (let r = history.length - 2; r >= 0; r--) {
		tied = fewest(tied, history[r]);
		if (tied.length === 1) return { eliminated: tied[0], tieBreak: 'earlier_rounds' };
	}
	// `remaining` is in option order, and filtering keeps it: the last is listed last.
	return { eliminated: tied[tied.length - 1], tieBreak: 'list_position' };
}

/**
 * Borda count, modified for partial rankings: a ballot ranking k options gives k points to its
 * first choice, k − 1 to the second, … 1 to its last; options it leaves out get 0. With full
 * rankings this orders options exactly as the classic n − 1 … 0 count; with partial ones, ranking
 * only a favourite gives it 1 point, not n − 1, so leaving others out is no trick to gain by.
 */
export function borda(
	options: readonly VoteOption[],
	ballots: readonly RankedBallot[]
): BordaResult {
	const points = new Map(options.map((o) => [o.id, 0]));
	for (const b of ballots) {
		const known = b.ranking.filter((id) => points.has(id));
		known.forEach((id, i) => points.set(id, (points.get(id) ?? 0) + known.length - i));
	}
	const ids = options.map((o) => o.id);
	return {
		points: ids.map((optionId) => ({ optionId, points: points.get(optionId) ?? 0 })),
		standings: standings(ids, (id) => points.get(id) ?? 0)
	};
}
