/**
 * Ballots: what a phone sends for each method, checked before it is stored. A refused ballot
 * gives an error code (and the numbers the phone needs to explain it), never a sentence: the
 * server answers 422 with the code and the phone says it in Indonesian.
 *
 * Choices per method (option ids are the vote's option ids):
 *
 * - `yes_no`: `{ answer: 'yes' | 'no' | 'abstain' }`
 * - `approval`: `{ optionIds: [...] }`, up to `maxChoices`; none is a valid (blank) ballot
 * - `dots`: `{ dots: { [optionId]: n } }`, whole n ≥ 0, at most `maxPerOption` on one option and
 *   `dots` in all; spending fewer is allowed
 * - `score`: `{ scores: { [optionId]: n } }`, every option scored, whole n from `min` to `max`
 * - `criteria`: `{ scores: { [optionId]: { [criterionId]: n } } }`, every option on every criterion
 * - `ranked`: `{ ranking: [optionId, ...] }`, most preferred first. Partial rankings are allowed
 *   unless the vote requires a full ranking (options left out are ranked below all ranked ones;
 *   an empty ranking is a blank ballot): on a cheap phone, ranking 20 usulan one cannot judge
 *   only adds noise.
 * - `budget`: `{ optionIds: [...] }` whose costs add up to no more than the ceiling
 *
 * Blank ballots (no approval, no dots, empty ranking) are valid: they count for turnout and
 * quorum, as a resident who came and chose none. Keys other than the method's one are refused.
 */
import {
	isRecord,
	type SettingsOf,
	type VoteMethod,
	type VoteOption,
	type VoteSettings
} from './methods.ts';

export const yesNoAnswers = ['yes', 'no', 'abstain'] as const;
export type YesNoAnswer = (typeof yesNoAnswers)[number];

/** Valid ballots, normalized: ids and keys in option order, zero dots left out. */
export type YesNoBallot = { answer: YesNoAnswer };
export type ApprovalBallot = { optionIds: string[] };
export type DotsBallot = { dots: Record<string, number> };
export type ScoreBallot = { scores: Record<string, number> };
export type CriteriaBallot = { scores: Record<string, Record<string, number>> };
export type RankedBallot = { ranking: string[] };
export type BudgetBallot = { optionIds: string[] };

/** The ballot type of each method. */
export type BallotOf = {
	yes_no: YesNoBallot;
	approval: ApprovalBallot;
	dots: DotsBallot;
	score: ScoreBallot;
	criteria: CriteriaBallot;
	ranked: RankedBallot;
	budget: BudgetBallot;
};
export type Ballot = BallotOf[VoteMethod];

export type BallotErrorCode =
	/** Not the object this method expects (wrong keys, wrong types, fractions, negatives). */
	| 'wrong_shape'
	/** A yes / no answer that is not `yes`, `no` or `abstain`. */
	| 'invalid_answer'
	/** An id that is not one of this vote's options. */
	| 'unknown_option'
	/** The same option twice in one list. */
	| 'duplicate_option'
	| 'too_many_approvals'
	| 'too_many_dots'
	| 'dots_per_option_exceeded'
	| 'score_out_of_range'
	/** An option (or an option's criterion) left without a score. */
	| 'missing_score'
	| 'unknown_criterion'
	/** The same option ranked twice. */
	| 'duplicate_rank'
	/** An option left out of a ranking that must be full. */
	| 'missing_rank'
	/** Chosen usulan cost more than the ceiling. */
	| 'over_budget';

/** What the phone needs to explain a refusal ("at most 3", "Rp 320 juta of Rp 300 juta"). */
export type BallotErrorDetail = {
	optionId?: string;
	criterionId?: string;
	/** The smallest allowed value (score). */
	min?: number;
	/** The largest allowed value: max choices, dots, dots per option, score, ceiling. */
	max?: number;
	/** What the ballot came to: choices, dots, total cost. */
	total?: number;
};

export type BallotResult<B = Ballot> =
	{ ok: true; ballot: B } | { ok: false; code: BallotErrorCode; detail?: BallotErrorDetail };

type Refusal = Extract<BallotResult, { ok: false }>;

