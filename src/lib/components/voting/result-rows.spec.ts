import { describe, expect, it } from 'vitest';
import { tally } from '$lib/domain/votes/tally';
import { barPercent, resultRows } from './result-rows.ts';

const labels = [
	{ id: 'a', label: 'Jalan RT 03' },
	{ id: 'b', label: 'Posyandu' },
	{ id: 'c', label: 'Pelatihan UMKM' }
];
const opts = [
	{ id: 'a', cost: 200 },
	{ id: 'b', cost: 150 },
	{ id: 'c', cost: 100 }
];

describe('resultRows', () => {
	it('yes / no: the three answers on the turnout scale, with passed', () => {
		const s = { method: 'yes_no', threshold: 'majority' } as const;
		const r = tally(
			s,
			[],
			[{ answer: 'yes' }, { answer: 'yes' }, { answer: 'no' }],
			[{ source: 'hands', voters: 2, counts: { yes: 1, abstain: 1 } }]
		);
		const view = resultRows(r, [], s);
		expect(view.rows.map((x) => [x.id, x.value, x.max])).toEqual([
			['yes', 3, 5],
			['no', 1, 5],
			['abstain', 1, 5]
		]);
		expect(view).toMatchObject({ passed: true, turnout: 5, counted: 2 });
	});

	it('approval: best first, ties marked, labels filled in', () => {
		const s = { method: 'approval', maxChoices: 2 } as const;
		const r = tally(s, opts, [
			{ optionIds: ['b', 'c'] },
			{ optionIds: ['c'] },
			{ optionIds: ['b'] }
		]);
		const view = resultRows(r, labels, s);
		expect(view.rows.map((x) => [x.label, x.value, x.place, x.tied, x.max])).toEqual([
			['Posyandu', 2, 1, true, 2],
			['Pelatihan UMKM', 2, 1, true, 2],
			['Jalan RT 03', 0, 3, false, 2]
		]);
	});

	it('score: means drawn on the scale of the vote', () => {
		const s = { method: 'score', min: 1, max: 5 } as const;
		const r = tally(s, opts, [{ scores: { a: 5, b: 2, c: 3 } }, { scores: { a: 4, b: 2, c: 3 } }]);
		const view = resultRows(r, labels, s);
		expect(view.rows[0]).toMatchObject({ id: 'a', value: 4.5, max: 5, unit: 'mean', place: 1 });
	});

	it('ranked: Borda points, and the instant-runoff winner by name', () => {
		const s = { method: 'ranked', fullRanking: false } as const;
		const r = tally(s, opts, [{ ranking: ['c', 'a'] }, { ranking: ['c'] }, { ranking: ['a'] }]);
		const view = resultRows(r, labels, s);
		expect(view.winner).toBe('Pelatihan UMKM');
		expect(view.rows[0]).toMatchObject({ id: 'c', unit: 'points', place: 1 });
	});

	it('budget: support, cost and whether each fits the pagu', () => {
		const s = { method: 'budget', ceiling: 300 } as const;
		const r = tally(s, opts, [
			{ optionIds: ['a', 'c'] },
			{ optionIds: ['a'] },
			{ optionIds: ['b'] }
		]);
		const view = resultRows(r, labels, s);
		expect(view.rows.map((x) => [x.id, x.value, x.cost, x.status])).toEqual([
			['a', 2, 200, 'selected'],
			['b', 1, 150, 'does_not_fit'],
			['c', 1, 100, 'selected']
		]);
		expect(view.budget).toEqual({ ceiling: 300, selectedCost: 300, remaining: 0 });
	});

	it('names an option the labels do not know by its id rather than dropping it', () => {
		const s = { method: 'dots', dots: 3, maxPerOption: 3 } as const;
		const r = tally(s, opts, [{ dots: { b: 3 } }]);
		expect(resultRows(r, [], s).rows[0]).toMatchObject({ id: 'b', label: 'b', unit: 'dots' });
	});
});

describe('barPercent', () => {
	it('is a share of the scale, within 0–100', () => {
		expect(barPercent(1, 3)).toBe(33.3);
		expect(barPercent(5, 5)).toBe(100);
		expect(barPercent(7, 5)).toBe(100);
		expect(barPercent(0, 0)).toBe(0);
		expect(barPercent(-1, 5)).toBe(0);
	});
});
