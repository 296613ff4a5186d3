/**
 * Input checks for writing to the board: what a form or the JSON API may submit. They use the
 * limits and the field rules of `schema.ts` / `validate.ts`, and every refusal is a `ReasonCode`
 * with its field, so errors come out in the same vocabulary as `readBoard`'s reasons.
 *
 * Hand-written rather than zod because phones import this module and every kilobyte counts
 * against the resident page's JavaScript budget. They answer exactly as the zod schemas they
 * replaced did (same codes, paths, order, trimming and defaults), quirks included; the quirks are
 * marked where they happen. Keep zod out of here (and out of `protocol.ts`, `live/schema.ts`):
 * `no-zod-on-the-phone.spec.ts` checks.
 */
import {
	limits,
	type FieldError,
	type FundingSource,
	type Proposer,
	type ReasonCode
} from './schema.ts';
import {
	checkFundingSource,
	checkNumber,
	checkSector,
	costRules,
	makeProposer,
	rtRwRules,
	volumeRules,
	type Checked
} from './validate.ts';

/** Why an input was refused: `field` is a path inside the value checked, '' for the value itself. */
export type InputError = { issues: FieldError[] };

export type ParseResult<T> = { success: true; data: T } | { success: false; error: InputError };

/** A check over `unknown` input that never throws in `safeParse`. */
export type InputSchema<T> = {
	safeParse(value: unknown): ParseResult<T>;
	/** The checked value; throws `InputRefused` when it is refused. */
	parse(value: unknown): T;
};

/** Thrown by `parse`; `safeParse` reports the same errors without throwing. */
export class InputRefused extends Error {
	constructor(readonly error: InputError) {
		super(error.issues.map((i) => `${i.field || 'input'}: ${i.code}`).join(', '));
		this.name = 'InputRefused';
	}
}

/**
 * Pushes the refusals of `value` into `issues` (each field prefixed with `path`) and returns the
 * value to keep; the return value means nothing once an issue was pushed.
 */
type Check<T> = (value: unknown, path: string, issues: FieldError[]) => T;

const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

function schemaOf<T>(check: Check<T>): InputSchema<T> {
	const safeParse = (value: unknown): ParseResult<T> => {
		const issues: FieldError[] = [];
		const data = check(value, '', issues);
		return issues.length > 0 ? { success: false, error: { issues } } : { success: true, data };
	};
	return {
		safeParse,
		parse(value) {
			const r = safeParse(value);
			if (!r.success) throw new InputRefused(r.error);
			return r.data;
		}
	};
}

const missingOrWrong = (value: unknown): ReasonCode =>
	value === undefined ? 'required' : 'wrongType';

/** Any object but an array (class instances and null-prototype objects too, as zod had it). */
const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** A rule on a length; `n` is whatever `length` the value has (see `measureAnyway`). */
type LengthRule = { ok: (n: number) => boolean; code: ReasonCode };
const atMost = (max: number, code: ReasonCode): LengthRule => ({ ok: (n) => n <= max, code });
const notBlank: LengthRule = { ok: (n) => n >= 1, code: 'empty' };

/**
 * After a type error zod still measured any value with a `length` (an array, or `{ "length": … }`
 * sent as JSON) and reported its length rules too; `ok` compares whatever `length` holds, as zod
 * did, so the same codes come out.
 */
function measureAnyway(
	value: unknown,
	rules: readonly LengthRule[],
	path: string,
	issues: FieldError[]
) {
	if (value === undefined || value === null) return;
	const n = (value as { length?: unknown }).length;
	if (n !== undefined) applyRules(n as number, rules, path, issues);
}

function applyRules(n: number, rules: readonly LengthRule[], path: string, issues: FieldError[]) {
	for (const rule of rules) if (!rule.ok(n)) issues.push({ field: path, code: rule.code });
}

/** A string, trimmed, then held to `rules` in order. */
function text(...rules: LengthRule[]): Check<string> {
	return (value, path, issues) => {
		if (typeof value !== 'string') {
			issues.push({ field: path, code: missingOrWrong(value) });
			measureAnyway(value, rules, path, issues);
			return '';
		}
		const trimmed = value.trim();
		// UTF-16 units, as `readBoard` and the Y.Text count: input it accepts, it can also read.
		applyRules(trimmed.length, rules, path, issues);
		return trimmed;
	};
}

