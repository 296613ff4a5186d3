import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateBallot, type BallotErrorCode } from './ballot.ts';
import type { VoteOption, VoteSettings } from './methods.ts';
import { optionsArb, optionsOf, settingsArb, validChoiceArb } from './testing.ts';

const options = optionsOf(4, (i) => [100, 80, 60, 40][i] * 1_000_000);
const yesNo: VoteSettings = { method: 'yes_no', threshold: 'majority' };
const approval: VoteSettings = { method: 'approval', maxChoices: 2 };
const dots: VoteSettings = { method: 'dots', dots: 5, maxPerOption: 2 };
const score: VoteSettings = { method: 'score', min: 1, max: 5 };
const criteria: VoteSettings = {
	method: 'criteria',
	criteria: [
		{ id: 'urgency', weight: 3 },
		{ id: 'beneficiaries', weight: 2 }
	],
	min: 1,
	max: 5
};
const ranked: VoteSettings = { method: 'ranked', fullRanking: false };
const fullRanked: VoteSettings = { method: 'ranked', fullRanking: true };
const budget: VoteSettings = { method: 'budget', ceiling: 150_000_000 };

const allFour = (n: number) => ({ u1: n, u2: n, u3: n, u4: n });
const row = (urgency: unknown, beneficiaries: unknown) => ({ urgency, beneficiaries });

describe('validateBallot accepts and normalizes', () => {
	it.each<[string, VoteSettings, unknown, unknown]>([
		['an answer', yesNo, { answer: 'abstain' }, { answer: 'abstain' }],
		[
			'approvals, sorted into option order',
			approval,
			{ optionIds: ['u3', 'u1'] },
			{ optionIds: ['u1', 'u3'] }
		],
		['a blank approval ballot', approval, { optionIds: [] }, { optionIds: [] }],
		[
			'dots, zeros dropped, in option order',
			dots,
			{ dots: { u4: 1, u2: 0, u1: 2 } },
			{ dots: { u1: 2, u4: 1 } }
		],
		['fewer dots than allowed', dots, { dots: { u2: 1 } }, { dots: { u2: 1 } }],
		[
			'scores for every option',
			score,
			{ scores: { u4: 5, u3: 1, u2: 3, u1: 2 } },
			{ scores: { u1: 2, u2: 3, u3: 1, u4: 5 } }
		],
		[
			'criteria scores for every option and criterion',
			criteria,
			{ scores: { u1: row(5, 4), u2: row(1, 1), u3: row(3, 3), u4: row(2, 5) } },
			{ scores: { u1: row(5, 4), u2: row(1, 1), u3: row(3, 3), u4: row(2, 5) } }
		],
		['a partial ranking, order kept', ranked, { ranking: ['u3', 'u1'] }, { ranking: ['u3', 'u1'] }],
		['an empty ranking', ranked, { ranking: [] }, { ranking: [] }],
		[
			'a full ranking',
			fullRanked,
			{ ranking: ['u4', 'u2', 'u1', 'u3'] },
			{ ranking: ['u4', 'u2', 'u1', 'u3'] }
		],
		[
			'usulan exactly at the ceiling',
			budget,
			{ optionIds: ['u4', 'u1'] },
			{ optionIds: ['u1', 'u4'] }
		]
	])('%s', (_, settings, choice, ballot) => {
		expect(validateBallot(settings, options, choice)).toEqual({ ok: true, ballot });
	});
});

