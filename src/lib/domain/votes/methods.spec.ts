import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	defaultCriteria,
	MAX_OPTIONS,
	validateVoteOptions,
	validateVoteSettings,
	type VoteSettings
} from './methods.ts';
import { settingsArb } from './testing.ts';

describe('validateVoteSettings', () => {
	it.each<[unknown, VoteSettings]>([
		[
			{ method: 'yes_no', threshold: 'two_thirds' },
			{ method: 'yes_no', threshold: 'two_thirds' }
		],
		[
			{ method: 'approval', maxChoices: 3 },
			{ method: 'approval', maxChoices: 3 }
		],
		[
			{ method: 'dots', dots: 5, maxPerOption: 2 },
			{ method: 'dots', dots: 5, maxPerOption: 2 }
		],
		[{ method: 'score' }, { method: 'score', min: 1, max: 5 }],
		[
			{ method: 'score', min: 0, max: 10 },
			{ method: 'score', min: 0, max: 10 }
		],
		[
			{ method: 'criteria', criteria: defaultCriteria },
			{ method: 'criteria', criteria: [...defaultCriteria], min: 1, max: 5 }
		],
		[
			{ method: 'criteria', criteria: [{ id: 'lokal', weight: 2, label: '  Bahan lokal ' }] },
			{
				method: 'criteria',
				criteria: [{ id: 'lokal', weight: 2, label: 'Bahan lokal' }],
				min: 1,
				max: 5
			}
		],
		[{ method: 'ranked' }, { method: 'ranked', fullRanking: false }],
		[
			{ method: 'ranked', fullRanking: true },
			{ method: 'ranked', fullRanking: true }
		],
		[
			{ method: 'budget', ceiling: 300_000_000 },
			{ method: 'budget', ceiling: 300_000_000 }
		]
	])('accepts %j', (input, settings) => {
		expect(validateVoteSettings(input)).toEqual({ ok: true, settings });
	});

	it.each<[unknown, { field: string; code: string }[]]>([
		[null, [{ field: '', code: 'invalid_type' }]],
		[[], [{ field: '', code: 'invalid_type' }]],
		[{}, [{ field: 'method', code: 'required' }]],
		[{ method: 'lottery' }, [{ field: 'method', code: 'invalid_choice' }]],
		[{ method: 'yes_no' }, [{ field: 'threshold', code: 'required' }]],
		[{ method: 'yes_no', threshold: 'half' }, [{ field: 'threshold', code: 'invalid_choice' }]],
		[
			{ method: 'yes_no', threshold: 'majority', maxChoices: 2 },
			[{ field: 'maxChoices', code: 'unknown_field' }]
		],
		[{ method: 'approval' }, [{ field: 'maxChoices', code: 'required' }]],
		[{ method: 'approval', maxChoices: '3' }, [{ field: 'maxChoices', code: 'invalid_type' }]],
		[{ method: 'approval', maxChoices: NaN }, [{ field: 'maxChoices', code: 'invalid_type' }]],
		[{ method: 'approval', maxChoices: 1.5 }, [{ field: 'maxChoices', code: 'not_integer' }]],
		[{ method: 'approval', maxChoices: 0 }, [{ field: 'maxChoices', code: 'too_small' }]],
		[
			{ method: 'approval', maxChoices: MAX_OPTIONS + 1 },
			[{ field: 'maxChoices', code: 'too_big' }]
		],
		[{ method: 'dots', dots: 3, maxPerOption: 4 }, [{ field: 'maxPerOption', code: 'too_big' }]],
		[
			{ method: 'dots', dots: 0, maxPerOption: 0 },
			[
				{ field: 'dots', code: 'too_small' },
				{ field: 'maxPerOption', code: 'too_small' }
			]
		],
		[{ method: 'score', min: 3, max: 3 }, [{ field: 'max', code: 'too_small' }]],
		[{ method: 'score', min: -1 }, [{ field: 'min', code: 'too_small' }]],
		[{ method: 'score', max: 11 }, [{ field: 'max', code: 'too_big' }]],
		[{ method: 'criteria' }, [{ field: 'criteria', code: 'required' }]],
		[{ method: 'criteria', criteria: [] }, [{ field: 'criteria', code: 'too_few' }]],
		[{ method: 'criteria', criteria: 'urgency' }, [{ field: 'criteria', code: 'invalid_type' }]],
		[
			{
				method: 'criteria',
				criteria: Array.from({ length: 11 }, (_, i) => ({ id: `c${i}`, weight: 1 }))
			},
			[{ field: 'criteria', code: 'too_many' }]
		],
		[
			{
				method: 'criteria',
				criteria: [
					{ id: 'urgency', weight: 1 },
					{ id: 'urgency', weight: 2 }
				]
			},
			[{ field: 'criteria.1.id', code: 'duplicate' }]
		],
		[
			{ method: 'criteria', criteria: [{ id: 'Kemendesakan tinggi', weight: 0 }] },
			[
				{ field: 'criteria.0.id', code: 'invalid_format' },
				{ field: 'criteria.0.weight', code: 'too_small' }
			]
		],
		[
			{ method: 'criteria', criteria: [{ id: 'x', weight: 1, label: 'a'.repeat(81), bobot: 2 }] },
			[
				{ field: 'criteria.0.bobot', code: 'unknown_field' },
				{ field: 'criteria.0.label', code: 'too_long' }
			]
		],
		[{ method: 'criteria', criteria: [null] }, [{ field: 'criteria.0', code: 'invalid_type' }]],
		[{ method: 'ranked', fullRanking: 'yes' }, [{ field: 'fullRanking', code: 'invalid_type' }]],
		[{ method: 'budget', ceiling: 0 }, [{ field: 'ceiling', code: 'too_small' }]],
		[{ method: 'budget', ceiling: 1e14 }, [{ field: 'ceiling', code: 'too_big' }]],
		[
			{ method: 'budget', pagu: 5 },
			[
				{ field: 'pagu', code: 'unknown_field' },
				{ field: 'ceiling', code: 'required' }
			]
		]
	])('refuses %j', (input, errors) => {
		expect(validateVoteSettings(input)).toEqual({ ok: false, errors });
	});

	it('accepts every valid settings value unchanged (property)', () => {
		fc.assert(
			fc.property(settingsArb, (settings) => {
				expect(validateVoteSettings(settings)).toEqual({ ok: true, settings });
			})
		);
	});

	it('never throws on junk and answers with field errors (property)', () => {
		fc.assert(
			fc.property(
				fc.anything(),
				fc.constantFrom('yes_no', 'dots', 'criteria', 'budget'),
				(junk, method) => {
					const input =
						typeof junk === 'object' && junk !== null && !Array.isArray(junk)
							? { ...junk, method }
							: junk;
					const result = validateVoteSettings(input);
					if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
					else expect(result.settings.method).toBe(method);
				}
			)
		);
	});
});

