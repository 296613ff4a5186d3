/**
 * Input schemas (zod 4) for writing to the board: what a form or the JSON API may submit. They
 * use the limits of `schema.ts`, and every refusal's message is a `ReasonCode`, so errors come
 * out in the same vocabulary as `readBoard`'s reasons.
 */
import { z } from 'zod';
import {
	fundingSources,
	limits,
	reasonCodes,
	type FieldError,
	type Proposer,
	type ReasonCode
} from './schema.ts';
import { makeProposer } from './validate.ts';

type IssueInput = { input?: unknown };

const typeError = (iss: IssueInput): ReasonCode =>
	iss.input === undefined ? 'required' : 'wrongType';
const numberTypeError = (iss: IssueInput): ReasonCode =>
	iss.input === undefined ? 'required' : typeof iss.input === 'number' ? 'notFinite' : 'wrongType';

const text = (max: number) =>
	z
		.string({ error: typeError })
		.trim()
		.max(max, { error: 'tooLong' satisfies ReasonCode });

const rtRw = z
	.number({ error: numberTypeError })
	.int({ error: 'notInteger' satisfies ReasonCode })
	.min(limits.rtRwMin, { error: 'outOfRange' satisfies ReasonCode })
	.max(limits.rtRwMax, { error: 'outOfRange' satisfies ReasonCode });

const volume = z
	.number({ error: numberTypeError })
	.min(0, { error: 'negative' satisfies ReasonCode })
	.max(limits.volumeMax, { error: 'tooLarge' satisfies ReasonCode });

const cost = z
	.number({ error: numberTypeError })
	.int({ error: 'notInteger' satisfies ReasonCode })
	.min(0, { error: 'negative' satisfies ReasonCode })
	.max(limits.estimatedCostMax, { error: 'tooLarge' satisfies ReasonCode });

/** A participant or user id. */
export const actorIdSchema = z
	.string({ error: typeError })
	.trim()
	.min(1, { error: 'empty' satisfies ReasonCode })
	.max(limits.actorIdMax, { error: 'tooLong' satisfies ReasonCode });

/** A proposer as submitted; `rt`/`rw`/`participantId` may be left out or null. */
export const proposerInputSchema = z
	.object(
		{
			participantId: actorIdSchema.nullish(),
			name: text(limits.proposerNameMax).min(1, { error: 'empty' satisfies ReasonCode }),
			rt: rtRw.nullish(),
			rw: rtRw.nullish()
		},
		{ error: typeError }
	)
	.transform((p): Proposer => makeProposer(p.participantId ?? undefined, p.name, p.rt, p.rw));

const proposerList = z
	.array(proposerInputSchema, { error: typeError })
	.max(limits.proposersMax, { error: 'tooMany' satisfies ReasonCode });

const fundingSource = z.enum(fundingSources, {
	error: (iss) =>
		iss.input === undefined
			? 'required'
			: typeof iss.input === 'string'
				? 'unknownValue'
				: 'wrongType'
});

/** A title as submitted: trimmed, not blank. */
export const titleInputSchema = text(limits.titleMax).min(1, {
	error: 'empty' satisfies ReasonCode
});
/** A problem description as submitted: trimmed, may be empty. */
export const problemInputSchema = text(limits.problemMax);

/**
 * The fields of an usulan as a form submits them. `sectors` are the meeting's sector codes.
 * Strings are trimmed; optional numbers default to null.
 */
export function itemInputSchema(sectors: readonly string[]) {
	const known = new Set(sectors);
	return z.object(
		{
			title: titleInputSchema,
			problem: problemInputSchema.default(''),
			locationText: text(limits.locationTextMax).default(''),
			rt: rtRw.nullable().default(null),
			rw: rtRw.nullable().default(null),
			sector: z
				.string({ error: typeError })
				.refine((s) => known.has(s), { error: 'unknownSector' satisfies ReasonCode }),
			volume: volume.nullable().default(null),
			unit: text(limits.unitMax).default(''),
			estimatedCost: cost.nullable().default(null),
			fundingSource,
			proposers: proposerList.default([])
		},
		{ error: typeError }
	);
}

/** An usulan as submitted to `addItem` (before trimming and defaults). */
export type ItemInput = z.input<ReturnType<typeof itemInputSchema>>;
/** An usulan after validation: what `addItem` writes. */
export type ItemValues = z.output<ReturnType<typeof itemInputSchema>>;

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

const knownCodes: ReadonlySet<string> = new Set(reasonCodes);

/** Zod issues as `FieldError`s; any message that is not one of our codes reads as `malformed`. */
export function toFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
	return error.issues.map((issue) => {
		const path = issue.path.map(String).join('.');
		return {
			field: prefix && path ? `${prefix}.${path}` : prefix || path || 'input',
			code: knownCodes.has(issue.message) ? (issue.message as ReasonCode) : 'malformed'
		};
	});
}