describe('validateBallot refuses', () => {
	it.each<[string, VoteSettings, unknown, BallotErrorCode, object | undefined]>([
		['a non-object', approval, ['u1'], 'wrong_shape', undefined],
		['null', yesNo, null, 'wrong_shape', undefined],
		['another method’s shape', yesNo, { optionIds: [] }, 'wrong_shape', undefined],
		['an extra key', yesNo, { answer: 'yes', source: 'paper' }, 'wrong_shape', undefined],
		['an unknown answer', yesNo, { answer: 'setuju' }, 'invalid_answer', undefined],
		['a list that is not one', approval, { optionIds: 'u1' }, 'wrong_shape', undefined],
		['a non-string id', approval, { optionIds: [1] }, 'wrong_shape', undefined],
		['an unknown option', approval, { optionIds: ['u9'] }, 'unknown_option', { optionId: 'u9' }],
		[
			'an option twice',
			approval,
			{ optionIds: ['u1', 'u1'] },
			'duplicate_option',
			{ optionId: 'u1' }
		],
		[
			'too many approvals',
			approval,
			{ optionIds: ['u1', 'u2', 'u3'] },
			'too_many_approvals',
			{ max: 2, total: 3 }
		],
		['dots as a list', dots, { dots: [1, 2] }, 'wrong_shape', undefined],
		['dots on an unknown option', dots, { dots: { u9: 1 } }, 'unknown_option', { optionId: 'u9' }],
		[
			'dots on __proto__',
			dots,
			JSON.parse('{"dots":{"__proto__":1}}'),
			'unknown_option',
			{ optionId: '__proto__' }
		],
		['negative dots', dots, { dots: { u1: -1, u2: 2 } }, 'wrong_shape', { optionId: 'u1' }],
		['half a dot', dots, { dots: { u1: 0.5 } }, 'wrong_shape', { optionId: 'u1' }],
		['dots as text', dots, { dots: { u1: '1' } }, 'wrong_shape', { optionId: 'u1' }],
		[
			'too many dots on one option',
			dots,
			{ dots: { u1: 3 } },
			'dots_per_option_exceeded',
			{ optionId: 'u1', max: 2, total: 3 }
		],
		[
			'too many dots in all',
			dots,
			{ dots: { u1: 2, u2: 2, u3: 2 } },
			'too_many_dots',
			{ max: 5, total: 6 }
		],
		[
			'a score above the scale',
			score,
			{ scores: { ...allFour(3), u2: 6 } },
			'score_out_of_range',
			{ optionId: 'u2', min: 1, max: 5 }
		],
		[
			'a score below the scale',
			score,
			{ scores: { ...allFour(3), u2: 0 } },
			'score_out_of_range',
			{ optionId: 'u2', min: 1, max: 5 }
		],
		[
			'a fractional score',
			score,
			{ scores: { ...allFour(3), u2: 2.5 } },
			'wrong_shape',
			{ optionId: 'u2' }
		],
		[
			'a missing score',
			score,
			{ scores: { u1: 3, u2: 3, u4: 3 } },
			'missing_score',
			{ optionId: 'u3' }
		],
		[
			'a null score',
			score,
			{ scores: { ...allFour(3), u3: null } },
			'wrong_shape',
			{ optionId: 'u3' }
		],
		[
			'a score for an unknown option',
			score,
			{ scores: { ...allFour(3), u9: 3 } },
			'unknown_option',
			{ optionId: 'u9' }
		],
		[
			'a criteria row that is not an object',
			criteria,
			{ scores: { u1: 5, u2: row(1, 1), u3: row(1, 1), u4: row(1, 1) } },
			'wrong_shape',
			{ optionId: 'u1' }
		],
		[
			'an unknown criterion',
			criteria,
			{ scores: { u1: { ...row(1, 1), cost: 3 }, u2: row(1, 1), u3: row(1, 1), u4: row(1, 1) } },
			'unknown_criterion',
			{ optionId: 'u1', criterionId: 'cost' }
		],
		[
			'a criterion left unscored',
			criteria,
			{ scores: { u1: { urgency: 2 }, u2: row(1, 1), u3: row(1, 1), u4: row(1, 1) } },
			'missing_score',
			{ optionId: 'u1', criterionId: 'beneficiaries' }
		],
		[
			'a criterion score out of range',
			criteria,
			{ scores: { u1: row(1, 9), u2: row(1, 1), u3: row(1, 1), u4: row(1, 1) } },
			'score_out_of_range',
			{ optionId: 'u1', criterionId: 'beneficiaries', min: 1, max: 5 }
		],
		[
			'an option left out of the matrix',
			criteria,
			{ scores: { u1: row(1, 1), u2: row(1, 1), u3: row(1, 1) } },
			'missing_score',
			{ optionId: 'u4' }
		],
		[
			'a ranking twice naming one option',
			ranked,
			{ ranking: ['u1', 'u2', 'u1'] },
			'duplicate_rank',
			{ optionId: 'u1' }
		],
		[
			'a ranking with an unknown option',
			ranked,
			{ ranking: ['u1', 'x'] },
			'unknown_option',
			{ optionId: 'x' }
		],
		['a ranking of numbers', ranked, { ranking: [1, 2] }, 'wrong_shape', undefined],
		[
			'a partial ranking where a full one is required',
			fullRanked,
			{ ranking: ['u1', 'u2', 'u4'] },
			'missing_rank',
			{ optionId: 'u3' }
		],
		[
			'usulan over the ceiling',
			budget,
			{ optionIds: ['u1', 'u3'] },
			'over_budget',
			{ max: 150_000_000, total: 160_000_000 }
		],
		[
			'a budget option twice (to dodge the sum)',
			budget,
			{ optionIds: ['u4', 'u4'] },
			'duplicate_option',
			{ optionId: 'u4' }
		]
	])('%s', (_, settings, choice, code, detail) => {
		expect(validateBallot(settings, options, choice)).toEqual(
			detail === undefined ? { ok: false, code } : { ok: false, code, detail }
		);
	});
});

