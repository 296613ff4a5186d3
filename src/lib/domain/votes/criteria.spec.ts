import { describe, expect, it } from 'vitest';
import { tallyCriteria } from './criteria.ts';
import { defaultCriteria, type SettingsOf } from './methods.ts';
import { optionsOf } from './testing.ts';

const matrix: SettingsOf<'criteria'> = {
	method: 'criteria',
	criteria: [...defaultCriteria],
	min: 1,
	max: 5
};
/** Scores on urgency, beneficiaries, priority fit, community contribution. */
const row = (urgency: number, beneficiaries: number, fit: number, contribution: number) => ({
	urgency,
	beneficiaries,
	priority_fit: fit,
	community_contribution: contribution
});

describe('tallyCriteria', () => {
	// u1: means 5, 4, 4, 2 → 30·5 + 30·4 + 20·4 + 20·2 = 390.
	// u2: all 3 → 300. u3: means 2, 5, 5, 4 → 60 + 150 + 100 + 80 = 390: tied with u1.
	const result = tallyCriteria(matrix, optionsOf(3), [
		{ scores: { u1: row(5, 4, 3, 2), u2: row(3, 3, 3, 3), u3: row(1, 5, 5, 5) } },
		{ scores: { u1: row(5, 4, 5, 2), u2: row(3, 3, 3, 3), u3: row(3, 5, 5, 3) } }
	]);

	it('computes Σ weight × mean score, and the same on the 1–5 scale', () => {
		expect(result.options.map((o) => [o.optionId, o.weighted, o.weightedMean])).toEqual([
			['u1', 390, 3.9],
			['u2', 300, 3],
			['u3', 390, 3.9]
		]);
		expect(result.options[0].criteria[2]).toEqual({
			criterionId: 'priority_fit',
			weight: 20,
			sum: 8,
			mean: 4
		});
	});

	it('marks exact ties and keeps board order for them', () => {
		expect(result.standings).toEqual([
			{ optionId: 'u1', place: 1, tied: true },
			{ optionId: 'u3', place: 1, tied: true },
			{ optionId: 'u2', place: 3, tied: false }
		]);
	});

	it('has no means without ballots', () => {
		const empty = tallyCriteria(matrix, optionsOf(2), []);
		expect(empty.options[0]).toMatchObject({ ballots: 0, weighted: null, weightedMean: null });
		expect(empty.standings.every((s) => s.place === 1 && s.tied)).toBe(true);
	});

	it('compares exactly where floating point would not (weights 1 and 2, thirds)', () => {
		// u2's means are thirds (5/3 each): as floats 5/3 + 2 · 5/3 need not equal u1's 1 + 2 · 2.
		const twoCriteria: SettingsOf<'criteria'> = {
			method: 'criteria',
			criteria: [
				{ id: 'a', weight: 1 },
				{ id: 'b', weight: 2 }
			],
			min: 1,
			max: 5
		};
		const r = tallyCriteria(twoCriteria, optionsOf(2), [
			{ scores: { u1: { a: 1, b: 2 }, u2: { a: 3, b: 1 } } },
			{ scores: { u1: { a: 1, b: 2 }, u2: { a: 1, b: 2 } } },
			{ scores: { u1: { a: 1, b: 2 }, u2: { a: 1, b: 2 } } }
		]);
		expect(r.standings.every((s) => s.tied)).toBe(true);
	});
});
