import { describe, expect, it } from 'vitest';
import { validateBallot } from '$lib/domain/votes/ballot';
import type { SettingsOf, VoteSettings } from '$lib/domain/votes/methods';
import {
	budgetTotal,
	canAddDot,
	checkDraft,
	criteriaDone,
	draftFrom,
	dotsLeft,
	emptyDraft,
	rankOf,
	setCriterionScore,
	setScore,
	stepDots,
	toggleApproval,
	toggleBudget,
	toggleRank
} from './choice.ts';

const options = [
	{ id: 'a', cost: 100 },
	{ id: 'b', cost: 250 },
	{ id: 'c', cost: 50 }
];
const dots: SettingsOf<'dots'> = { method: 'dots', dots: 5, maxPerOption: 3 };
const criteria: SettingsOf<'criteria'> = {
	method: 'criteria',
	criteria: [
		{ id: 'urgency', weight: 60 },
		{ id: 'beneficiaries', weight: 40 }
	],
	min: 1,
	max: 5
};

describe('emptyDraft', () => {
	const all: VoteSettings[] = [
		{ method: 'yes_no', threshold: 'majority' },
		{ method: 'approval', maxChoices: 2 },
		dots,
		{ method: 'score', min: 1, max: 5 },
		criteria,
		{ method: 'ranked', fullRanking: false },
		{ method: 'budget', ceiling: 300 }
	];

	it('is a blank but valid ballot for methods that allow one', () => {
		for (const s of all.filter((x) => ['approval', 'dots', 'ranked', 'budget'].includes(x.method)))
			expect(checkDraft(emptyDraft(s), options)).toMatchObject({ ok: true });
	});

	it('is not yet sendable where an answer or every score is required', () => {
		expect(checkDraft(emptyDraft(all[0]), options)).toMatchObject({
			ok: false,
			code: 'invalid_answer'
		});
		expect(checkDraft(emptyDraft(all[3]), options)).toMatchObject({
			ok: false,
			code: 'missing_score',
			detail: { optionId: 'a' }
		});
		expect(checkDraft(emptyDraft(criteria), options)).toMatchObject({
			ok: false,
			code: 'missing_score'
		});
	});
});

describe('draftFrom', () => {
	it('starts from an earlier ballot that is still valid', () => {
		const d = draftFrom({ method: 'approval', maxChoices: 2 }, options, { optionIds: ['c'] });
		expect(d).toMatchObject({ method: 'approval', choice: { optionIds: ['c'] } });
	});

	it('starts empty from a ballot that no longer fits the vote', () => {
		const s: VoteSettings = { method: 'approval', maxChoices: 2 };
		expect(draftFrom(s, options, { optionIds: ['gone'] }).choice).toEqual({ optionIds: [] });
		expect(draftFrom(s, options, { answer: 'yes' }).choice).toEqual({ optionIds: [] });
		expect(draftFrom(s, options, null).choice).toEqual({ optionIds: [] });
	});
});

describe('approval', () => {
	it('ticks and unticks, and never goes past the limit', () => {
		expect(toggleApproval([], 'a', 2)).toEqual(['a']);
		expect(toggleApproval(['a', 'b'], 'c', 2)).toEqual(['a', 'b']);
		expect(toggleApproval(['a', 'b'], 'a', 2)).toEqual(['b']);
	});
});

describe('dots', () => {
	it('adds up to the per-option limit and the total, and takes back down to zero', () => {
		let d: Record<string, number> = {};
		for (let i = 0; i < 4; i++) d = stepDots(dots, d, 'a', 1);
		expect(d).toEqual({ a: 3 });
		expect(canAddDot(dots, d, 'a')).toBe(false);
		d = stepDots(dots, d, 'b', 1);
		d = stepDots(dots, d, 'b', 1);
		expect(dotsLeft(dots, d)).toBe(0);
		expect(stepDots(dots, d, 'c', 1)).toEqual(d);
		d = stepDots(dots, d, 'b', -1);
		d = stepDots(dots, d, 'b', -1);
		expect(d).toEqual({ a: 3 });
		expect(stepDots(dots, d, 'b', -1)).toEqual({ a: 3 });
		expect(validateBallot(dots, options, { dots: d })).toMatchObject({ ok: true });
	});
});

describe('scores', () => {
	it('builds a complete score ballot the server accepts', () => {
		let s: Record<string, number> = {};
		for (const [id, n] of [
			['a', 5],
			['b', 1],
			['c', 3]
		] as const)
			s = setScore(s, id, n);
		expect(validateBallot({ method: 'score', min: 1, max: 5 }, options, { scores: s })).toEqual({
			ok: true,
			ballot: { scores: { a: 5, b: 1, c: 3 } }
		});
	});

	it('counts an usulan as done only when every criterion is scored', () => {
		let s = setCriterionScore({}, 'a', 'urgency', 4);
		expect(criteriaDone(criteria, s)).toBe(0);
		s = setCriterionScore(s, 'a', 'beneficiaries', 2);
		expect(criteriaDone(criteria, s)).toBe(1);
		expect(s).toEqual({ a: { urgency: 4, beneficiaries: 2 } });
	});
});

describe('ranked', () => {
	it('gives the next place on a tap and closes the gap when one is taken out', () => {
		let r = toggleRank([], 'b');
		r = toggleRank(r, 'c');
		r = toggleRank(r, 'a');
		expect(r).toEqual(['b', 'c', 'a']);
		r = toggleRank(r, 'c');
		expect(r).toEqual(['b', 'a']);
		expect(rankOf(r, 'a')).toBe(2);
		expect(rankOf(r, 'c')).toBeNull();
	});

	it('keeps the tapped order in the ballot', () => {
		expect(
			validateBallot({ method: 'ranked', fullRanking: false }, options, { ranking: ['c', 'a'] })
		).toEqual({ ok: true, ballot: { ranking: ['c', 'a'] } });
	});
});

describe('budget', () => {
	it('adds the costs of what is ticked; over the ceiling the ballot is refused', () => {
		const ids = toggleBudget(toggleBudget([], 'a'), 'b');
		expect(budgetTotal(options, ids)).toBe(350);
		expect(validateBallot({ method: 'budget', ceiling: 300 }, options, { optionIds: ids })).toEqual(
			{ ok: false, code: 'over_budget', detail: { max: 300, total: 350 } }
		);
		expect(toggleBudget(ids, 'b')).toEqual(['a']);
	});
});
