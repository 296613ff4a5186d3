import { describe, expect, it } from 'vitest';
import {
	fundingTotals,
	mergeAfterConflict,
	openedValues,
	partnerRows,
	sameValue,
	valuesFromDraft,
	valuesFromForm,
	valuesFromItem,
	type StoredItem
} from './form-values';

const form = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

describe('fundingTotals', () => {
	it('adds the sources as typed and reads the budget', () => {
		expect(
			fundingTotals(
				form({
					budget: '150 juta',
					'funding.dana_kelurahan': '100.000.000',
					'funding.swadaya': '40 juta'
				})
			)
		).toEqual({ budget: 150_000_000, sum: 140_000_000, unreadable: false });
	});

	it('says when a source cannot be read, and when the budget is blank', () => {
		expect(fundingTotals(form({ 'funding.csr': '1,5 M', 'funding.lsm': '2 juta' }))).toEqual({
			budget: null,
			sum: 2_000_000,
			unreadable: true
		});
	});
});

describe('valuesFromDraft', () => {
	it('writes amounts the way staff type them and drops a sector the kelurahan lacks', () => {
		const values = valuesFromDraft(
			{
				activity: 'Drainase',
				strategyArea: 'antariksa',
				rt: null,
				rw: 5,
				volume: 1.5,
				budget: 100_000_000,
				funding: { dana_kelurahan: 100_000_000 }
			},
			['infrastruktur']
		);
		expect(values).toMatchObject({
			activity: 'Drainase',
			strategyArea: '',
			rt: '',
			rw: '5',
			volume: '1,5',
			budget: '100.000.000',
			'funding.dana_kelurahan': '100.000.000',
			'funding.swadaya': ''
		});
	});
});

const stored: StoredItem = {
	activity: 'Drainase',
	strategyArea: 'infrastruktur',
	location: '',
	rt: null,
	rw: 5,
	output: 'Saluran 350 m',
	volume: 350,
	unit: 'meter',
	indicatorName: '',
	indicatorUnit: '',
	indicatorBaseline: null,
	indicatorTarget: null,
	budget: 100_000_000,
	responsibleKind: 'kelurahan',
	responsibleName: 'Seksi Pembangunan',
	partners: [{ kind: 'lsm', name: 'LSM Banyu' }],
	startDate: null,
	endDate: '2027-06-30'
};

describe('valuesFromItem and partner rows', () => {
	it('gives every input of a stored item, partners by row', () => {
		const values = valuesFromItem(stored, { dana_kelurahan: 80_000_000, swadaya: 20_000_000 });
		expect(values).toMatchObject({
			volume: '350',
			budget: '100.000.000',
			'funding.swadaya': '20.000.000',
			'funding.csr': '',
			'partners.0.kind': 'lsm',
			'partners.0.name': 'LSM Banyu',
			startDate: '',
			endDate: '2027-06-30'
		});
		expect(partnerRows(values)).toBe(3);
		expect(partnerRows({ 'partners.4.name': 'Karang Taruna' })).toBe(5);
	});
});

describe('after a conflict', () => {
	const opened = valuesFromItem(stored, { dana_kelurahan: 100_000_000 });

	it('keeps what this person changed and takes the rest from what is stored now', () => {
		const yours = { ...opened, output: 'Saluran 400 m', budget: '100 juta' };
		const current = { ...opened, responsibleName: 'Kasi Ekbang', output: 'Saluran 380 m' };
		const merged = mergeAfterConflict(yours, opened, current);
		expect(merged.output).toBe('Saluran 400 m');
		expect(merged.responsibleName).toBe('Kasi Ekbang');
		// "100 juta" is the same amount as what was opened: not an edit of theirs to keep.
		expect(merged.budget).toBe('100.000.000');
	});

	it('reads the opened values back only as a flat record of strings', () => {
		const body = new FormData();
		body.set('opened', JSON.stringify({ output: 'x', volume: 3, nested: { a: 1 } }));
		body.set('output', 'y');
		expect(openedValues(body)).toEqual({ output: 'x' });
		expect(valuesFromForm(body)).toEqual({ output: 'y' });
		body.set('opened', '[1,2]');
		expect(openedValues(body)).toBeNull();
		body.set('opened', '{not json');
		expect(openedValues(body)).toBeNull();
	});

	it('compares numbers by value and text as typed', () => {
		expect(sameValue('funding.csr', '1,5 miliar', '1.500.000.000')).toBe(true);
		expect(sameValue('volume', '1,5', '1.5')).toBe(true);
		expect(sameValue('rt', '', '')).toBe(true);
		expect(sameValue('output', 'a', 'b')).toBe(false);
	});
});
