/**
 * Score voting: every voter scores every option (1–5 by default); the highest mean ranks first.
 */
import type { ScoreBallot } from './ballot.ts';
import { standings, turnoutOf, type Cast, type Count, type Standing } from './counts.ts';
import type { VoteOption } from './methods.ts';

export type OptionScore = {
	optionId: string;
	/** Sum of the scores given. */
	sum: number;
	/** Ballots that scored it (every ballot, as ballots must be complete). */
	ballots: number;
	/** sum / ballots; null with no ballots. */
	mean: number | null;
};

export type ScoreResult = {
	method: 'score';
	turnout: Count;
	/** In option order. */
	options: OptionScore[];
	/**
	 * Highest mean first. Every ballot scores every option, so means compare as sums, in whole
	 * numbers; equal sums keep option order and are marked `tied`.
	 */
	standings: Standing[];
};

/** Sums and means per option. Scores for unknown ids are ignored. */
export function tallyScore(
	options: readonly VoteOption[],
	ballots: readonly Cast<ScoreBallot>[]
): ScoreResult {
	const sums = new Map(options.map((o) => [o.id, { sum: 0, ballots: 0 }]));
	for (const b of ballots) {
		for (const [id, n] of Object.entries(b.scores)) {
			const s = sums.get(id);
			if (s) {
				s.sum += n;
				s.ballots += 1;
			}
		}
	}
	const list = options.map(({ id }): OptionScore => {
		const s = sums.get(id) ?? { sum: 0, ballots: 0 };
		return { optionId: id, ...s, mean: s.ballots > 0 ? s.sum / s.ballots : null };
	});
	return {
		method: 'score',
		turnout: turnoutOf(ballots),
		options: list,
		standings: standings(
			options.map((o) => o.id),
			(id) => sums.get(id)?.sum ?? 0
		)
	};
}