describe('validateVoteOptions', () => {
	const budget: VoteSettings = { method: 'budget', ceiling: 300_000_000 };
	const approval: VoteSettings = { method: 'approval', maxChoices: 2 };

	it('keeps ids in the given order and drops costs outside budget votes', () => {
		expect(validateVoteOptions(approval, [{ id: 'b', cost: 5 }, { id: 'a' }])).toEqual({
			ok: true,
			options: [{ id: 'b' }, { id: 'a' }]
		});
		expect(
			validateVoteOptions(budget, [
				{ id: 'a', cost: 0 },
				{ id: 'b', cost: 300_000_000 }
			])
		).toEqual({
			ok: true,
			options: [
				{ id: 'a', cost: 0 },
				{ id: 'b', cost: 300_000_000 }
			]
		});
	});

	it('lets a yes / no vote be on one usulan or none (a motion)', () => {
		const yesNo: VoteSettings = { method: 'yes_no', threshold: 'majority' };
		expect(validateVoteOptions(yesNo, [])).toEqual({ ok: true, options: [] });
		expect(validateVoteOptions(yesNo, [{ id: 'a' }])).toEqual({ ok: true, options: [{ id: 'a' }] });
	});

	it.each<[VoteSettings, unknown, object]>([
		[approval, 'a,b', { code: 'invalid_type' }],
		[approval, [{ id: 'a' }, 'b'], { code: 'invalid_type' }],
		[approval, [{ id: 'a' }, { id: 2 }], { code: 'invalid_type' }],
		[approval, [{ id: 'a' }], { code: 'too_few_options' }],
		[
			approval,
			Array.from({ length: MAX_OPTIONS + 1 }, (_, i) => ({ id: `u${i}` })),
			{ code: 'too_many_options' }
		],
		[approval, [{ id: 'a' }, { id: '' }], { code: 'invalid_option_id' }],
		[approval, [{ id: 'a' }, { id: 'a b' }], { code: 'invalid_option_id' }],
		[approval, [{ id: 'a' }, { id: '__proto__' }], { code: 'invalid_option_id' }],
		[approval, [{ id: 'a' }, { id: 'a' }], { code: 'duplicate_option', optionId: 'a' }],
		[budget, [{ id: 'a', cost: 1 }, { id: 'b' }], { code: 'missing_cost', optionId: 'b' }],
		[
			budget,
			[
				{ id: 'a', cost: 1 },
				{ id: 'b', cost: null }
			],
			{ code: 'missing_cost', optionId: 'b' }
		],
		[
			budget,
			[
				{ id: 'a', cost: -1 },
				{ id: 'b', cost: 1 }
			],
			{ code: 'invalid_cost', optionId: 'a' }
		],
		[
			budget,
			[
				{ id: 'a', cost: 1.5 },
				{ id: 'b', cost: 1 }
			],
			{ code: 'invalid_cost', optionId: 'a' }
		],
		[
			budget,
			[
				{ id: 'a', cost: '1' },
				{ id: 'b', cost: 1 }
			],
			{ code: 'invalid_cost', optionId: 'a' }
		],
		[
			budget,
			[
				{ id: 'a', cost: 300_000_001 },
				{ id: 'b', cost: 1 }
			],
			{ code: 'cost_over_ceiling', optionId: 'a' }
		]
	])('refuses (%j) %j', (settings, input, refusal) => {
		expect(validateVoteOptions(settings, input)).toEqual({ ok: false, ...refusal });
	});
});
