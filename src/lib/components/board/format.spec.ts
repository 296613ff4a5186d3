import { describe, expect, it } from 'vitest';
import { formatLocation, formatQuantity, formatRtRw, formatRupiah } from './format.ts';

describe('formatRupiah', () => {
	it('groups thousands with dots after "Rp "', () => {
		expect(formatRupiah(150_000_000)).toBe('Rp 150.000.000');
		expect(formatRupiah(1_500)).toBe('Rp 1.500');
		expect(formatRupiah(999)).toBe('Rp 999');
		expect(formatRupiah(0)).toBe('Rp 0');
		expect(formatRupiah(10_000_000_000_000)).toBe('Rp 10.000.000.000.000');
	});

	it('shows nothing when there is no estimate', () => {
		expect(formatRupiah(null)).toBe('');
		expect(formatRupiah(Number.NaN)).toBe('');
	});
});

describe('formatQuantity', () => {
	it('uses a decimal comma and thousands dots', () => {
		expect(formatQuantity(1.5)).toBe('1,5');
		expect(formatQuantity(1200)).toBe('1.200');
		expect(formatQuantity(1234.25)).toBe('1.234,25');
		expect(formatQuantity(0)).toBe('0');
		expect(formatQuantity(null)).toBe('');
	});
});

describe('formatLocation', () => {
	it('joins RT/RW and the free-text place', () => {
		expect(formatRtRw(3, 1)).toBe('RT 03 / RW 01');
		expect(formatRtRw(null, 12)).toBe('RW 12');
		expect(formatLocation({ rt: 3, rw: 1, locationText: ' depan balai ' })).toBe(
			'RT 03 / RW 01 · depan balai'
		);
		expect(formatLocation({ rt: null, rw: null, locationText: '' })).toBe('');
	});
});
