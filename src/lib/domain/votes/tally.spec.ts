import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateBallot, type Ballot } from './ballot.ts';
import { countSources, type Count, type Standing } from './counts.ts';
import { methodsWithExtraCounts, validateExtraCount, type ExtraCount } from './extra.ts';
import type { VoteOption, VoteSettings } from './methods.ts';
import { tally, type TallyResult } from './tally.ts';
import { optionsArb, optionsOf, settingsArb, shuffled, validChoiceArb } from './testing.ts';

describe('tally', () => {
	const options = optionsOf(3);

	it('counts approvals and ranks by them', () => {
		const result = tally({ method: 'approval', maxChoices: 2 }, options, [
			{ optionIds: ['u1', 'u2'] },
			{ optionIds: ['u2'] },
			{ optionIds: [] }
		]);
		expect(result.options.map((o) => o.total)).toEqual([1, 2, 0]);
		expect(result.standings.map((s) => s.optionId)).toEqual(['u2', 'u1', 'u3']);
		expect(result.turnout.total).toBe(3);
	});

	it('counts dots, with dots from paper kept apart', () => {
		const result = tally(
			{ method: 'dots', dots: 5, maxPerOption: 3 },
			options,
			[{ dots: { u1: 3, u3: 2 } }, { dots: { u3: 3 }, source: 'paper' }],
			[{ source: 'paper', voters: 2, counts: { u2: 6 } }]
		);
		expect(result.options[2]).toEqual({
			optionId: 'u3',
			total: 5,
			bySource: { phone: 2, hands: 0, paper: 3 }
		});
		expect(result.standings[0]).toEqual({ optionId: 'u2', place: 1, tied: false });
		expect(result.turnout.bySource).toEqual({ phone: 1, hands: 0, paper: 3 });
	});

	it('gives score means and ranks by them', () => {
		const result = tally({ method: 'score', min: 1, max: 5 }, options, [
			{ scores: { u1: 2, u2: 5, u3: 4 } },
			{ scores: { u1: 3, u2: 4, u3: 5 } }
		]);
		expect(result.options.map((o) => o.mean)).toEqual([2.5, 4.5, 4.5]);
		expect(result.standings).toEqual([
			{ optionId: 'u2', place: 1, tied: true },
			{ optionId: 'u3', place: 1, tied: true },
			{ optionId: 'u1', place: 3, tied: false }
		]);
	});

	it('ignores ids that are not options (a stale row adds no phantom vote)', () => {
		const result = tally({ method: 'approval', maxChoices: 2 }, options, [
			{ optionIds: ['gone', 'u1'] }
		]);
		expect(result.options.reduce((s, o) => s + o.total, 0)).toBe(1);
	});

	it('refuses extra counts for a method that takes none', () => {
		expect(() =>
			tally(
				{ method: 'ranked', fullRanking: false },
				options,
				[],
				[{ source: 'paper', voters: 1, counts: {} }]
			)
		).toThrow(RangeError);
	});
});

/** Settings, options, valid ballots (normalized) and, where the method takes them, extra counts. */
const voteArb = fc.tuple(settingsArb, optionsArb).chain(([settings, options]) =>
	fc.tuple(
		fc.constant(settings),
		fc.constant(options),
		fc.array(validChoiceArb(settings, options), { maxLength: 25 }),
		fc.array(
			fc.tuple(
				fc.constantFrom('hands', 'paper' as const),
				fc.array(validChoiceArb(settings, options), { maxLength: 6 })
			),
			{
				maxLength: 2
			}
		),
		fc.nat()
	)
);

/** What a hand count of these choices would be: the sum of them per option (or answer). */
function asExtra(
	settings: VoteSettings,
	source: 'hands' | 'paper',
	choices: readonly unknown[]
): unknown {
	const counts: Record<string, number> = {};
	const add = (key: string, n: number) => (counts[key] = (counts[key] ?? 0) + n);
	for (const c of choices as Record<string, unknown>[]) {
		if (settings.method === 'yes_no') add(c.answer as string, 1);
		else if (settings.method === 'dots')
			for (const [id, n] of Object.entries(c.dots as Record<string, number>)) add(id, n);
		else for (const id of c.optionIds as string[]) add(id, 1);
	}
	return { source, voters: choices.length, counts };
}

