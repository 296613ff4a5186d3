/**
 * What staff type into the plan forms (and the JSON the services take): one schema per form, and
 * a parser from form data into the same shape. Errors are `{ field, code }`; the pages translate
 * codes. A budget must equal the sum of its funding sources, or nothing is stored.
 */
import { z } from 'zod';
import {
	issueToErrors,
	uniqueErrors,
	type InputError,
	type InputErrorCode
} from '../input-errors.ts';
import { parseRupiah, parseWholeNumber, type NumberInputResult } from '../number-input.ts';
import { planFundingSources, responsibleKinds, type PlanFundingSource } from './model.ts';

/** Rp 10 triliun: far above any kelurahan item, well inside a safe integer. */
export const MAX_RUPIAH = 10_000_000_000_000;
export const MAX_PARTNERS = 10;

export type PlanInputErrorCode =
	| InputErrorCode
	/** The funding sources do not add up to the budget. */
	| 'budget_mismatch'
	/** The end date is before the start date. */
	| 'end_before_start'
	/** Not a calendar date (`YYYY-MM-DD`, or no such day). */
	| 'invalid_date'
	/** Not one of the kelurahan's sectors. */
	| 'unknown_sector'
	/** A number with a decimal part in a form we do not read. */
	| 'invalid_decimal';

export type PlanInputError = InputError<PlanInputErrorCode>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: PlanInputError[] };

const rupiah = z.int().min(0).max(MAX_RUPIAH);
const SECTOR_CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** `YYYY-MM-DD` naming a real day. */
export function isCalendarDate(s: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const calendarDate = z.string().refine(isCalendarDate, { message: 'invalid_date' });

export const planInputSchema = z.strictObject({
	title: z.string().trim().min(3).max(200),
	year: z.int().min(2000).max(2100),
	note: z.string().trim().max(2000).default('')
});
export type PlanInput = z.output<typeof planInputSchema>;

const fundingSchema = z
	.strictObject(
		Object.fromEntries(planFundingSources.map((s) => [s, rupiah.optional()])) as Record<
			PlanFundingSource,
			z.ZodOptional<typeof rupiah>
		>
	)
	// Zero amounts are no source at all.
	.transform(
		(f) =>
			Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v > 0)) as Partial<
				Record<PlanFundingSource, number>
			>
	);

export const planItemInputSchema = z
	.strictObject({
		activity: z.string().trim().min(3).max(300),
		strategyArea: z.string().trim().regex(SECTOR_CODE),
		location: z.string().trim().max(200).default(''),
		rt: z.int().min(1).max(999).nullable().default(null),
		rw: z.int().min(1).max(99).nullable().default(null),
		output: z.string().trim().max(500).default(''),
		volume: z.number().min(0).max(1e12).nullable().default(null),
		unit: z.string().trim().max(40).default(''),
		indicatorName: z.string().trim().max(200).default(''),
		indicatorUnit: z.string().trim().max(40).default(''),
		indicatorBaseline: z.number().min(-1e12).max(1e12).nullable().default(null),
		indicatorTarget: z.number().min(-1e12).max(1e12).nullable().default(null),
		budget: rupiah,
		funding: fundingSchema.default({}),
		responsibleKind: z.enum(responsibleKinds).default('kelurahan'),
		responsibleName: z.string().trim().max(200).default(''),
		partners: z
			.array(
				z.strictObject({
					kind: z.enum(responsibleKinds),
					name: z.string().trim().min(1).max(200)
				})
			)
			.max(MAX_PARTNERS)
			.default([]),
		startDate: calendarDate.nullable().default(null),
		endDate: calendarDate.nullable().default(null)
	})
	.superRefine((item, ctx) => {
		const sum = Object.values(item.funding).reduce((a, b) => a + (b ?? 0), 0);
		if (sum !== item.budget) {
			ctx.addIssue({ code: 'custom', path: ['funding'], message: 'budget_mismatch' });
		}
		if (item.startDate && item.endDate && item.endDate < item.startDate) {
			ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'end_before_start' });
		}
	});
export type PlanItemInput = z.output<typeof planItemInputSchema>;

export const progressInputSchema = z.strictObject({
	reportedOn: calendarDate,
	percent: z.int().min(0).max(100),
	realisedBudget: rupiah.nullable().default(null),
	indicatorValue: z.number().min(-1e12).max(1e12).nullable().default(null),
	note: z.string().trim().max(1000).default('')
});
export type ProgressInput = z.output<typeof progressInputSchema>;

/** A reason for cancelling or carrying over: said in a sentence, not left blank. */
export const reasonSchema = z.string().trim().min(3).max(500);

/** Codes we put in custom issues' messages, so they come out as the code itself. */
const customCodes = new Set<string>(['budget_mismatch', 'end_before_start', 'invalid_date']);

function errorsOf(issues: readonly z.core.$ZodIssue[]): PlanInputError[] {
	return uniqueErrors(
		issues.flatMap((issue): PlanInputError[] =>
			issue.code === 'custom' && customCodes.has(issue.message)
				? [
						{
							field: issue.path.filter((p) => typeof p === 'string').join('.'),
							code: issue.message as PlanInputErrorCode
						}
					]
				: issueToErrors(issue)
		)
	);
}

function validate<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
	const parsed = schema.safeParse(input, { reportInput: true });
	return parsed.success
		? { ok: true, value: parsed.data }
		: { ok: false, errors: errorsOf(parsed.error.issues) };
}

export const validatePlanInput = (input: unknown) => validate(planInputSchema, input);
export const validateProgressInput = (input: unknown) => validate(progressInputSchema, input);