function refuse(code: BallotErrorCode, detail?: BallotErrorDetail): Refusal {
	return detail === undefined ? { ok: false, code } : { ok: false, code, detail };
}

/**
 * Checks a phone's choice against the vote's (valid) settings and options and returns the
 * ballot to store, normalized so the same choice always stores the same way. Stops at the
 * first problem. Never throws, whatever `choice` is.
 */
export function validateBallot<S extends VoteSettings>(
	settings: S,
	options: readonly VoteOption[],
	choice: unknown
): BallotResult<BallotOf[S['method']]>;
export function validateBallot(
	settings: VoteSettings,
	options: readonly VoteOption[],
	choice: unknown
): BallotResult {
	if (!isRecord(choice)) return refuse('wrong_shape');
	const order = new Map(options.map((o, i) => [o.id, i]));
	switch (settings.method) {
		case 'yes_no':
			return yesNo(choice);
		case 'approval':
			return approval(settings, order, choice);
		case 'dots':
			return dots(settings, order, choice);
		case 'score':
			return score(settings, order, choice);
		case 'criteria':
			return criteria(settings, order, choice);
		case 'ranked':
			return ranked(settings, order, choice);
		case 'budget':
			return budget(settings, options, order, choice);
	}
}

type Order = ReadonlyMap<string, number>;

/** The only value of `choice` when it has exactly the one key `key`. */
function only(choice: Record<string, unknown>, key: string): unknown {
	const keys = Object.keys(choice);
	return keys.length === 1 && keys[0] === key ? choice[key] : undefined;
}

function yesNo(choice: Record<string, unknown>): BallotResult<YesNoBallot> {
	const answer = only(choice, 'answer');
	if (answer === undefined) return refuse('wrong_shape');
	if (answer !== 'yes' && answer !== 'no' && answer !== 'abstain') return refuse('invalid_answer');
	return { ok: true, ballot: { answer } };
}

/** Option ids from a list: known, each once, sorted into option order. */
function idList(value: unknown, order: Order): { ok: true; ids: string[] } | Refusal {
	if (!Array.isArray(value)) return refuse('wrong_shape');
	const seen = new Set<string>();
	for (const id of value) {
		if (typeof id !== 'string') return refuse('wrong_shape');
		if (!order.has(id)) return refuse('unknown_option', { optionId: id });
		if (seen.has(id)) return refuse('duplicate_option', { optionId: id });
		seen.add(id);
	}
	return { ok: true, ids: inOptionOrder(seen, order) };
}

function approval(
	settings: SettingsOf<'approval'>,
	order: Order,
	choice: Record<string, unknown>
): BallotResult<ApprovalBallot> {
	const list = idList(only(choice, 'optionIds'), order);
	if (!list.ok) return list;
	if (list.ids.length > settings.maxChoices)
		return refuse('too_many_approvals', { max: settings.maxChoices, total: list.ids.length });
	return { ok: true, ballot: { optionIds: list.ids } };
}

/** Entries of a `{ [optionId]: value }` object: known ids only, in option order. */
function perOption(value: unknown, order: Order): { ok: true; keys: string[] } | Refusal {
	if (!isRecord(value)) return refuse('wrong_shape');
	const keys = Object.keys(value);
	for (const id of keys) if (!order.has(id)) return refuse('unknown_option', { optionId: id });
	return { ok: true, keys: inOptionOrder(keys, order) };
}

function dots(
	settings: SettingsOf<'dots'>,
	order: Order,
	choice: Record<string, unknown>
): BallotResult<DotsBallot> {
	const value = only(choice, 'dots');
	const entries = perOption(value, order);
	if (!entries.ok) return entries;
	const given = value as Record<string, unknown>;
	const out: Record<string, number> = {};
	let total = 0;
	for (const id of entries.keys) {
		const n = given[id];
		if (!isWhole(n) || n < 0) return refuse('wrong_shape', { optionId: id });
		if (n > settings.maxPerOption)
			return refuse('dots_per_option_exceeded', {
				optionId: id,
				max: settings.maxPerOption,
				total: n
			});
		total += n;
		if (n > 0) out[id] = n;
	}
	if (total > settings.dots) return refuse('too_many_dots', { max: settings.dots, total });
	return { ok: true, ballot: { dots: out } };
}