type NumberRules = { min: number; max: number; integer: boolean };

/** `checkNumber`'s rules, but -0 is kept as it came (zod did). */
function number(rules: NumberRules): Check<number> {
	return (value, path, issues) => {
		// zod called a whole number beyond 2^53 "not an integer" and then checked its range too.
		if (rules.integer && Number.isInteger(value) && !Number.isSafeInteger(value)) {
			issues.push({ field: path, code: 'notInteger' });
		}
		const checked = checkNumber(value, rules);
		if (!checked.ok) issues.push({ field: path, code: checked.code });
		return value as number;
	};
}

/** `undefined` becomes `fallback`; anything else goes to `check`. */
function withDefault<T, D>(check: Check<T>, fallback: () => D): Check<T | D> {
	return (value, path, issues) => (value === undefined ? fallback() : check(value, path, issues));
}

function nullable<T>(check: Check<T>): Check<T | null> {
	return (value, path, issues) => (value === null ? null : check(value, path, issues));
}

/** One of `validate.ts`'s read checks, where it answers exactly as the input check must. */
function fromChecked<T>(checkValue: (v: unknown) => Checked<T>): Check<T> {
	return (value, path, issues) => {
		const checked = checkValue(value);
		if (checked.ok) return checked.value;
		issues.push({ field: path, code: checked.code });
		return value as T;
	};
}

const rtRw = number(rtRwRules);
const checkTitle = text(atMost(limits.titleMax, 'tooLong'), notBlank);
const checkProblem = text(atMost(limits.problemMax, 'tooLong'));
const checkActorId = text(notBlank, atMost(limits.actorIdMax, 'tooLong'));
const checkProposerName = text(atMost(limits.proposerNameMax, 'tooLong'), notBlank);

/** A proposer as submitted; `rt`/`rw`/`participantId` may be left out or null. */
export type ProposerInput = {
	participantId?: string | null | undefined;
	name: string;
	rt?: number | null | undefined;
	rw?: number | null | undefined;
};

const checkProposerInput: Check<Proposer> = (value, path, issues) => {
	if (!isObject(value)) {
		issues.push({ field: path, code: missingOrWrong(value) });
		return { name: '' };
	}
	// Read like zod did, inherited keys included; only known keys are copied out.
	const { participantId: rawId, name: rawName, rt: rawRt, rw: rawRw } = value;
	const participantId =
		rawId === undefined || rawId === null
			? undefined
			: checkActorId(rawId, at(path, 'participantId'), issues);
	const name = checkProposerName(rawName, at(path, 'name'), issues);
	const rt = rawRt === undefined || rawRt === null ? null : rtRw(rawRt, at(path, 'rt'), issues);
	const rw = rawRw === undefined || rawRw === null ? null : rtRw(rawRw, at(path, 'rw'), issues);
	return makeProposer(participantId, name, rt, rw);
};

const tooManyProposers = atMost(limits.proposersMax, 'tooMany');

const checkProposerList: Check<Proposer[]> = (value, path, issues) => {
	if (!Array.isArray(value)) {
		issues.push({ field: path, code: missingOrWrong(value) });
		measureAnyway(value, [tooManyProposers], path, issues);
		return [];
	}
	// An overlong list is refused before any entry is looked at.
	if (value.length > limits.proposersMax) {
		issues.push({ field: path, code: 'tooMany' });
		return [];
	}
	const out: Proposer[] = [];
	// Indexes, not `map`: a hole in the array is a missing proposer, not one to skip.
	for (let i = 0; i < value.length; i++) {
		out.push(checkProposerInput(value[i], at(path, i), issues));
	}
	return out;
};

/** A participant or user id: trimmed, not blank. */
export const actorIdSchema: InputSchema<string> = schemaOf(checkActorId);
/** A proposer as submitted, normalized (`makeProposer`): nulls dropped, name trimmed. */
export const proposerInputSchema: InputSchema<Proposer> = schemaOf(checkProposerInput);
/** A title as submitted: trimmed, not blank. */
export const titleInputSchema: InputSchema<string> = schemaOf(checkTitle);
/** A problem description as submitted: trimmed, may be empty. */
export const problemInputSchema: InputSchema<string> = schemaOf(checkProblem);

