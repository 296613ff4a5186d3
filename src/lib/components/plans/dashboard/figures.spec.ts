import { describe, expect, it } from 'vitest';
import {
	barPercent,
	daysBetween,
	formatDateWib,
	formatDay,
	indicatorShare,
	scaleMax,
	wholePercent
} from './figures.ts';

describe('indicatorShare', () => {
	it('measures the way from baseline to target', () => {
		expect(indicatorShare(10, 30, 20)).toBe(0.5);
		expect(indicatorShare(10, 30, 10)).toBe(0);
		expect(indicatorShare(10, 30, 30)).toBe(1);
		expect(indicatorShare(0, 20, 25)).toBe(1.25);
		expect(indicatorShare(10, 30, 5)).toBe(-0.25);
	});
	it('works for targets that go down (fewer stunted children)', () => {
		expect(indicatorShare(40, 20, 30)).toBe(0.5);
		expect(indicatorShare(40, 20, 45)).toBe(-0.25);
	});
	it('counts a missing baseline as 0', () => {
		expect(indicatorShare(null, 100, 25)).toBe(0.25);
	});
	it('has no share without a value or without a way to go', () => {
		expect(indicatorShare(10, 30, null)).toBeNull();
		expect(indicatorShare(5, 5, 7)).toBeNull();
		expect(indicatorShare(null, 0, 3)).toBeNull();
	});
});

describe('daysBetween', () => {
	it('counts calendar days, across months and leap days', () => {
		expect(daysBetween('2027-03-31', '2027-06-15')).toBe(76);
		expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
		expect(daysBetween('2027-06-15', '2027-06-15')).toBe(0);
		expect(daysBetween('2027-06-16', '2027-06-15')).toBe(-1);
	});
});

describe('barPercent and scaleMax', () => {
	it('scales to the largest value and keeps bars inside the track', () => {
		const values = [jt(70), jt(35), null, 0];
		const max = scaleMax(values);
		expect(max).toBe(jt(70));
		expect(values.map((v) => barPercent(v, max))).toEqual([100, 50, 0, 0]);
		expect(barPercent(1.25, 1)).toBe(100);
		expect(barPercent(-0.25, 1)).toBe(0);
	});
	it('draws nothing on an empty scale', () => {
		expect(scaleMax([], 0)).toBe(0);
		expect(barPercent(5, 0)).toBe(0);
		expect(scaleMax([0, null], 1)).toBe(1);
	});
});

describe('wholePercent', () => {
	it('rounds to a whole percent and has none of nothing', () => {
		expect(wholePercent(59, 141.5)).toBe(42);
		expect(wholePercent(0, 10)).toBe(0);
		expect(wholePercent(3, 0)).toBeNull();
	});
});

describe('dates for people', () => {
	it('writes a stored day as it is, in both languages', () => {
		expect(formatDay('2027-03-31', 'id')).toBe('31 Mar 2027');
		expect(formatDay('2027-03-31', 'en')).toBe('31 Mar 2027');
		expect(formatDay('2027-08-01', 'id')).toBe('1 Agu 2027');
	});
	it('gives the day at the kelurahan, not in UTC', () => {
		expect(formatDateWib(new Date('2027-01-15T20:00:00Z'), 'id')).toBe('16 Jan 2027');
	});
});

function jt(n: number) {
	return n * 1_000_000;
}
