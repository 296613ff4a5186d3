import { describe, expect, it } from 'vitest';
import { clockOffset, formatCountdown, secondsUntil } from './countdown.ts';

describe('secondsUntil', () => {
	it('rounds up, never goes below 0, and is null without a timer', () => {
		expect(secondsUntil(10_000, 0)).toBe(10);
		expect(secondsUntil(10_000, 9_001)).toBe(1);
		expect(secondsUntil(10_000, 10_000)).toBe(0);
		expect(secondsUntil(10_000, 50_000)).toBe(0);
		expect(secondsUntil(null, 0)).toBeNull();
	});
});

describe('formatCountdown', () => {
	it('reads like a kitchen timer', () => {
		expect(formatCountdown(0)).toBe('0:00');
		expect(formatCountdown(9)).toBe('0:09');
		expect(formatCountdown(125)).toBe('2:05');
		expect(formatCountdown(3600)).toBe('1:00:00');
		expect(formatCountdown(3723)).toBe('1:02:03');
		expect(formatCountdown(-5)).toBe('0:00');
	});
});

describe('clockOffset', () => {
	const at = Date.parse('2025-03-01T08:00:00Z');

	it('finds a phone clock that is minutes behind or ahead', () => {
		expect(clockOffset('Sat, 01 Mar 2025 08:05:00 GMT', at)).toBe(300_500);
		expect(clockOffset('Sat, 01 Mar 2025 07:58:00 GMT', at)).toBe(-119_500);
	});

	it('ignores differences the header cannot resolve, and bad or missing headers', () => {
		expect(clockOffset('Sat, 01 Mar 2025 08:00:01 GMT', at)).toBe(0);
		expect(clockOffset('not a date', at)).toBe(0);
		expect(clockOffset(null, at)).toBe(0);
	});
});