const settingsWithOptions = fc.tuple(settingsArb, optionsArb);

describe('validateBallot (properties)', () => {
	it('accepts every choice a well-behaved phone can send, and normalizing is idempotent', () => {
		fc.assert(
			fc.property(
				settingsWithOptions.chain(([s, o]) =>
					fc.tuple(fc.constant(s), fc.constant(o), validChoiceArb(s, o))
				),
				([settings, opts, choice]) => {
					const result = validateBallot(settings, opts, choice);
					expect(result.ok).toBe(true);
					if (result.ok) expect(validateBallot(settings, opts, result.ballot)).toEqual(result);
				}
			)
		);
	});

	it('never throws on junk, and what it accepts obeys the method’s limits', () => {
		const junkChoice = fc.oneof(
			fc.anything(),
			fc.record({ answer: fc.anything() }),
			fc.record({ optionIds: fc.array(fc.constantFrom('u1', 'u2', 'u3', 'x', 1)) }),
			fc.record({
				dots: fc.dictionary(fc.constantFrom('u1', 'u2', 'u3'), fc.integer({ min: -2, max: 12 }))
			}),
			fc.record({
				scores: fc.dictionary(fc.constantFrom('u1', 'u2'), fc.integer({ min: -1, max: 11 }))
			}),
			fc.record({ ranking: fc.array(fc.constantFrom('u1', 'u2', 'u3', 'u9')) })
		);
		fc.assert(
			fc.property(settingsWithOptions, junkChoice, ([settings, opts], choice) => {
				const result = validateBallot(settings, opts, choice);
				if (!result.ok) {
					expect(typeof result.code).toBe('string');
					return;
				}
				expect(obeysLimits(settings, opts, result.ballot)).toBe(true);
			})
		);
	});
});

/** An independent statement of each method's limits, to check accepted ballots against. */
function obeysLimits(
	settings: VoteSettings,
	opts: readonly VoteOption[],
	ballot: unknown
): boolean {
	const ids = new Set(opts.map((o) => o.id));
	const b = ballot as Record<string, unknown>;
	const list = (v: unknown) => v as string[];
	const known = (xs: string[]) => xs.every((x) => ids.has(x)) && new Set(xs).size === xs.length;
	switch (settings.method) {
		case 'yes_no':
			return ['yes', 'no', 'abstain'].includes(b.answer as string);
		case 'approval':
			return known(list(b.optionIds)) && list(b.optionIds).length <= settings.maxChoices;
		case 'dots': {
			const d = Object.entries(b.dots as Record<string, number>);
			const sum = d.reduce((s, [, n]) => s + n, 0);
			return (
				d.every(([id, n]) => ids.has(id) && n > 0 && n <= settings.maxPerOption) &&
				sum <= settings.dots
			);
		}
		case 'score':
			return (
				Object.keys(b.scores as object).length === ids.size &&
				Object.values(b.scores as Record<string, number>).every(
					(n) => n >= settings.min && n <= settings.max
				)
			);
		case 'criteria':
			return Object.keys(b.scores as object).length === ids.size;
		case 'ranked':
			return (
				known(list(b.ranking)) && (!settings.fullRanking || list(b.ranking).length === ids.size)
			);
		case 'budget': {
			const cost = list(b.optionIds).reduce(
				(s, id) => s + (opts.find((o) => o.id === id)?.cost ?? 0),
				0
			);
			return known(list(b.optionIds)) && cost <= settings.ceiling;
		}
	}
}
