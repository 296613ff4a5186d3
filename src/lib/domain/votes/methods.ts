/**
 * Vote methods and their settings: what a facilitator chooses when opening a vote, checked by
 * hand (no zod) because phones load this module too and the bundle must stay small.
 *
 * Errors are `{ field, code }` with `field` the dotted path of the value (`maxChoices`,
 * `criteria.1.weight`), as in meeting-input.ts; the UI translates codes.
 */

/** Every method, in the order a facilitator's form lists them. */
export const voteMethods = [
	'yes_no',
	'approval',
	'dots',
	'score',
	'criteria',
	'ranked',
	'budget'
] as const;
export type VoteMethod = (typeof voteMethods)[number];

/**
 * When a yes / no / abstain vote passes. Abstentions never count for or against.
 *
 * - `majority`: more *setuju* than *tidak setuju* (a tie fails).
 * - `two_thirds`: *setuju* is at least two thirds of *setuju* + *tidak setuju*, and at least one.
 * - `consensus` (*mufakat*): at least one *setuju* and no *tidak setuju* at all.
 */
export const yesNoThresholds = ['majority', 'two_thirds', 'consensus'] as const;
export type YesNoThreshold = (typeof yesNoThresholds)[number];

/** One criterion of a weighted matrix. Weights are whole numbers so results compare exactly. */
export type Criterion = {
	/** A code like `urgency`; the UI translates known codes. */
	id: string;
	/** Relative weight, 1–100 (percentages like 30/25/25/20, or 1–3 importance). */
	weight: number;
	/** A facilitator's own name for a criterion not in {@link defaultCriteria}. */
	label?: string;
};

export type VoteSettings =
	| { method: 'yes_no'; threshold: YesNoThreshold }
	/** Approve up to `maxChoices` options. */
	| { method: 'approval'; maxChoices: number }
	/** Spend up to `dots` dots, at most `maxPerOption` on any one option. */
	| { method: 'dots'; dots: number; maxPerOption: number }
	/** Score every option from `min` to `max` (default 1–5). */
	| { method: 'score'; min: number; max: number }
	/** Score every option on every criterion from `min` to `max`; result = Σ weight × mean score. */
	| { method: 'criteria'; criteria: Criterion[]; min: number; max: number }
	/** Rank options in order of preference; `fullRanking` requires every option to be ranked. */
	| { method: 'ranked'; fullRanking: boolean }
	/** Pick options whose total cost stays within `ceiling` (the pagu, whole Rupiah). */
	| { method: 'budget'; ceiling: number };

export type SettingsOf<M extends VoteMethod> = Extract<VoteSettings, { method: M }>;

/** What is voted on: an usulan (by id) and, for budget votes, its estimated cost. */
export type VoteOption = {
	id: string;
	/** Whole Rupiah; required for budget votes, ignored otherwise. */
	cost?: number | null;
};

/** More options than this do not fit on a phone screen, nor in a meeting's time. */
export const MAX_OPTIONS = 100;
export const MAX_CRITERIA = 10;
export const MAX_DOTS = 100;
export const MAX_WEIGHT = 100;
/** Score scales stay small so a resident can tell the steps apart. */
export const MAX_SCORE = 10;
/** Rp 10 triliun, as for a meeting's pagu (meeting-input.ts, not imported: it pulls in zod). */
export const MAX_BUDGET = 10_000_000_000_000;
export const DEFAULT_SCORE_MIN = 1;
export const DEFAULT_SCORE_MAX = 5;

/**
 * The criteria of the Musrenbang guides, with weights a facilitator can start from (they sum to
 * 100): urgency (*kemendesakan*), number of beneficiaries (*jumlah penerima manfaat*), fit with
 * the kelurahan's priorities (*kesesuaian dengan prioritas*), community contribution (*swadaya*).
 */
export const defaultCriteria: readonly Criterion[] = [
	{ id: 'urgency', weight: 30 },
	{ id: 'beneficiaries', weight: 30 },
	{ id: 'priority_fit', weight: 20 },
	{ id: 'community_contribution', weight: 20 }
];

const CRITERION_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const MAX_LABEL_LENGTH = 80;
/** Usulan ids (uuids) and board item ids fit; `__proto__` is refused so ids are safe object keys. */
const OPTION_ID = /^[A-Za-z0-9_-]{1,100}$/;

export type VoteSettingsErrorCode =
	/** A value that must be given is missing. */
	| 'required'
	/** Wrong JSON type (text where a number belongs …), or not an object. */
	| 'invalid_type'
	/** Not one of the allowed values (an unknown method or threshold). */
	| 'invalid_choice'
	| 'not_integer'
	| 'too_small'
	| 'too_big'
	/** List with too few / too many items. */
	| 'too_few'
	| 'too_many'
	/** Text too long. */
	| 'too_long'
	/** Text in the wrong shape (a criterion id with spaces …). */
	| 'invalid_format'
	/** The same criterion twice. */
	| 'duplicate'
	/** A key this method does not have. */
	| 'unknown_field';