function prepare([settings, options, choices, extraGroups]: [
	VoteSettings,
	VoteOption[],
	unknown[],
	['hands' | 'paper', unknown[]][],
	number
]) {
	const ballots = choices.map((c) => {
		const r = validateBallot(settings, options, c);
		if (!r.ok) throw new Error(`generated an invalid ballot: ${r.code}`);
		return r.ballot;
	});
	const takesExtra = (methodsWithExtraCounts as readonly string[]).includes(settings.method);
	const extra: ExtraCount[] = takesExtra
		? extraGroups.map(([source, group]) => {
				const r = validateExtraCount(settings, options, asExtra(settings, source, group));
				if (!r.ok) throw new Error(`a sum of valid ballots was refused: ${r.code}`);
				return r.extra;
			})
		: [];
	return { settings, options, ballots, extra };
}

const run = (
	settings: VoteSettings,
	options: VoteOption[],
	ballots: Ballot[],
	extra: ExtraCount[]
): TallyResult =>
	(tally as (s: VoteSettings, o: VoteOption[], b: Ballot[], e: ExtraCount[]) => TallyResult)(
		settings,
		options,
		ballots,
		extra
	);

function expectCount(count: Count) {
	expect(count.total).toBe(countSources.reduce((s, src) => s + count.bySource[src], 0));
}

function expectStandings(standings: readonly Standing[], options: readonly VoteOption[]) {
	expect(standings.map((s) => s.optionId).sort()).toEqual(options.map((o) => o.id).sort());
	standings.forEach((s, i) => {
		if (i > 0) expect(s.place).toBeGreaterThanOrEqual(standings[i - 1].place);
		expect(s.place).toBeLessThanOrEqual(i + 1);
	});
}

describe('tally (properties)', () => {
	it('does not depend on the order of ballots or of extra counts', () => {
		fc.assert(
			fc.property(voteArb, (vote) => {
				const { settings, options, ballots, extra } = prepare(vote);
				const seed = vote[4];
				expect(run(settings, options, shuffled(ballots, seed), shuffled(extra, seed + 1))).toEqual(
					run(settings, options, ballots, extra)
				);
			})
		);
	});

	it('counts add up: turnout, totals by source, per-method sums and standings', () => {
		fc.assert(
			fc.property(voteArb, (vote) => {
				const { settings, options, ballots, extra } = prepare(vote);
				const result = run(settings, options, ballots, extra);
				const voters = ballots.length + extra.reduce((s, e) => s + e.voters, 0);
				expect(result.method).toBe(settings.method);
				expect(result.turnout.total).toBe(voters);
				expectCount(result.turnout);
				switch (result.method) {
					case 'yes_no': {
						const { yes, no, abstain } = result.answers;
						[yes, no, abstain].forEach(expectCount);
						expect(yes.total + no.total + abstain.total).toBe(voters);
						break;
					}
					case 'approval':
					case 'dots':
					case 'budget': {
						result.options.forEach(expectCount);
						const perVoter =
							settings.method === 'approval'
								? settings.maxChoices
								: settings.method === 'dots'
									? settings.dots
									: options.length;
						const sum = result.options.reduce((s, o) => s + o.total, 0);
						expect(sum).toBeLessThanOrEqual(voters * perVoter);
						expectStandings(result.standings, options);
						break;
					}
					case 'score':
					case 'criteria':
						for (const o of result.options) expect(o.ballots).toBe(voters);
						expectStandings(result.standings, options);
						break;
					case 'ranked':
						expectStandings(result.borda.standings, options);
						expect(result.irv.rounds.length).toBeGreaterThan(0);
						break;
				}
			})
		);
	});
});
