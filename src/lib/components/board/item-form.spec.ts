import { describe, expect, it } from 'vitest';
import {
	fieldValueFromInput,
	itemInputFromForm,
	parseCostInput,
	parseRtRwInput,
	parseVolumeInput
} from './item-form.ts';

const me = { participantId: 'p-1', name: 'Bu Siti', rt: 3, rw: 1 };

describe('number inputs', () => {
	it('reads a blank field as unknown', () => {
		expect(parseRtRwInput('  ')).toEqual({ ok: true, value: null });
		expect(parseCostInput('')).toEqual({ ok: true, value: null });
		expect(parseVolumeInput(undefined)).toEqual({ ok: true, value: null });
	});

	it('reads Rupiah the Indonesian way', () => {
		expect(parseCostInput('Rp 150.000.000')).toEqual({ ok: true, value: 150_000_000 });
		expect(parseCostInput('150 juta')).toEqual({ ok: true, value: 150_000_000 });
		expect(parseCostInput('150,000')).toEqual({ ok: false, code: 'ambiguous_amount' });
	});

	it('reads quantities with a decimal comma, thousands dots or a short decimal point', () => {
		expect(parseVolumeInput('120')).toEqual({ ok: true, value: 120 });
		expect(parseVolumeInput('1,5')).toEqual({ ok: true, value: 1.5 });
		expect(parseVolumeInput('1.200')).toEqual({ ok: true, value: 1200 });
		expect(parseVolumeInput('1.200,5')).toEqual({ ok: true, value: 1200.5 });
		expect(parseVolumeInput('1.5')).toEqual({ ok: true, value: 1.5 });
	});

	it('refuses quantities it cannot read', () => {
		expect(parseVolumeInput('sepuluh')).toEqual({ ok: false, code: 'invalid_number' });
		expect(parseVolumeInput('-3')).toEqual({ ok: false, code: 'invalid_number' });
		expect(parseVolumeInput('1.20.0')).toEqual({ ok: false, code: 'invalid_number' });
		expect(parseRtRwInput('RT 3')).toEqual({ ok: false, code: 'invalid_number' });
	});
});

describe('itemInputFromForm', () => {
	it('builds addItem input with the person adding as proposer', () => {
		const result = itemInputFromForm(
			{
				title: 'Perbaikan jalan',
				problem: 'Berlubang',
				rt: '3',
				rw: '01',
				sector: 'infrastruktur',
				volume: '120',
				unit: 'm',
				estimatedCost: '15 juta',
				fundingSource: 'dana_kelurahan',
				proposerName: ''
			},
			me
		);
		expect(result).toEqual({
			ok: true,
			input: {
				title: 'Perbaikan jalan',
				problem: 'Berlubang',
				locationText: '',
				rt: 3,
				rw: 1,
				sector: 'infrastruktur',
				volume: 120,
				unit: 'm',
				estimatedCost: 15_000_000,
				fundingSource: 'dana_kelurahan',
				proposers: [{ participantId: 'p-1', name: 'Bu Siti', rt: 3, rw: 1 }]
			}
		});
	});

	it('records another proposer by name (with the usulan RT/RW) when one is typed', () => {
		const result = itemInputFromForm({ title: 'x', proposerName: 'Pak Budi', rt: '2' }, me);
		expect(result.ok && result.input.proposers).toEqual([{ name: 'Pak Budi', rt: 2, rw: null }]);
	});

	it('reports every number it cannot read, by field', () => {
		const result = itemInputFromForm(
			{ title: 'x', rt: 'tiga', rw: '1', volume: 'banyak', estimatedCost: '5 M' },
			me
		);
		expect(result).toEqual({
			ok: false,
			errors: [
				{ field: 'rt', code: 'invalid_number' },
				{ field: 'volume', code: 'invalid_number' },
				{ field: 'estimatedCost', code: 'ambiguous_amount' }
			]
		});
	});
});

describe('fieldValueFromInput', () => {
	it('parses number fields and passes text fields through', () => {
		expect(fieldValueFromInput('estimatedCost', 'Rp 2.500.000')).toEqual({
			ok: true,
			value: 2_500_000
		});
		expect(fieldValueFromInput('rw', '')).toEqual({ ok: true, value: null });
		expect(fieldValueFromInput('unit', 'meter')).toEqual({ ok: true, value: 'meter' });
		expect(fieldValueFromInput('rt', 'x')).toEqual({ ok: false, code: 'invalid_number' });
	});
});
