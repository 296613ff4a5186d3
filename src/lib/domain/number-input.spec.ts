import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePercent, parseRupiah, parseWholeNumber } from './number-input.ts';

describe('parseRupiah', () => {
	it.each([
		['0', 0],
		['150000000', 150_000_000],
		['150.000.000', 150_000_000],
		['1.500', 1_500],
		['Rp 150.000.000', 150_000_000],
		['Rp150.000.000', 150_000_000],
		['rp. 150.000.000', 150_000_000],
		['RP 150.000.000', 150_000_000],
		['IDR 150000000', 150_000_000],
		['Rp\u00a0150.000.000', 150_000_000], // no-break space from a copied document
		['  150.000.000  ', 150_000_000],
		['150.000.000,00', 150_000_000],
		['150.000.000,0', 150_000_000],
		['Rp 150.000.000,-', 150_000_000],
		['150.000.000,--', 150_000_000],
		['150 juta', 150_000_000],
		['150juta', 150_000_000],
		['Rp 150 juta', 150_000_000],
		['150 jt', 150_000_000],
		['150jt.', 150_000_000],
		['1,5 miliar', 1_500_000_000],
		['1,25 milyar', 1_250_000_000],
		['1.500 juta', 1_500_000_000],
		['2 triliun', 2_000_000_000_000],
		['750 ribu', 750_000],
		['750rb', 750_000],
		['750k', 750_000],
		['2,5 Juta', 2_500_000],
		['1,000001 juta', 1_000_001],
		['150 million', 150_000_000],
		['1,5 billion', 1_500_000_000],
		['5 thousand', 5_000],
		['１５０．０００', 150_000] // full-width digits from some keyboards
	])('reads %j as %d', (text, value) => {
		expect(parseRupiah(text)).toEqual({ ok: true, value });
	});

	it.each([
		['', 'required'],
		['   ', 'required'],
		['abc', 'invalid_amount'],
		['-5000', 'invalid_amount'],
		['Rp -5.000', 'invalid_amount'],
		['+5000', 'invalid_amount'],
		['1.5 juta', 'invalid_amount'], // a dot is never a decimal point
		['150.00', 'invalid_amount'],
		['1.50.000', 'invalid_amount'],
		['1500.000', 'invalid_amount'],
		['150.000.', 'invalid_amount'],
		['.500', 'invalid_amount'],
		['150 000 000', 'invalid_amount'],
		['1 juta 500 ribu', 'invalid_amount'],
		['150 dolar', 'invalid_amount'],
		['$150', 'invalid_amount'],
		['150,0000', 'invalid_amount'], // more than two digits of sen
		['150,- juta', 'invalid_amount'],
		['150,', 'invalid_amount'],
		['1'.repeat(41), 'invalid_amount'],
		['150,000', 'ambiguous_amount'], // English thousands, or 150 with sen?
		['1,500 juta', 'ambiguous_amount'],
		['5 M', 'ambiguous_amount'], // miliar in Indonesian, million in English
		['5m', 'ambiguous_amount'],
		['5 mn', 'ambiguous_amount'],
		['150.000,50', 'not_whole_rupiah'],
		['150,5', 'not_whole_rupiah'],
		['1,2345 ribu', 'not_whole_rupiah'],
		['99999999999 triliun', 'too_big'],
		['9'.repeat(20), 'too_big']
	])('refuses %j with %s', (text, code) => {
		expect(parseRupiah(text)).toEqual({ ok: false, code });
	});
});

describe('parsePercent', () => {
	it.each([
		['30', 0.3],
		['30%', 0.3],
		['30 %', 0.3],
		[' 30 ', 0.3],
		['0', 0],
		['100', 1],
		['12,5', 0.125],
		['12.5', 0.125],
		['33,3', 0.333],
		['7', 0.07],
		['0,5', 0.005]
	])('reads %j as %d', (text, value) => {
		const result = parsePercent(text);
		expect(result.ok).toBe(true);
		if (result.ok) expect(result.value).toBeCloseTo(value, 12);
	});

	it.each([
		['', 'required'],
		['tiga puluh', 'invalid_number'],
		['-10', 'invalid_number'],
		['30%%', 'invalid_number'],
		['1,2,3', 'invalid_number'],
		['0.3.', 'invalid_number'],
		['%', 'invalid_number'],
		['100,5', 'too_big'],
		['150', 'too_big'],
		['1000000', 'invalid_number']
	])('refuses %j with %s', (text, code) => {
		expect(parsePercent(text)).toEqual({ ok: false, code });
	});
});

describe('parseWholeNumber', () => {
	it.each([
		['0', 0],
		['25', 25],
		['1.000', 1_000],
		[' 12 ', 12]
	])('reads %j as %d', (text, value) => {
		expect(parseWholeNumber(text)).toEqual({ ok: true, value });
	});

	it.each([
		['', 'required'],
		['2,5', 'invalid_number'],
		['2.5', 'invalid_number'],
		['-1', 'invalid_number'],
		['sepuluh', 'invalid_number'],
		['1e3', 'invalid_number'],
		['9'.repeat(41), 'invalid_number'],
		['9'.repeat(20), 'too_big']
	])('refuses %j with %s', (text, code) => {
		expect(parseWholeNumber(text)).toEqual({ ok: false, code });
	});
});

describe('parseRupiah (properties)', () => {
	/** 150000000 → 150.000.000, without depending on the machine's locale data. */
	const withDots = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
	const amount = fc.integer({ min: 0, max: 10_000_000_000_000 });

	it('reads back any amount written the Indonesian way', () => {
		fc.assert(
			fc.property(
				amount,
				fc.constantFrom('', 'Rp ', 'Rp', 'Rp. ', 'IDR '),
				fc.constantFrom('', ',00', ',-'),
				(n, prefix, suffix) => {
					expect(parseRupiah(`${prefix}${withDots(n)}${suffix}`)).toEqual({ ok: true, value: n });
					expect(parseRupiah(String(n))).toEqual({ ok: true, value: n });
				}
			)
		);
	});

	it('reads whole juta with a decimal comma', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 9_999_999 }),
				fc.integer({ min: 0, max: 99 }),
				(whole, hundredths) => {
					const text = `${withDots(whole)},${String(hundredths).padStart(2, '0')} juta`;
					expect(parseRupiah(text)).toEqual({
						ok: true,
						value: whole * 1_000_000 + hundredths * 10_000
					});
				}
			)
		);
	});

	it('never throws, and anything it accepts is a safe whole number ≥ 0', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string({ maxLength: 30 }),
					fc.string({ unit: fc.constantFrom(...'0123456789.,- rpjutaMk'), maxLength: 20 })
				),
				(text) => {
					const result = parseRupiah(text);
					if (result.ok) {
						expect(Number.isSafeInteger(result.value)).toBe(true);
						expect(result.value).toBeGreaterThanOrEqual(0);
					}
				}
			)
		);
	});
});
