import { describe, expect, it } from 'vitest';
import { secondsLeft, voteStatus } from './status.ts';

const t = (s: number) => new Date(Date.UTC(2027, 0, 16, 2, 0, s));

describe('voteStatus', () => {
	it('is draft until opened, open while the timer runs, closed after it or after closing', () => {
		expect(voteStatus({ openedAt: null, closesAt: null, closedAt: null }, t(0))).toBe('draft');
		const timed = { openedAt: t(0), closesAt: t(60), closedAt: null };
		expect(voteStatus(timed, t(59))).toBe('open');
		expect(voteStatus(timed, t(60))).toBe('closed');
		expect(voteStatus({ ...timed, closedAt: t(30) }, t(40))).toBe('closed');
		expect(voteStatus({ openedAt: t(0), closesAt: null, closedAt: null }, t(9999))).toBe('open');
	});

	it('counts the seconds left, rounding up, and 0 once the timer ran out', () => {
		const timed = { openedAt: t(0), closesAt: t(60), closedAt: null };
		expect(secondsLeft(timed, new Date(t(0).getTime() + 500))).toBe(60);
		expect(secondsLeft(timed, t(59))).toBe(1);
		expect(secondsLeft(timed, t(61))).toBe(0);
		expect(secondsLeft({ openedAt: t(0), closesAt: null, closedAt: null }, t(5))).toBeNull();
	});
});
