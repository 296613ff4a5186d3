import { describe, expect, it } from 'vitest';
import { validateExtraCount, type ExtraCountErrorCode } from './extra.ts';
import type { VoteSettings } from './methods.ts';
import { optionsOf } from './testing.ts';

const options = optionsOf(3, () => 10);
const yesNo: VoteSettings = { method: 'yes_no', threshold: 'majority' };
const approval: VoteSettings = { method: 'approval', maxChoices: 2 };
const dots: VoteSettings = { method: 'dots', dots: 3, maxPerOption: 2 };
const budget: VoteSettings = { method: 'budget', ceiling: 20 };

describe('validateExtraCount', () => {
	it('fills in missing yes / no answers with 0', () => {
		expect(
			validateExtraCount(yesNo, [], { source: 'hands', voters: 7, counts: { yes: 5, no: 2 } })
		).toEqual({
			ok: true,
			extra: { source: 'hands', voters: 7, counts: { yes: 5, no: 2, abstain: 0 } }
		});
	});

	it('keeps per-option counts in option order without zeros', () => {
		expect(
			validateExtraCount(approval, options, {
				source: 'paper',
				voters: 4,
				counts: { u3: 4, u1: 3, u2: 0 }
			})
		).toEqual({ ok: true, extra: { source: 'paper', voters: 4, counts: { u1: 3, u3: 4 } } });
		expect(
			validateExtraCount(dots, options, { source: 'paper', voters: 2, counts: { u1: 4, u2: 2 } }).ok
		).toBe(true);
	});

	it.each<[VoteSettings, unknown, ExtraCountErrorCode, string | undefined]>([
		[
			{ method: 'score', min: 1, max: 5 },
			{ source: 'hands', voters: 1, counts: {} },
			'extra_not_supported',
			undefined
		],
		[
			{ method: 'ranked', fullRanking: false },
			{ source: 'paper', voters: 1, counts: {} },
			'extra_not_supported',
			undefined
		],
		[yesNo, null, 'wrong_shape', undefined],
		[yesNo, { source: 'phone', voters: 1, counts: { yes: 1 } }, 'wrong_shape', undefined],
		[yesNo, { source: 'hands', voters: -1, counts: {} }, 'wrong_shape', undefined],
		[
			yesNo,
			{ source: 'hands', voters: 1, counts: { yes: 1 }, note: 'x' },
			'wrong_shape',
			undefined
		],
		[
			yesNo,
			{ source: 'hands', voters: 2, counts: { yes: 1.5, no: 0.5 } },
			'wrong_shape',
			undefined
		],
		[yesNo, { source: 'hands', voters: 2, counts: { setuju: 2 } }, 'wrong_shape', undefined],
		[
			yesNo,
			{ source: 'hands', voters: 200_000, counts: { yes: 200_000 } },
			'too_many_voters',
			undefined
		],
		[
			yesNo,
			{ source: 'hands', voters: 10, counts: { yes: 5, no: 2 } },
			'counts_do_not_add_up',
			undefined
		],
		[approval, { source: 'hands', voters: 3, counts: { u9: 1 } }, 'unknown_option', 'u9'],
		[approval, { source: 'hands', voters: 3, counts: { u2: 4 } }, 'count_exceeds_voters', 'u2'],
		[
			approval,
			{ source: 'hands', voters: 3, counts: { u1: 3, u2: 3, u3: 1 } },
			'total_exceeds_voters',
			undefined
		],
		[dots, { source: 'paper', voters: 2, counts: { u1: 5 } }, 'count_exceeds_voters', 'u1'],
		[
			dots,
			{ source: 'paper', voters: 2, counts: { u1: 4, u2: 3 } },
			'total_exceeds_voters',
			undefined
		],
		[budget, { source: 'hands', voters: 2, counts: { u1: 3 } }, 'count_exceeds_voters', 'u1']
	])('refuses (%j) %j', (settings, input, code, optionId) => {
		expect(validateExtraCount(settings, options, input)).toEqual(
			optionId === undefined ? { ok: false, code } : { ok: false, code, optionId }
		);
	});
});
