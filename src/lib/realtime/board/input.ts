/**
 * Input schemas for writing to the board: what a form or the JSON API may submit. They use the
 * limits of `schema.ts`, and every refusal's message is a `ReasonCode`, so errors come out in the
 * same vocabulary as `readBoard`'s reasons. Written with `zod/mini` because phones import this
 * module: full zod's method-chaining API cannot be tree-shaken and weighs on the resident page's
 * JavaScript budget. Keep it that way (and `protocol.ts`, `live/schema.ts` too).
 */
import * as z from 'zod/mini';
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
		.check(z.trim(), z.maxLength(max, { error: 'tooLong' satisfies ReasonCode }));

const rtRw = z
	.number({ error: numberTypeError })
	.check(
		z.int({ error: 'notInteger' satisfies ReasonCode }),
		z.gte(limits.rtRwMin, { error: 'outOfRange' satisfies ReasonCode }),
		z.lte(limits.rtRwMax, { error: 'outOfRange' satisfies ReasonCode })
	);

const volume = z
	.number({ error: numberTypeError })
	.check(
		z.gte(0, { error: 'negative' satisfies ReasonCode }),
		z.lte(limits.volumeMax, { error: 'tooLarge' satisfies ReasonCode })
	);

const cost = z
	.number({ error: numberTypeError })
	.check(
		z.int({ error: 'notInteger' satisfies ReasonCode }),
		z.gte(0, { error: 'negative' satisfies ReasonCode }),
		z.lte(limits.estimatedCostMax, { error: 'tooLarge' satisfies ReasonCode })
	);

/** A participant or user id. */
export const actorIdSchema = z
	.string({ error: typeError })
	.check(
		z.trim(),
		z.minLength(1, { error: 'empty' satisfies ReasonCode }),
		z.maxLength(limits.actorIdMax, { error: 'tooLong' satisfies ReasonCode })
	);

/** A proposer as submitted; `rt`/`rw`/`participantId` may be left out or null. */
export const proposerInputSchema = z.pipe(
	z.object(
		{
			participantId: z.nullish(actorIdSchema),
			name: text(limits.proposerNameMax).check(
				z.minLength(1, { error: 'empty' satisfies ReasonCode })
			),
			rt: z.nullish(rtRw),
			rw: z.nullish(rtRw)
		},
		{ error: typeError }
	),
	z.transform((p): Proposer => makeProposer(p.participantId ?? undefined, p.name, p.rt, p.rw))
);

const proposerList = z
	.array(proposerInputSchema, { error: typeError })
	.check(z.maxLength(limits.proposersMax, { error: 'tooMany' satisfies ReasonCode }));

const fundingSource = z.enum(fundingSources, {
	error: (iss) =>
		iss.input === undefined
			? 'required'
			: typeof iss.input === 'string'
				? 'unknownValue'
				: 'wrongType'
});

/** A title as submitted: trimmed, not blank. */
export const titleInputSchema = text(limits.titleMax).check(
	z.minLength(1, { error: 'empty' satisfies ReasonCode })
);
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
			problem: z._default(problemInputSchema, ''),
			locationText: z._default(text(limits.locationTextMax), ''),
			rt: z._default(z.nullable(rtRw), null),
			rw: z._default(z.nullable(rtRw), null),
			sector: z
				.string({ error: typeError })
				.check(z.refine((s) => known.has(s), { error: 'unknownSector' satisfies ReasonCode })),
			volume: z._default(z.nullable(volume), null),
			unit: z._default(text(limits.unitMax), ''),
			estimatedCost: z._default(z.nullable(cost), null),
			fundingSource,
			proposers: z._default(proposerList, [])
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
export function toFieldErrors(error: z.core.$ZodError, prefix = ''): FieldError[] {
	return error.issues.map((issue) => {
		const path = issue.path.map(String).join('.');
		return {
			field: prefix && path ? `${prefix}.${path}` : prefix || path || 'input',
			code: knownCodes.has(issue.message) ? (issue.message as ReasonCode) : 'malformed'
		};
	});
}
