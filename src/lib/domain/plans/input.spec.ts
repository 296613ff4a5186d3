import { describe, expect, it } from 'vitest';
import {
	parseDecimal,
	parsePlanItemForm,
	parseProgressForm,
	validatePlanItemInput
} from './input.ts';
import { canMoveItem, canMovePlan, itemIsLate, todayInWib } from './model.ts';

const form = (entries: Record<string, string>) => new URLSearchParams(entries);

describe('plan item input', () => {
	const base = {
		activity: 'Perbaikan drainase',
		strategyArea: 'infrastruktur',
		budget: '150 juta',
		'funding.dana_kelurahan': '120.000.000',
		'funding.swadaya': '30 juta'
	};

	it('reads money as staff type it and keeps only sources with an amount', () => {
		const r = parsePlanItemForm(form(base), ['infrastruktur']);
		expect(r).toMatchObject({
			ok: true,
			value: {
				budget: 150_000_000,
				funding: { dana_kelurahan: 120_000_000, swadaya: 30_000_000 },
				responsibleKind: 'kelurahan',
				partners: []
			}
		});
	});

	it('refuses a split that does not add up to the budget', () => {
		const r = parsePlanItemForm(form({ ...base, 'funding.swadaya': '20 juta' }));
		expect(r).toEqual({ ok: false, errors: [{ field: 'funding', code: 'budget_mismatch' }] });
		// A budget with no source at all does not add up either (unless it is 0).
		expect(validatePlanItemInput({ activity: 'abc', strategyArea: 'x', budget: 5 })).toMatchObject({
			ok: false,
			errors: [{ field: 'funding', code: 'budget_mismatch' }]
		});
		expect(validatePlanItemInput({ activity: 'abc', strategyArea: 'x', budget: 0 }).ok).toBe(true);
	});

	it('reports unreadable numbers once, dates out of order, and unknown sectors', () => {
		const r = parsePlanItemForm(
			form({
				...base,
				budget: '1,5 M',
				startDate: '2027-05-01',
				endDate: '2027-04-01',
				volume: 'dua'
			})
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors).toEqual(
			expect.arrayContaining([
				{ field: 'budget', code: 'ambiguous_amount' },
				{ field: 'volume', code: 'invalid_decimal' }
			])
		);
		expect(r.errors.filter((e) => e.field === 'budget')).toHaveLength(1);
		const dates = parsePlanItemForm(
			form({ ...base, startDate: '2027-05-01', endDate: '2027-04-01' })
		);
		expect(dates).toEqual({ ok: false, errors: [{ field: 'endDate', code: 'end_before_start' }] });
		expect(parsePlanItemForm(form({ ...base, startDate: '2027-02-30' }))).toEqual({
			ok: false,
			errors: [{ field: 'startDate', code: 'invalid_date' }]
		});
		expect(parsePlanItemForm(form(base), ['pendidikan'])).toEqual({
			ok: false,
			errors: [{ field: 'strategyArea', code: 'unknown_sector' }]
		});
	});

	it('takes partner rows and skips blank ones', () => {
		const r = parsePlanItemForm(
			form({
				...base,
				'partners.0.kind': 'lsm',
				'partners.0.name': 'Yayasan Air Bersih',
				'partners.1.kind': 'swasta',
				'partners.1.name': '  ',
				'partners.2.kind': 'bogus',
				'partners.2.name': 'PT X'
			})
		);
		expect(r).toMatchObject({
			ok: false,
			errors: [{ field: 'partners.kind', code: 'invalid_choice' }]
		});
	});
});

describe('progress input', () => {
	it('needs a date and a percentage from 0 to 100', () => {
		expect(
			parseProgressForm(
				form({ reportedOn: '2027-04-01', percent: '40', realisedBudget: 'Rp 10 juta' })
			)
		).toMatchObject({
			ok: true,
			value: { percent: 40, realisedBudget: 10_000_000, indicatorValue: null }
		});
		expect(parseProgressForm(form({ reportedOn: '', percent: '101' }))).toMatchObject({
			ok: false,
			errors: expect.arrayContaining([
				{ field: 'reportedOn', code: 'invalid_date' },
				{ field: 'percent', code: 'too_big' }
			])
		});
	});
});

describe('decimals as Indonesians type them', () => {
	it.each([
		['1,5', 1.5],
		['1.250', 1250],
		['1.250,5', 1250.5],
		['2.5', 2.5],
		['', null],
		['-3', -3]
	])('%s → %s', (text, value) => expect(parseDecimal(text)).toEqual({ ok: true, value }));
	it.each(['1,2,3', 'abc', '1..2'])('refuses %s', (text) =>
		expect(parseDecimal(text).ok).toBe(false)
	);
});

describe('plan and item statuses', () => {
	it('moves plans forward one step, and back only where it makes sense', () => {
		expect(canMovePlan('draft', 'approved')).toBe(true);
		expect(canMovePlan('draft', 'closed')).toBe(false);
		expect(canMovePlan('approved', 'draft')).toBe(true);
		expect(canMoveItem('done', 'cancelled')).toBe(false);
		expect(canMoveItem('cancelled', 'planned')).toBe(true);
	});
	it('calls an item late only when its end date passed and it is still open', () => {
		const item = { status: 'in_progress' as const, endDate: '2027-06-30', carriedOverAt: null };
		expect(itemIsLate(item, '2027-07-01')).toBe(true);
		expect(itemIsLate(item, '2027-06-30')).toBe(false);
		expect(itemIsLate({ ...item, status: 'done' }, '2027-07-01')).toBe(false);
		expect(itemIsLate({ ...item, carriedOverAt: new Date() }, '2027-07-01')).toBe(false);
		expect(todayInWib(new Date('2027-06-30T18:00:00Z'))).toBe('2027-07-01');
	});
});