export type VoteSettingsError = { field: string; code: VoteSettingsErrorCode };

export type VoteSettingsResult =
	{ ok: true; settings: VoteSettings } | { ok: false; errors: VoteSettingsError[] };

const settingsKeys: Record<VoteMethod, readonly string[]> = {
	yes_no: ['threshold'],
	approval: ['maxChoices'],
	dots: ['dots', 'maxPerOption'],
	score: ['min', 'max'],
	criteria: ['criteria', 'min', 'max'],
	ranked: ['fullRanking'],
	budget: ['ceiling']
};

/**
 * Checks a facilitator's vote settings (JSON). Numbers must be numbers (the form parser turns
 * typed text into numbers first). Defaults: score and criteria scales 1–5, `fullRanking` false.
 * Unknown keys are refused, so a misspelt field cannot vanish silently. Every error is reported,
 * in field order.
 */
export function validateVoteSettings(input: unknown): VoteSettingsResult {
	if (!isRecord(input)) return fail('', 'invalid_type');
	const method = input.method;
	if (method === undefined) return fail('method', 'required');
	if (!includes(voteMethods, method)) return fail('method', 'invalid_choice');

	const errors: VoteSettingsError[] = [];
	for (const key of Object.keys(input)) {
		if (key !== 'method' && !settingsKeys[method].includes(key))
			errors.push({ field: key, code: 'unknown_field' });
	}
	const int = (field: string, min: number, max: number, fallback?: number) =>
		readInt(input, field, min, max, errors, fallback);

	let settings: VoteSettings | undefined;
	switch (method) {
		case 'yes_no': {
			const threshold = input.threshold;
			if (threshold === undefined) errors.push({ field: 'threshold', code: 'required' });
			else if (!includes(yesNoThresholds, threshold))
				errors.push({ field: 'threshold', code: 'invalid_choice' });
			else settings = { method, threshold };
			break;
		}
		case 'approval': {
			const maxChoices = int('maxChoices', 1, MAX_OPTIONS);
			if (maxChoices !== undefined) settings = { method, maxChoices };
			break;
		}
		case 'dots': {
			const dots = int('dots', 1, MAX_DOTS);
			const maxPerOption = int('maxPerOption', 1, dots ?? MAX_DOTS);
			if (dots !== undefined && maxPerOption !== undefined)
				settings = { method, dots, maxPerOption };
			break;
		}
		case 'score': {
			const scale = readScale(input, errors);
			if (scale) settings = { method, ...scale };
			break;
		}
		case 'criteria': {
			const criteria = readCriteria(input.criteria, errors);
			const scale = readScale(input, errors);
			if (criteria && scale) settings = { method, criteria, ...scale };
			break;
		}
		case 'ranked': {
			const fullRanking = input.fullRanking ?? false;
			if (typeof fullRanking !== 'boolean')
				errors.push({ field: 'fullRanking', code: 'invalid_type' });
			else settings = { method, fullRanking };
			break;
		}
		case 'budget': {
			const ceiling = int('ceiling', 1, MAX_BUDGET);
			if (ceiling !== undefined) settings = { method, ceiling };
			break;
		}
	}
	if (errors.length > 0 || settings === undefined) return { ok: false, errors };
	return { ok: true, settings };
}

export type VoteOptionsErrorCode =
	/** Not a list of `{ id, cost? }`. */
	| 'invalid_type'
	/** Fewer than two options for a method that compares options. */
	| 'too_few_options'
	| 'too_many_options'
	/** An id that is empty, too long, or has characters other than letters, digits, _ and -. */
	| 'invalid_option_id'
	| 'duplicate_option'
	/** A budget vote on an usulan without an estimated cost. */
	| 'missing_cost'
	/** A cost that is not a whole number of Rupiah ≥ 0. */
	| 'invalid_cost'
	/** An usulan that costs more than the whole pagu: nobody could ever pick it. */
	| 'cost_over_ceiling';

export type VoteOptionsResult =
	| { ok: true; options: VoteOption[] }
	| { ok: false; code: VoteOptionsErrorCode; optionId?: string };

/**
 * Checks the options of a vote against its (valid) settings. A yes / no vote may have any number
 * of options, even none (a motion); every other method needs 2 to {@link MAX_OPTIONS}. Budget
 * votes need a whole, non-negative cost on each option, no more than the ceiling. Returns the
 * options as `{ id }` or `{ id, cost }` in the order given, which is the order used for
 * tie-breaks (the board's priority order).
 */
