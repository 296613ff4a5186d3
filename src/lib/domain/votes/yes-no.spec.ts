import { describe, expect, it } from 'vitest';
import type { YesNoAnswer } from './ballot.ts';
import type { YesNoThreshold } from './methods.ts';
import { tallyYesNo, yesNoPasses } from './yes-no.ts';

describe('yesNoPasses', () => {
	it.each<[YesNoThreshold, number, number, boolean]>([
		['majority', 21, 20, true],
		['majority', 20, 20, false],
		['majority', 1, 0, true],
		['majority', 0, 0, false],
		['two_thirds', 2, 1, true],
		['two_thirds', 20, 10, true],
		['two_thirds', 19, 10, false],
		['two_thirds', 0, 0, false],
		['consensus', 35, 0, true],
		['consensus', 35, 1, false],
		['consensus', 0, 0, false]
	])('%s: %i setuju, %i tidak → %s', (threshold, yes, no, passed) => {
		expect(yesNoPasses(threshold, yes, no)).toBe(passed);
	});
});

describe('tallyYesNo', () => {
	const ballots = (answers: Partial<Record<YesNoAnswer, number>>) =>
		Object.entries(answers).flatMap(([answer, n]) =>
			Array.from({ length: n }, () => ({ answer: answer as YesNoAnswer }))
		);

	it('leaves abstentions out of the threshold but counts them in turnout', () => {
		// 12 setuju, 6 tidak, 22 abstain: two thirds of those who took a side.
		const result = tallyYesNo(
			{ method: 'yes_no', threshold: 'two_thirds' },
			ballots({ yes: 12, no: 6, abstain: 22 })
		);
		expect(result.passed).toBe(true);
		expect(result.turnout.total).toBe(40);
		expect(result.answers.abstain.total).toBe(22);
	});

	it('adds a show of hands and paper ballots, kept apart by source', () => {
		const result = tallyYesNo(
			{ method: 'yes_no', threshold: 'majority' },
			[...ballots({ yes: 3, no: 5 }), { answer: 'yes', source: 'paper' }],
			[{ source: 'hands', voters: 10, counts: { yes: 6, no: 1, abstain: 3 } }]
		);
		expect(result.answers.yes).toEqual({ total: 10, bySource: { phone: 3, hands: 6, paper: 1 } });
		expect(result.answers.no).toEqual({ total: 6, bySource: { phone: 5, hands: 1, paper: 0 } });
		expect(result.turnout).toEqual({ total: 19, bySource: { phone: 8, hands: 10, paper: 1 } });
		expect(result.passed).toBe(true);
	});

	it('fails a consensus vote on one tidak setuju among 39 setuju', () => {
		const result = tallyYesNo(
			{ method: 'yes_no', threshold: 'consensus' },
			ballots({ yes: 39, no: 1 })
		);
		expect(result.passed).toBe(false);
	});
});