/** One score: a whole number inside the scale. */
function scoreValue(
	n: unknown,
	scale: { min: number; max: number },
	where: { optionId: string; criterionId?: string }
): Refusal | undefined {
	if (n === undefined) return refuse('missing_score', where);
	if (!isWhole(n)) return refuse('wrong_shape', where);
	if (n < scale.min || n > scale.max)
		return refuse('score_out_of_range', { ...where, min: scale.min, max: scale.max });
	return undefined;
}

function firstMissing(order: Order, given: ReadonlySet<string>): string | undefined {
	for (const id of order.keys()) if (!given.has(id)) return id;
	return undefined;
}

function score(
	settings: SettingsOf<'score'>,
	order: Order,
	choice: Record<string, unknown>
): BallotResult<ScoreBallot> {
	const value = only(choice, 'scores');
	const entries = perOption(value, order);
	if (!entries.ok) return entries;
	const given = value as Record<string, unknown>;
	const out: Record<string, number> = {};
	for (const id of entries.keys) {
		const bad = scoreValue(given[id], settings, { optionId: id });
		if (bad) return bad;
		out[id] = given[id] as number;
	}
	const missing = firstMissing(order, new Set(entries.keys));
	if (missing !== undefined) return refuse('missing_score', { optionId: missing });
	return { ok: true, ballot: { scores: out } };
}

function criteria(
	settings: SettingsOf<'criteria'>,
	order: Order,
	choice: Record<string, unknown>
): BallotResult<CriteriaBallot> {
	const value = only(choice, 'scores');
	const entries = perOption(value, order);
	if (!entries.ok) return entries;
	const given = value as Record<string, unknown>;
	const criterionIds = new Set(settings.criteria.map((c) => c.id));
	const out: Record<string, Record<string, number>> = {};
	for (const optionId of entries.keys) {
		const row = given[optionId];
		if (!isRecord(row)) return refuse('wrong_shape', { optionId });
		for (const criterionId of Object.keys(row)) {
			if (!criterionIds.has(criterionId))
				return refuse('unknown_criterion', { optionId, criterionId });
		}
		const scores: Record<string, number> = {};
		for (const { id: criterionId } of settings.criteria) {
			const bad = scoreValue(row[criterionId], settings, { optionId, criterionId });
			if (bad) return bad;
			scores[criterionId] = row[criterionId] as number;
		}
		out[optionId] = scores;
	}
	const missing = firstMissing(order, new Set(entries.keys));
	if (missing !== undefined) return refuse('missing_score', { optionId: missing });
	return { ok: true, ballot: { scores: out } };
}

function ranked(
	settings: SettingsOf<'ranked'>,
	order: Order,
	choice: Record<string, unknown>
): BallotResult<RankedBallot> {
	const value = only(choice, 'ranking');
	if (!Array.isArray(value)) return refuse('wrong_shape');
	const seen = new Set<string>();
	for (const id of value) {
		if (typeof id !== 'string') return refuse('wrong_shape');
		if (!order.has(id)) return refuse('unknown_option', { optionId: id });
		if (seen.has(id)) return refuse('duplicate_rank', { optionId: id });
		seen.add(id);
	}
	if (settings.fullRanking) {
		const missing = firstMissing(order, seen);
		if (missing !== undefined) return refuse('missing_rank', { optionId: missing });
	}
	// The order is the vote itself: kept as given.
	return { ok: true, ballot: { ranking: [...seen] } };
}

function budget(
	settings: SettingsOf<'budget'>,
	options: readonly VoteOption[],
	order: Order,
	choice: Record<string, unknown>
): BallotResult<BudgetBallot> {
	const list = idList(only(choice, 'optionIds'), order);
	if (!list.ok) return list;
	const chosen = new Set(list.ids);
	const total = options.reduce((sum, o) => sum + (chosen.has(o.id) ? (o.cost ?? 0) : 0), 0);
	if (total > settings.ceiling) return refuse('over_budget', { max: settings.ceiling, total });
	return { ok: true, ballot: { optionIds: list.ids } };
}

function isWhole(n: unknown): n is number {
	return typeof n === 'number' && Number.isSafeInteger(n);
}

function inOptionOrder(ids: Iterable<string>, order: Order): string[] {
	return [...ids].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}
