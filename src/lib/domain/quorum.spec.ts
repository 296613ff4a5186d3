import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quorumStatus, type QuorumRule } from './quorum.ts';

const share = (s: number): QuorumRule => ({ kind: 'share', share: s });

describe('quorumStatus', () => {
	describe('none', () => {
		it('is always met and asks for nothing', () => {
			expect(quorumStatus({ kind: 'none' }, { verifiedAttendees: 0, ballots: 0 })).toEqual({
				met: true,
				required: 0,
				have: 0
			});
			expect(quorumStatus({ kind: 'none' }, { verifiedAttendees: 500, ballots: 3 }).met).toBe(true);
		});
	});

	describe('count', () => {
		it('is met exactly at min', () => {
			const rule: QuorumRule = { kind: 'count', min: 30 };
			expect(quorumStatus(rule, { verifiedAttendees: 100, ballots: 29 })).toEqual({
				met: false,
				required: 30,
				have: 29
			});
			expect(quorumStatus(rule, { verifiedAttendees: 100, ballots: 30 }).met).toBe(true);
		});
		it('does not depend on attendance (paper ballots may exceed verified phones)', () => {
			const rule: QuorumRule = { kind: 'count', min: 10 };
			expect(quorumStatus(rule, { verifiedAttendees: 0, ballots: 12 }).met).toBe(true);
		});
		it('rounds a fractional min up and treats a negative one as 0', () => {
			expect(
				quorumStatus({ kind: 'count', min: 2.5 }, { verifiedAttendees: 0, ballots: 2 })
			).toEqual({ met: false, required: 3, have: 2 });
			expect(
				quorumStatus({ kind: 'count', min: -4 }, { verifiedAttendees: 0, ballots: 0 }).required
			).toBe(0);
		});
	});

	describe('share', () => {
		it('rounds up: half of 7 needs 4', () => {
			expect(quorumStatus(share(0.5), { verifiedAttendees: 7, ballots: 3 })).toEqual({
				met: false,
				required: 4,
				have: 3
			});
			expect(quorumStatus(share(0.5), { verifiedAttendees: 7, ballots: 4 }).met).toBe(true);
		});
		it('half of 8 needs exactly 4', () => {
			expect(quorumStatus(share(0.5), { verifiedAttendees: 8, ballots: 4 })).toEqual({
				met: true,
				required: 4,
				have: 4
			});
		});
		it.each([
			[0.3, 10, 3], // 0.3 × 10 = 3.0000000000000004 in floating point
			[0.7, 10, 7], // 7.000000000000001
			[0.6, 5, 3], // 2.9999999999999996 would round up correctly anyway
			[0.1, 30, 3], // 3.0000000000000004
			[2 / 3, 9, 6],
			[0.51, 100, 51],
			[0.501, 100, 51]
		])('share %d of %d attendees needs %d, not one more', (s, attendees, required) => {
			expect(quorumStatus(share(s), { verifiedAttendees: attendees, ballots: 0 }).required).toBe(
				required
			);
		});
		it('share 1.0 needs every verified attendee', () => {
			expect(quorumStatus(share(1), { verifiedAttendees: 120, ballots: 119 })).toEqual({
				met: false,
				required: 120,
				have: 119
			});
			expect(quorumStatus(share(1), { verifiedAttendees: 120, ballots: 120 }).met).toBe(true);
		});
		it('with 0 attendees still needs one ballot: an empty room is never quorate', () => {
			expect(quorumStatus(share(0.5), { verifiedAttendees: 0, ballots: 0 })).toEqual({
				met: false,
				required: 1,
				have: 0
			});
			expect(quorumStatus(share(0.5), { verifiedAttendees: 0, ballots: 1 }).met).toBe(true);
		});
		it('a tiny share of a small room still needs one ballot', () => {
			expect(quorumStatus(share(0.01), { verifiedAttendees: 5, ballots: 0 }).required).toBe(1);
		});
		it('more ballots than attendees (paper counts added) are still met', () => {
			expect(quorumStatus(share(1), { verifiedAttendees: 10, ballots: 15 }).met).toBe(true);
		});
		it('clamps a share above 1 and treats 0 or NaN as no quorum', () => {
			expect(quorumStatus(share(1.5), { verifiedAttendees: 10, ballots: 0 }).required).toBe(10);
			expect(quorumStatus(share(0), { verifiedAttendees: 10, ballots: 0 }).required).toBe(0);
			expect(quorumStatus(share(NaN), { verifiedAttendees: 10, ballots: 0 }).required).toBe(0);
		});
	});

	it('treats negative, fractional or non-finite counts as whole non-negative numbers', () => {
		expect(quorumStatus(share(0.5), { verifiedAttendees: -3, ballots: -1 })).toEqual({
			met: false,
			required: 1,
			have: 0
		});
		expect(quorumStatus(share(0.5), { verifiedAttendees: 9.9, ballots: 4.7 })).toEqual({
			met: false,
			required: 5,
			have: 4
		});
		expect(quorumStatus(share(0.5), { verifiedAttendees: Infinity, ballots: NaN })).toEqual({
			met: false,
			required: 1,
			have: 0
		});
	});
});

describe('quorumStatus (properties)', () => {
	const ruleArb: fc.Arbitrary<QuorumRule> = fc.oneof(
		fc.constant({ kind: 'none' as const }),
		fc.record({ kind: fc.constant('count' as const), min: fc.integer({ min: 1, max: 1000 }) }),
		fc.record({
			kind: fc.constant('share' as const),
			share: fc.double({ min: 0.001, max: 1, noNaN: true })
		})
	);
	const count = fc.integer({ min: 0, max: 2000 });

	it('one more ballot never loses a quorum that was met', () => {
		fc.assert(
			fc.property(ruleArb, count, count, (rule, verifiedAttendees, ballots) => {
				if (quorumStatus(rule, { verifiedAttendees, ballots }).met) {
					expect(quorumStatus(rule, { verifiedAttendees, ballots: ballots + 1 }).met).toBe(true);
				}
			})
		);
	});

	it('a share quorum asks more of a bigger room, and never more than the room (or 1)', () => {
		fc.assert(
			fc.property(ruleArb, count, (rule, verifiedAttendees) => {
				const now = quorumStatus(rule, { verifiedAttendees, ballots: 0 }).required;
				const bigger = quorumStatus(rule, { verifiedAttendees: verifiedAttendees + 1, ballots: 0 });
				expect(bigger.required).toBeGreaterThanOrEqual(now);
				if (rule.kind === 'share') {
					expect(now).toBeLessThanOrEqual(Math.max(1, verifiedAttendees));
					expect(now).toBeGreaterThanOrEqual(rule.share * verifiedAttendees - 1e-6);
				}
			})
		);
	});
});
