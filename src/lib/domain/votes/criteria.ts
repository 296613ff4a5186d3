/**
 * The weighted criteria matrix of the Musrenbang guides: every voter scores every usulan on each
 * criterion (urgency, beneficiaries, fit with priorities, community contribution …); an usulan's
 * result is Σ weight × mean score over the criteria.
 */
import type { CriteriaBallot } from './ballot.ts';
import { standings, turnoutOf, type Cast, type Count, type Standing } from './counts.ts';
import type { SettingsOf, VoteOption } from './methods.ts';

export type CriterionScore = {
	criterionId: string;
	weight: number;
	sum: number;
	/** sum / ballots; null with no ballots. */
	mean: number | null;
};

export type OptionCriteriaScore = {
	optionId: string;
	/** In the settings' criteria order. */
	criteria: CriterionScore[];
	/** Ballots that scored it. */
	ballots: number;
	/** Σ weight × mean score; null with no ballots. */
	weighted: number | null;
	/** `weighted` / Σ weight: the same result back on the score scale (1–5); null with no ballots. */
	weightedMean: number | null;
};

export type CriteriaResult = {
	method: 'criteria';
	turnout: Count;
	/** In option order. */
	options: OptionCriteriaScore[];
	/**
	 * Highest `weighted` first. Ballots are complete and weights whole, so results compare exactly
	 * as Σ weight × sum; equal results keep option order and are marked `tied`.
	 */
	standings: Standing[];
};

/** Means per option and criterion, and the weighted result. Unknown ids are ignored. */
export function tallyCriteria(
	settings: SettingsOf<'criteria'>,
	options: readonly VoteOption[],
	ballots: readonly Cast<CriteriaBallot>[]
): CriteriaResult {
	const rows = new Map(
		options.map((o) => [
			o.id,
			{ ballots: 0, sums: new Map(settings.criteria.map((c) => [c.id, 0])) }
		])
	);
	for (const b of ballots) {
		for (const [optionId, scores] of Object.entries(b.scores)) {
			const row = rows.get(optionId);
			if (!row) continue;
			row.ballots += 1;
			for (const c of settings.criteria)
				row.sums.set(c.id, (row.sums.get(c.id) ?? 0) + (scores[c.id] ?? 0));
		}
	}
	const totalWeight = settings.criteria.reduce((sum, c) => sum + c.weight, 0);
	const exact = new Map<string, number>();
	const list = options.map(({ id }): OptionCriteriaScore => {
		const row = rows.get(id) ?? { ballots: 0, sums: new Map<string, number>() };
		const n = row.ballots;
		const criteria = settings.criteria.map((c): CriterionScore => {
			const sum = row.sums.get(c.id) ?? 0;
			return { criterionId: c.id, weight: c.weight, sum, mean: n > 0 ? sum / n : null };
		});
		const weightedSum = criteria.reduce((acc, c) => acc + c.weight * c.sum, 0);
		exact.set(id, weightedSum);
		return {
			optionId: id,
			criteria,
			ballots: n,
			weighted: n > 0 ? weightedSum / n : null,
			weightedMean: n > 0 ? weightedSum / n / totalWeight : null
		};
	});
	return {
		method: 'criteria',
		turnout: turnoutOf(ballots),
		options: list,
		standings: standings(
			options.map((o) => o.id),
			(id) => exact.get(id) ?? 0
		)
	};
}