/** Validates an item; with `knownSectors`, a strategy area outside them is refused. */
export function validatePlanItemInput(
	input: unknown,
	knownSectors?: Iterable<string>
): Parsed<PlanItemInput> {
	const result = validate(planItemInputSchema, input);
	// An unknown sector is reported together with any other mistake, not only once the rest is valid.
	const area = (input as { strategyArea?: unknown } | null)?.strategyArea;
	const unknown =
		knownSectors !== undefined &&
		typeof area === 'string' &&
		area.trim() !== '' &&
		!new Set(knownSectors).has(area.trim());
	if (!unknown) return result;
	const errors = result.ok ? [] : result.errors.filter((e) => e.field !== 'strategyArea');
	return { ok: false, errors: [...errors, { field: 'strategyArea', code: 'unknown_sector' }] };
}

/**
 * A decimal as Indonesians type it: `1,5` (comma before decimals), `1.250` or `1.250,5` (dots
 * group thousands). A lone dot not followed by exactly three digits (`2.5`) is read as a decimal
 * point. Blank is null.
 */
export function parseDecimal(text: string): { ok: true; value: number | null } | { ok: false } {
	const t = text.normalize('NFKC').trim().replace(/\s+/g, '');
	if (t === '') return { ok: true, value: null };
	let normal: string;
	if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) normal = t.replace(/\./g, '').replace(',', '.');
	else if (/^-?\d+(,\d+)?$/.test(t)) normal = t.replace(',', '.');
	else if (/^-?\d+\.\d+$/.test(t)) normal = t;
	else return { ok: false };
	const value = Number(normal);
	return Number.isFinite(value) ? { ok: true, value } : { ok: false };
}

/** What the parsers need of `FormData` (URLSearchParams fits too). */
export type FormLike = { get(name: string): unknown };

function reader(form: FormLike, errors: PlanInputError[]) {
	const text = (name: string): string => {
		const v = form.get(name);
		return typeof v === 'string' ? v : '';
	};
	const number = (field: string, result: NumberInputResult): number | undefined => {
		if (result.ok) return result.value;
		errors.push({ field, code: result.code });
		return undefined;
	};
	return {
		text,
		/** Blank → null. */
		optionalText: (name: string): string | null => (text(name).trim() === '' ? null : text(name)),
		whole: (name: string, blank: number | null = null): number | null | undefined =>
			text(name).trim() === '' ? blank : number(name, parseWholeNumber(text(name))),
		rupiah: (name: string, blank: number | null = null): number | null | undefined =>
			text(name).trim() === '' ? blank : number(name, parseRupiah(text(name))),
		decimal: (name: string): number | null | undefined => {
			const r = parseDecimal(text(name));
			if (r.ok) return r.value;
			errors.push({ field: name, code: 'invalid_decimal' });
			return undefined;
		}
	};
}

/** Merges errors from reading the form with the schema's, one per field (reading errors first). */
function finish<T>(errors: PlanInputError[], result: Parsed<T>): Parsed<T> {
	if (errors.length === 0) return result;
	const read = new Set(errors.map((e) => e.field));
	const rest = result.ok ? [] : result.errors.filter((e) => !read.has(e.field));
	return { ok: false, errors: uniqueErrors([...errors, ...rest]) };
}

export function parsePlanForm(form: FormLike): Parsed<PlanInput> {
	const errors: PlanInputError[] = [];
	const r = reader(form, errors);
	return finish(
		errors,
		validatePlanInput({ title: r.text('title'), year: r.whole('year'), note: r.text('note') })
	);
}

/**
 * The item form. Inputs are named after the fields; money as typed (`150 juta`); each source is
 * `funding.<source>`; partners are rows `partners.<i>.kind` / `partners.<i>.name` (blank names
 * are skipped); dates from `<input type="date">`.
 */
export function parsePlanItemForm(
	form: FormLike,
	knownSectors?: Iterable<string>
): Parsed<PlanItemInput> {
	const errors: PlanInputError[] = [];
	const r = reader(form, errors);
	const funding: Record<string, number | null | undefined> = {};
	for (const source of planFundingSources) funding[source] = r.rupiah(`funding.${source}`, 0);
	const partners: { kind: string; name: string }[] = [];
	for (let i = 0; i < MAX_PARTNERS; i++) {
		const name = r.text(`partners.${i}.name`).trim();
		if (name !== '') partners.push({ kind: r.text(`partners.${i}.kind`), name });
	}
	const input = {
		activity: r.text('activity'),
		strategyArea: r.text('strategyArea'),
		location: r.text('location'),
		rt: r.whole('rt'),
		rw: r.whole('rw'),
		output: r.text('output'),
		volume: r.decimal('volume'),
		unit: r.text('unit'),
		indicatorName: r.text('indicatorName'),
		indicatorUnit: r.text('indicatorUnit'),
		indicatorBaseline: r.decimal('indicatorBaseline'),
		indicatorTarget: r.decimal('indicatorTarget'),
		budget: r.rupiah('budget', 0),
		funding,
		responsibleKind: r.text('responsibleKind') || 'kelurahan',
		responsibleName: r.text('responsibleName'),
		partners,
		startDate: r.optionalText('startDate'),
		endDate: r.optionalText('endDate')
	};
	// Numbers that could not be read are reported once, by the reader, not again as "required".
	return finish(errors, validatePlanItemInput(input, knownSectors));
}

export function parseProgressForm(form: FormLike): Parsed<ProgressInput> {
	const errors: PlanInputError[] = [];
	const r = reader(form, errors);
	return finish(
		errors,
		validateProgressInput({
			reportedOn: r.text('reportedOn'),
			percent: r.whole('percent'),
			realisedBudget: r.rupiah('realisedBudget'),
			indicatorValue: r.decimal('indicatorValue'),
			note: r.text('note')
		})
	);
}