export function validateVoteOptions(settings: VoteSettings, input: unknown): VoteOptionsResult {
	if (!Array.isArray(input)) return { ok: false, code: 'invalid_type' };
	if (input.length > MAX_OPTIONS) return { ok: false, code: 'too_many_options' };
	if (settings.method !== 'yes_no' && input.length < 2)
		return { ok: false, code: 'too_few_options' };
	const seen = new Set<string>();
	const options: VoteOption[] = [];
	for (const item of input) {
		if (!isRecord(item) || typeof item.id !== 'string') return { ok: false, code: 'invalid_type' };
		const id = item.id;
		if (!OPTION_ID.test(id) || id === '__proto__') return { ok: false, code: 'invalid_option_id' };
		if (seen.has(id)) return { ok: false, code: 'duplicate_option', optionId: id };
		seen.add(id);
		if (settings.method !== 'budget') {
			options.push({ id });
			continue;
		}
		const cost = item.cost;
		if (cost === undefined || cost === null)
			return { ok: false, code: 'missing_cost', optionId: id };
		if (typeof cost !== 'number' || !Number.isSafeInteger(cost) || cost < 0)
			return { ok: false, code: 'invalid_cost', optionId: id };
		if (cost > settings.ceiling) return { ok: false, code: 'cost_over_ceiling', optionId: id };
		options.push({ id, cost });
	}
	return { ok: true, options };
}

/** Whether `value` is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` is one of `list` (narrows to its element type). */
export function includes<T extends string>(list: readonly T[], value: unknown): value is T {
	return typeof value === 'string' && (list as readonly string[]).includes(value);
}

function fail(field: string, code: VoteSettingsErrorCode): VoteSettingsResult {
	return { ok: false, errors: [{ field, code }] };
}

function readInt(
	input: Record<string, unknown>,
	key: string,
	min: number,
	max: number,
	errors: VoteSettingsError[],
	fallback?: number,
	field = key
): number | undefined {
	const value = input[key] ?? fallback;
	const code = intError(value, min, max);
	if (code) {
		errors.push({ field, code });
		return undefined;
	}
	return value as number;
}

function intError(value: unknown, min: number, max: number): VoteSettingsErrorCode | undefined {
	if (value === undefined) return 'required';
	if (typeof value !== 'number' || Number.isNaN(value)) return 'invalid_type';
	if (!Number.isInteger(value)) return 'not_integer';
	if (value < min) return 'too_small';
	if (value > max) return 'too_big';
	return undefined;
}

function readScale(
	input: Record<string, unknown>,
	errors: VoteSettingsError[]
): { min: number; max: number } | undefined {
	const min = readInt(input, 'min', 0, MAX_SCORE - 1, errors, DEFAULT_SCORE_MIN);
	if (min === undefined) return undefined;
	const max = readInt(input, 'max', min + 1, MAX_SCORE, errors, DEFAULT_SCORE_MAX);
	if (max === undefined) return undefined;
	return { min, max };
}

function readCriteria(value: unknown, errors: VoteSettingsError[]): Criterion[] | undefined {
	if (value === undefined) {
		errors.push({ field: 'criteria', code: 'required' });
		return undefined;
	}
	if (!Array.isArray(value)) {
		errors.push({ field: 'criteria', code: 'invalid_type' });
		return undefined;
	}
	if (value.length === 0 || value.length > MAX_CRITERIA) {
		errors.push({ field: 'criteria', code: value.length === 0 ? 'too_few' : 'too_many' });
		return undefined;
	}
	const before = errors.length;
	const seen = new Set<string>();
	const criteria: Criterion[] = [];
	value.forEach((item: unknown, i) => {
		const at = `criteria.${i}`;
		if (!isRecord(item)) {
			errors.push({ field: at, code: 'invalid_type' });
			return;
		}
		for (const key of Object.keys(item)) {
			if (key !== 'id' && key !== 'weight' && key !== 'label')
				errors.push({ field: `${at}.${key}`, code: 'unknown_field' });
		}
		const { id, label } = item;
		if (id === undefined) errors.push({ field: `${at}.id`, code: 'required' });
		else if (typeof id !== 'string') errors.push({ field: `${at}.id`, code: 'invalid_type' });
		else if (!CRITERION_ID.test(id)) errors.push({ field: `${at}.id`, code: 'invalid_format' });
		else if (seen.has(id)) errors.push({ field: `${at}.id`, code: 'duplicate' });
		else seen.add(id);
		const weight = readInt(item, 'weight', 1, MAX_WEIGHT, errors, undefined, `${at}.weight`);
		let cleanLabel: string | undefined;
		if (label !== undefined) {
			if (typeof label !== 'string') errors.push({ field: `${at}.label`, code: 'invalid_type' });
			else if (label.trim().length > MAX_LABEL_LENGTH)
				errors.push({ field: `${at}.label`, code: 'too_long' });
			else if (label.trim() !== '') cleanLabel = label.trim();
		}
		if (typeof id === 'string' && weight !== undefined)
			criteria.push(cleanLabel === undefined ? { id, weight } : { id, weight, label: cleanLabel });
	});
	return errors.length === before ? criteria : undefined;
}
