/**
 * Helpers for the votes specs: fast-check arbitraries for settings, options and valid choices,
 * and a seeded shuffle. Only specs import this (it pulls in fast-check).
 */
import fc from 'fast-check';
import { yesNoAnswers } from './ballot.ts';
import type { Criterion, SettingsOf, VoteOption, VoteSettings } from './methods.ts';

/** Option ids `u1` … `un`. */
export function optionIds(n: number): string[] {
	return Array.from({ length: n }, (_, i) => `u${i + 1}`);
}

export function optionsOf(n: number, cost?: (i: number) => number): VoteOption[] {
	return optionIds(n).map((id, i) => (cost ? { id, cost: cost(i) } : { id }));
}

/** 2–8 options, ids u1…, costs Rp 1–150 juta in whole juta (any method may ignore them). */
export const optionsArb = fc
	.array(fc.integer({ min: 1, max: 150 }), { minLength: 2, maxLength: 8 })
	.map((costs) => costs.map((c, i): VoteOption => ({ id: `u${i + 1}`, cost: c * 1_000_000 })));

const criteriaArb = fc
	.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 4 })
	.map((weights) => weights.map((weight, i): Criterion => ({ id: `c${i + 1}`, weight })));

const scaleArb = fc
	.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 6 }))
	.map(([min, span]) => ({ min, max: min + span }));

/** Valid settings of every method; budget ceilings are at least the dearest option (150 juta). */
export const settingsArb: fc.Arbitrary<VoteSettings> = fc.oneof(
	fc
		.constantFrom(...(['majority', 'two_thirds', 'consensus'] as const))
		.map((threshold): VoteSettings => ({ method: 'yes_no', threshold })),
	fc
		.integer({ min: 1, max: 8 })
		.map((maxChoices): VoteSettings => ({ method: 'approval', maxChoices })),
	fc
		.integer({ min: 1, max: 10 })
		.chain((dots) =>
			fc
				.integer({ min: 1, max: dots })
				.map((maxPerOption): VoteSettings => ({ method: 'dots', dots, maxPerOption }))
		),
	scaleArb.map((scale): VoteSettings => ({ method: 'score', ...scale })),
	fc
		.tuple(criteriaArb, scaleArb)
		.map(([criteria, scale]): VoteSettings => ({ method: 'criteria', criteria, ...scale })),
	fc.boolean().map((fullRanking): VoteSettings => ({ method: 'ranked', fullRanking })),
	fc
		.integer({ min: 150, max: 600 })
		.map((juta): VoteSettings => ({ method: 'budget', ceiling: juta * 1_000_000 }))
);

/** A random subset of `ids` in random order. */
function subsetArb(ids: readonly string[], maxLength = ids.length): fc.Arbitrary<string[]> {
	return fc.shuffledSubarray([...ids], { maxLength: Math.min(maxLength, ids.length) });
}

/** Choices a well-behaved phone may send for `settings` and `options` (all valid). */
export function validChoiceArb(
	settings: VoteSettings,
	options: readonly VoteOption[]
): fc.Arbitrary<unknown> {
	const ids = options.map((o) => o.id);
	switch (settings.method) {
		case 'yes_no':
			return fc.constantFrom(...yesNoAnswers).map((answer) => ({ answer }));
		case 'approval':
			return subsetArb(ids, settings.maxChoices).map((optionIds) => ({ optionIds }));
		case 'dots':
			return dotsArb(settings, ids);
		case 'score':
			return fc
				.tuple(...ids.map(() => fc.integer(settings)))
				.map((scores) => ({ scores: Object.fromEntries(ids.map((id, i) => [id, scores[i]])) }));
		case 'criteria':
			return fc
				.tuple(...ids.map(() => fc.tuple(...settings.criteria.map(() => fc.integer(settings)))))
				.map((rows) => ({
					scores: Object.fromEntries(
						ids.map((id, i) => [
							id,
							Object.fromEntries(settings.criteria.map((c, j) => [c.id, rows[i][j]]))
						])
					)
				}));
		case 'ranked':
			return (
				settings.fullRanking ? fc.shuffledSubarray(ids, { minLength: ids.length }) : subsetArb(ids)
			).map((ranking) => ({ ranking }));
		case 'budget':
			return subsetArb(ids).map((picked) => ({
				optionIds: withinCeiling(settings, options, picked)
			}));
	}
}

function dotsArb(settings: SettingsOf<'dots'>, ids: readonly string[]): fc.Arbitrary<unknown> {
	return fc.array(fc.constantFrom(...ids), { maxLength: settings.dots }).map((placed) => {
		const dots: Record<string, number> = {};
		for (const id of placed) {
			if ((dots[id] ?? 0) < settings.maxPerOption) dots[id] = (dots[id] ?? 0) + 1;
		}
		return { dots };
	});
}

/** The longest prefix of `picked` that fits the ceiling. */
function withinCeiling(
	settings: SettingsOf<'budget'>,
	options: readonly VoteOption[],
	picked: readonly string[]
): string[] {
	const cost = new Map(options.map((o) => [o.id, o.cost ?? 0]));
	const out: string[] = [];
	let total = 0;
	for (const id of picked) {
		const c = cost.get(id) ?? 0;
		if (total + c > settings.ceiling) break;
		total += c;
		out.push(id);
	}
	return out;
}

/** A deterministic shuffle (Fisher–Yates driven by mulberry32), for order-independence checks. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}