/** An usulan as submitted to `addItem` (before trimming and defaults). */
export type ItemInput = {
	title: string;
	problem?: string | undefined;
	locationText?: string | undefined;
	rt?: number | null | undefined;
	rw?: number | null | undefined;
	sector: string;
	volume?: number | null | undefined;
	unit?: string | undefined;
	estimatedCost?: number | null | undefined;
	fundingSource: FundingSource;
	proposers?: ProposerInput[] | undefined;
};

/** An usulan after validation: what `addItem` writes. */
export type ItemValues = {
	title: string;
	problem: string;
	locationText: string;
	rt: number | null;
	rw: number | null;
	sector: string;
	volume: number | null;
	unit: string;
	estimatedCost: number | null;
	fundingSource: FundingSource;
	proposers: Proposer[];
};

type ItemChecks = { [K in keyof ItemValues]: Check<ItemValues[K]> };

/** The item's fields in the order their errors are reported. */
function itemChecks(sectors: readonly string[]): ItemChecks {
	const known: ReadonlySet<string> = new Set(sectors);
	return {
		title: checkTitle,
		problem: withDefault(checkProblem, () => ''),
		locationText: withDefault(text(atMost(limits.locationTextMax, 'tooLong')), () => ''),
		rt: withDefault(nullable(rtRw), () => null),
		rw: withDefault(nullable(rtRw), () => null),
		sector: fromChecked((v) => checkSector(v, known)),
		volume: withDefault(nullable(number(volumeRules)), () => null),
		unit: withDefault(text(atMost(limits.unitMax, 'tooLong')), () => ''),
		estimatedCost: withDefault(nullable(number(costRules)), () => null),
		fundingSource: fromChecked(checkFundingSource),
		proposers: withDefault(checkProposerList, (): Proposer[] => [])
	};
}

export type ItemInputSchema = InputSchema<ItemValues> & {
	/** Each field's own check, defaults included (what `updateField` applies). */
	shape: { [K in keyof ItemValues]: InputSchema<ItemValues[K]> };
};

/**
 * The fields of an usulan as a form submits them. `sectors` are the meeting's sector codes.
 * Strings are trimmed; optional numbers default to null, optional texts to '', proposers to [].
 * Every bad field is reported, in the order of `ItemValues`; unknown keys are dropped.
 */
export function itemInputSchema(sectors: readonly string[]): ItemInputSchema {
	const checks = itemChecks(sectors);
	const keys = Object.keys(checks) as (keyof ItemValues)[];
	const checkItem: Check<ItemValues> = (value, path, issues) => {
		if (!isObject(value)) {
			issues.push({ field: path, code: missingOrWrong(value) });
			return {} as ItemValues;
		}
		const out: Record<string, unknown> = {};
		for (const key of keys) out[key] = checks[key](value[key], at(path, key), issues);
		return out as ItemValues;
	};
	const shape = {} as Record<keyof ItemValues, InputSchema<unknown>>;
	for (const key of keys) shape[key] = schemaOf<unknown>(checks[key]);
	return Object.assign(schemaOf(checkItem), { shape: shape as ItemInputSchema['shape'] });
}

/** Fields `updateField` writes (the text fields are edited through their `Y.Text`). */
export const editableFields = [
	'locationText',
	'rt',
	'rw',
	'sector',
	'volume',
	'unit',
	'estimatedCost',
	'fundingSource',
	'proposers'
] as const;
export type EditableField = (typeof editableFields)[number];
/** The value each editable field takes. */
export type EditableValues = Pick<ItemValues, EditableField>;

/**
 * A refusal's issues as `FieldError`s, under `prefix` when given (`proposer.name`); the value
 * itself is `prefix`, or `input` without one.
 */
export function toFieldErrors(error: InputError, prefix = ''): FieldError[] {
	return error.issues.map(({ field, code }) => ({
		field: prefix && field ? `${prefix}.${field}` : prefix || field || 'input',
		code
	}));
}
