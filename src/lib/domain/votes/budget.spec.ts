import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateBallot, type BudgetBallot } from './ballot.ts';
import { tallyBudget } from './budget.ts';
import type { SettingsOf, VoteOption } from './methods.ts';
import { optionsArb, validChoiceArb } from './testing.ts';

const juta = 1_000_000;

/** A Musrenbang Kelurahan: seven usulan (Rp 445 juta in all) for a pagu of Rp 300 juta. */
const usulan: VoteOption[] = [
	{ id: 'drainase-rw03', cost: 120 * juta },
	{ id: 'pelatihan-menjahit', cost: 45 * juta },
	{ id: 'posyandu-lansia', cost: 30 * juta },
	{ id: 'lampu-jalan', cost: 90 * juta },
	{ id: 'paving-gang-rt02', cost: 75 * juta },
	{ id: 'beasiswa', cost: 50 * juta },
	{ id: 'bank-sampah', cost: 10 * juta }
];
const pagu: SettingsOf<'budget'> = { method: 'budget', ceiling: 300 * juta };

/** 40 ballots in five groups; each group's picks fit the pagu. */
const groups: [number, string[]][] = [
	[12, ['drainase-rw03', 'lampu-jalan', 'posyandu-lansia']],
	[10, ['pelatihan-menjahit', 'posyandu-lansia', 'beasiswa', 'bank-sampah']],
	[8, ['drainase-rw03', 'paving-gang-rt02', 'posyandu-lansia']],
	[6, ['lampu-jalan', 'paving-gang-rt02', 'beasiswa']],
	[4, ['drainase-rw03', 'pelatihan-menjahit', 'bank-sampah']]
];
const ballots = groups.flatMap(([n, optionIds]) =>
	Array.from({ length: n }, () => ({ optionIds }))
);

describe('tallyBudget: a Musrenbang worked example', () => {
	it('has 40 ballots that each fit the pagu', () => {
		expect(ballots).toHaveLength(40);
		for (const choice of ballots) expect(validateBallot(pagu, usulan, choice).ok).toBe(true);
	});

	const result = tallyBudget(pagu, usulan, ballots);

	it('ranks usulan by support, ties in board order', () => {
		expect(result.standings).toEqual([
			{ optionId: 'posyandu-lansia', place: 1, tied: false },
			{ optionId: 'drainase-rw03', place: 2, tied: false },
			{ optionId: 'lampu-jalan', place: 3, tied: false },
			{ optionId: 'beasiswa', place: 4, tied: false },
			{ optionId: 'pelatihan-menjahit', place: 5, tied: true },
			{ optionId: 'paving-gang-rt02', place: 5, tied: true },
			{ optionId: 'bank-sampah', place: 5, tied: true }
		]);
		expect(result.options.map((o) => [o.optionId, o.total])).toEqual([
			['drainase-rw03', 24],
			['pelatihan-menjahit', 14],
			['posyandu-lansia', 30],
			['lampu-jalan', 18],
			['paving-gang-rt02', 14],
			['beasiswa', 16],
			['bank-sampah', 14]
		]);
	});

	it('fills the pagu from the top and lets a cheaper usulan use what is left', () => {
		// 30 + 120 + 90 + 50 = 290 juta; menjahit (45) and paving (75) do not fit the 10 left;
		// bank sampah (10) does.
		expect(result.selected).toEqual([
			'posyandu-lansia',
			'drainase-rw03',
			'lampu-jalan',
			'beasiswa',
			'bank-sampah'
		]);
		expect(result.doesNotFit).toEqual(['pelatihan-menjahit', 'paving-gang-rt02']);
		expect(result.selectedCost).toBe(300 * juta);
		expect(result.remaining).toBe(0);
		expect(result.turnout.total).toBe(40);
	});

	it('never funds an usulan nobody chose, even when it fits', () => {
		const r = tallyBudget(pagu, usulan, [{ optionIds: ['bank-sampah'] }]);
		expect(r.selected).toEqual(['bank-sampah']);
		expect(r.options.find((o) => o.optionId === 'beasiswa')?.status).toBe('no_support');
		expect(r.doesNotFit).toEqual([]);
	});

	it('leaves out an usulan that is one Rupiah over what is left', () => {
		const settings: SettingsOf<'budget'> = { method: 'budget', ceiling: 100 };
		const options = [
			{ id: 'a', cost: 60 },
			{ id: 'b', cost: 41 },
			{ id: 'c', cost: 40 }
		];
		const r = tallyBudget(settings, options, [
			{ optionIds: ['a', 'c'] },
			{ optionIds: ['a', 'b'] },
			{ optionIds: ['b'] },
			{ optionIds: ['c'] }
		]);
		// a and b have 2 each (board order: a first), c has 2 too: a, then b does not fit 40, c does.
		expect(r.selected).toEqual(['a', 'c']);
		expect(r.doesNotFit).toEqual(['b']);
		expect(r.remaining).toBe(0);
	});

	it('adds a show of hands to the support', () => {
		const r = tallyBudget(pagu, usulan, ballots, [
			{ source: 'hands', voters: 20, counts: { 'paving-gang-rt02': 20 } }
		]);
		expect(r.standings[0]).toEqual({ optionId: 'paving-gang-rt02', place: 1, tied: false });
		expect(r.options.find((o) => o.optionId === 'paving-gang-rt02')).toMatchObject({
			total: 34,
			bySource: { phone: 14, hands: 20, paper: 0 },
			status: 'selected'
		});
		expect(r.turnout.total).toBe(60);
	});
});

describe('tallyBudget (properties)', () => {
	const arb = fc
		.tuple(optionsArb, fc.integer({ min: 150, max: 600 }))
		.chain(([options, ceilingJuta]) => {
			const settings: SettingsOf<'budget'> = { method: 'budget', ceiling: ceilingJuta * juta };
			return fc.tuple(
				fc.constant(settings),
				fc.constant(options),
				fc.array(validChoiceArb(settings, options), { maxLength: 30 })
			);
		});

	it('never exceeds the ceiling, and whatever it leaves out does not fit what remains', () => {
		fc.assert(
			fc.property(arb, ([settings, options, choices]) => {
				const result = tallyBudget(settings, options, choices as BudgetBallot[]);
				const cost = new Map(options.map((o) => [o.id, o.cost ?? 0]));
				const spent = result.selected.reduce((s, id) => s + (cost.get(id) ?? 0), 0);
				expect(spent).toBe(result.selectedCost);
				expect(spent).toBeLessThanOrEqual(settings.ceiling);
				for (const id of result.doesNotFit) expect(cost.get(id)).toBeGreaterThan(result.remaining);
				for (const o of result.options) {
					expect(o.status === 'no_support').toBe(o.total === 0);
				}
			})
		);
	});
});
