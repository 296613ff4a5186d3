import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RankedBallot } from './ballot.ts';
import { borda, instantRunoff, tallyRanked } from './ranked.ts';
import { optionsOf, shuffled } from './testing.ts';

const opts = optionsOf(4);
/** `n` ballots with the same ranking. */
const many = (n: number, ...ranking: string[]): RankedBallot[] =>
	Array.from({ length: n }, () => ({ ranking }));

describe('instantRunoff', () => {
	it('elects a first-round majority at once', () => {
		const result = instantRunoff(opts, [...many(6, 'u2'), ...many(5, 'u1')]);
		expect(result.winner).toBe('u2');
		expect(result.rounds).toHaveLength(1);
		expect(result.rounds[0]).toMatchObject({ continuing: 11, exhausted: 0, eliminated: null });
	});

	it('transfers eliminated options’ ballots to the next preference', () => {
		// u1 leads on first preferences, but u3's and u4's voters prefer u2.
		const ballots = [
			...many(8, 'u1'),
			...many(6, 'u2', 'u1'),
			...many(4, 'u3', 'u2'),
			...many(2, 'u4', 'u3', 'u2')
		];
		const result = instantRunoff(opts, ballots);
		expect(result.rounds.map((r) => r.eliminated)).toEqual(['u4', 'u3', null]);
		expect(result.rounds[1].votes).toEqual([
			{ optionId: 'u1', votes: 8 },
			{ optionId: 'u2', votes: 6 },
			{ optionId: 'u3', votes: 6 }
		]);
		expect(result.winner).toBe('u2');
		expect(result.rounds[2].votes).toEqual([
			{ optionId: 'u1', votes: 8 },
			{ optionId: 'u2', votes: 12 }
		]);
	});

	it('lets exhausted ballots drop out of the majority', () => {
		const ballots = [...many(4, 'u1'), ...many(3, 'u2'), ...many(2, 'u3')];
		const result = instantRunoff(optionsOf(3), ballots);
		expect(result.rounds[1]).toMatchObject({ continuing: 7, exhausted: 2, winner: 'u1' });
	});

	it('breaks a tie for fewest by earlier rounds', () => {
		// Round 1: u1 5, u2 4, u3 3, u4 1. u4 goes; its ballot lifts u3 to 4, tying u2.
		// u2 and u3 tie at 4 in round 2; in round 1 u3 had fewer (3 < 4), so u3 goes.
		const ballots = [...many(5, 'u1'), ...many(4, 'u2'), ...many(3, 'u3'), ...many(1, 'u4', 'u3')];
		const result = instantRunoff(opts, ballots);
		expect(result.rounds[1]).toMatchObject({ eliminated: 'u3', tieBreak: 'earlier_rounds' });
	});

	it('breaks a tie in every round by list position: the one listed last goes', () => {
		const result = instantRunoff(optionsOf(3), [
			...many(3, 'u1'),
			...many(3, 'u2'),
			...many(3, 'u3')
		]);
		expect(result.rounds[0]).toMatchObject({ eliminated: 'u3', tieBreak: 'list_position' });
		expect(result.rounds[1]).toMatchObject({ eliminated: 'u2', tieBreak: 'list_position' });
		expect(result.winner).toBe('u1');
	});

	it('elects nobody when no ballot ranks anything', () => {
		const result = instantRunoff(opts, many(3));
		expect(result).toEqual({
			winner: null,
			rounds: [
				{
					round: 1,
					votes: opts.map((o) => ({ optionId: o.id, votes: 0 })),
					continuing: 0,
					exhausted: 3,
					winner: null,
					eliminated: null,
					tieBreak: null
				}
			]
		});
	});
});

describe('borda', () => {
	it('gives k … 1 points for a ranking of k and 0 to options left out', () => {
		const result = borda(opts, [{ ranking: ['u2', 'u1', 'u3', 'u4'] }, { ranking: ['u3'] }]);
		expect(result.points).toEqual([
			{ optionId: 'u1', points: 3 },
			{ optionId: 'u2', points: 4 },
			{ optionId: 'u3', points: 3 },
			{ optionId: 'u4', points: 1 }
		]);
		expect(result.standings).toEqual([
			{ optionId: 'u2', place: 1, tied: false },
			{ optionId: 'u1', place: 2, tied: true },
			{ optionId: 'u3', place: 2, tied: true },
			{ optionId: 'u4', place: 4, tied: false }
		]);
	});
});

const rankingsArb = (n: number) =>
	fc.array(
		fc.shuffledSubarray(
			optionsOf(n).map((o) => o.id),
			{ minLength: 0 }
		),
		{ maxLength: 40 }
	);

describe('ranked (properties)', () => {
	const arb = fc
		.integer({ min: 2, max: 7 })
		.chain((n) => fc.tuple(fc.constant(n), rankingsArb(n), fc.nat()));

	it('IRV: every round adds up, and the winner has a majority of continuing ballots', () => {
		fc.assert(
			fc.property(arb, ([n, rankings, _seed]) => {
				const ballots = rankings.map((ranking) => ({ ranking }));
				const result = instantRunoff(optionsOf(n), ballots);
				for (const round of result.rounds) {
					const counted = round.votes.reduce((s, v) => s + v.votes, 0);
					expect(counted).toBe(round.continuing);
					expect(round.continuing + round.exhausted).toBe(ballots.length);
				}
				const last = result.rounds[result.rounds.length - 1];
				const anyRanked = ballots.some((b) => b.ranking.length > 0);
				expect(result.winner === null).toBe(!anyRanked);
				if (result.winner !== null) {
					const votes = last.votes.find((v) => v.optionId === result.winner)?.votes ?? 0;
					expect(2 * votes).toBeGreaterThan(last.continuing);
					expect(last.winner).toBe(result.winner);
				}
				expect(result.rounds.length).toBeLessThanOrEqual(n);
			})
		);
	});

	it('does not depend on ballot order', () => {
		fc.assert(
			fc.property(arb, ([n, rankings, seed]) => {
				const ballots = rankings.map((ranking) => ({ ranking }));
				expect(tallyRanked(optionsOf(n), shuffled(ballots, seed))).toEqual(
					tallyRanked(optionsOf(n), ballots)
				);
			})
		);
	});

	it('Borda: points add up to Σ k(k+1)/2 over ballots', () => {
		fc.assert(
			fc.property(arb, ([n, rankings]) => {
				const result = borda(
					optionsOf(n),
					rankings.map((ranking) => ({ ranking }))
				);
				const total = result.points.reduce((s, p) => s + p.points, 0);
				expect(total).toBe(rankings.reduce((s, r) => s + (r.length * (r.length + 1)) / 2, 0));
			})
		);
	});
});
