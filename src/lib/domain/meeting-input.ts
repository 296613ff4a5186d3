/**
 * The meeting form: one schema for the JSON API and the HTML form, and a parser from form data
 * into the same shape. Errors are `{ field, code }` — the UI translates codes, so no sentence in
 * any language lives here.
 *
 * `field` is the dotted path of the value (`title`, `quorum.min`, `inclusionThresholds.women`);
 * the HTML form uses the same strings as input names, so an error finds its input by name.
 */
import { z } from 'zod';
import {
	issueToErrors,
	uniqueErrors,
	type InputError,
	type InputErrorCode
} from './input-errors.ts';
import { inclusionGroups, type InclusionGroup, type InclusionThresholds } from './attendance.ts';
import {
	parsePercent,
	parseRupiah,
	parseWholeNumber,
	type NumberInputResult
} from './number-input.ts';
import { meetingKinds, voterModes } from './meeting-kind.ts';
import type { QuorumRule } from './quorum.ts';

export { meetingKinds, voterModes, type MeetingKind, type VoterMode } from './meeting-kind.ts';

/** The largest pagu accepted: Rp 10 triliun, far above any kelurahan and well inside a safe integer. */
export const MAX_BUDGET_CEILING = 10_000_000_000_000;
export const MAX_AGENDA_ITEMS = 30;
export const MAX_QUORUM_COUNT = 100_000;

/** Sector codes as kept per kelurahan (`pendidikan`, `ekonomi` …). */
const SECTOR_CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

const share = z.number().min(0).max(1);

const quorumRuleSchema = z.discriminatedUnion('kind', [
	z.strictObject({ kind: z.literal('none') }),
	z.strictObject({ kind: z.literal('count'), min: z.int().min(1).max(MAX_QUORUM_COUNT) }),
	// A share of 0 is no quorum: say `none`.
	z.strictObject({ kind: z.literal('share'), share: z.number().gt(0).max(1) })
]) satisfies z.ZodType<QuorumRule>;

const thresholdsSchema = z.strictObject(
	Object.fromEntries(inclusionGroups.map((g) => [g, share.optional()])) as Record<
		InclusionGroup,
		z.ZodOptional<typeof share>
	>
) satisfies z.ZodType<InclusionThresholds>;

/**
 * A meeting as created or edited. Trims text; drops blank agenda lines; sorts RW numbers and
 * removes repeats; removes repeated sector codes (keeping the first). Unknown keys are refused,
 * so a misspelt optional field (`budget` for `budgetCeiling`) cannot vanish silently.
 */
export const meetingInputSchema = z.strictObject({
	title: z.string().trim().min(3).max(200),
	kind: z.enum(meetingKinds),
	/** ISO 8601 with seconds and an offset or Z: `2027-01-10T09:00:00+07:00`. */
	startsAt: z.iso.datetime({ offset: true }),
	place: z.string().trim().max(200).default(''),
	agenda: z
		.array(z.string())
		.transform((items) => items.map((s) => s.trim()).filter((s) => s !== ''))
		.pipe(z.array(z.string().max(200)).min(1).max(MAX_AGENDA_ITEMS)),
	/** RW numbers the meeting is for; empty = the whole kelurahan. */
	rwScope: z
		.array(z.int().min(1).max(99))
		.max(99)
		.overwrite((rws) => [...new Set(rws)].sort((a, b) => a - b))
		.default([]),
	/** The pagu in whole Rupiah; null when not known yet. */
	budgetCeiling: z.int().min(0).max(MAX_BUDGET_CEILING).nullable().default(null),
	quorum: quorumRuleSchema,
	voters: z.enum(voterModes),
	sectors: z
		.array(z.string().trim().regex(SECTOR_CODE))
		.min(1)
		.max(50)
		.overwrite((codes) => [...new Set(codes)]),
	/** Minimum shares (0–1) per inclusion group; a missing group has none. */
	inclusionThresholds: thresholdsSchema.default({})
});

/** A valid meeting, tidied (what services store). */
export type MeetingInput = z.output<typeof meetingInputSchema>;
/** What the JSON API accepts before defaults and tidying (optional fields may be left out). */
export type MeetingInputJson = z.input<typeof meetingInputSchema>;

export type MeetingInputErrorCode =
	/** Any code every input schema uses (see input-errors.ts). */
	| InputErrorCode
	/** A sector code the kelurahan does not use. */
	| 'unknown_sector';

export type MeetingInputError = InputError<MeetingInputErrorCode>;

export type MeetingInputResult =
	{ ok: true; value: MeetingInput } | { ok: false; errors: MeetingInputError[] };

export type MeetingInputContext = {
	/** Sector codes the kelurahan uses; when given, any other code is refused. */
	knownSectors?: Iterable<string>;
};

/**
 * Validates a meeting from the JSON API (or anything already shaped like {@link MeetingInput}).
 * Errors come one per field and code, in the order the schema found them.
 */
export function validateMeetingInput(
	input: unknown,
	ctx: MeetingInputContext = {}
): MeetingInputResult {
	// reportInput tells a missing key (input undefined) from one of the wrong type.
	const parsed = meetingInputSchema.safeParse(input, { reportInput: true });
	if (!parsed.success)
		return { ok: false, errors: uniqueErrors(parsed.error.issues.flatMap(issueToErrors)) };
	if (ctx.knownSectors !== undefined) {
		const known = new Set(ctx.knownSectors);
		if (parsed.data.sectors.some((code) => !known.has(code))) {
			return { ok: false, errors: [{ field: 'sectors', code: 'unknown_sector' }] };
		}
	}
	return { ok: true, value: parsed.data };
}

/** What the parser needs of `FormData` (URLSearchParams fits too). */
export type FormLike = {
	get(name: string): unknown;
	getAll(name: string): unknown[];
};

/** Indonesia's three time zones: WIB, WITA, WIT. */
export type IndonesianUtcOffset = '+07:00' | '+08:00' | '+09:00';

/** WIB: where most kelurahan are. */
export const DEFAULT_UTC_OFFSET: IndonesianUtcOffset = '+07:00';

export type MeetingFormContext = MeetingInputContext & {
	/**
	 * The kelurahan's UTC offset, for a `datetime-local` value (which has none); default `+07:00`
	 * (WIB). The meeting happens at the kelurahan, so its clock counts, not the facilitator's laptop.
	 */
	utcOffset?: IndonesianUtcOffset;
};

/**
 * Parses the HTML meeting form into a {@link MeetingInput}. Input names are the field paths:
 *
 * - `title`, `kind`, `place`, `voters`: text / radio / select
 * - `startsAt`: `datetime-local` (`2027-01-10T09:00`, seconds optional; the kelurahan's offset is
 *   added) or a full ISO date-time with offset
 * - `agenda`: a textarea, one item per line; blank lines are dropped
 * - `rwScope`: checkboxes (repeated) and/or text like `1, 3, 05`; none = whole kelurahan
 * - `budgetCeiling`: Rupiah as typed, see {@link parseRupiah} (`150.000.000`, `Rp 150 juta`,
 *   `1,5 miliar`); blank = not known
 * - `quorum.kind` (`none` | `count` | `share`), then `quorum.min` (a whole number) or
 *   `quorum.share` (a percentage, `50` → 0.5); the other one is ignored
 * - `sectors`: checkboxes (repeated)
 * - `inclusionThresholds.women` / `.youth` / `.elderly` / `.disability`: percentages; blank = none
 */
export function parseMeetingForm(form: FormLike, ctx: MeetingFormContext = {}): MeetingInputResult {
	const errors: MeetingInputError[] = [];
	const text = (name: string): string | undefined => {
		const v = form.get(name);
		return typeof v === 'string' ? v : undefined;
	};
	const texts = (name: string): string[] =>
		form.getAll(name).filter((v): v is string => typeof v === 'string');
	/** A number parsed from text; undefined (and an error) when it cannot be. */
	const number = (field: string, result: NumberInputResult): number | undefined => {
		if (result.ok) return result.value;
		errors.push({ field, code: result.code });
		return undefined;
	};
	const blank = (s: string | undefined) => s === undefined || s.trim() === '';

	const startsAt = blankToUndefined(text('startsAt'));
	const agenda = text('agenda');
	const budget = text('budgetCeiling');

	const raw = {
		title: text('title'),
		kind: blankToUndefined(text('kind')),
		startsAt: startsAt && withOffset(startsAt, ctx.utcOffset ?? DEFAULT_UTC_OFFSET),
		place: text('place'),
		agenda: agenda === undefined ? undefined : agenda.split(/\r\n|\r|\n/),
		rwScope: parseRwList(texts('rwScope'), errors),
		budgetCeiling: blank(budget) ? null : number('budgetCeiling', parseRupiah(budget!)),
		quorum: parseQuorum(text, number),
		voters: blankToUndefined(text('voters')),
		sectors: texts('sectors'),
		inclusionThresholds: {} as InclusionThresholds
	};
	for (const g of inclusionGroups) {
		const field = `inclusionThresholds.${g}`;
		const value = text(field);
		if (blank(value)) continue;
		const parsed = number(field, parsePercent(value!));
		if (parsed !== undefined) raw.inclusionThresholds[g] = parsed;
	}

	const result = validateMeetingInput(raw, ctx);
	// A field the parser already refused would otherwise get a second, misleading error
	// ("required") from the schema, which only saw it missing.
	const refused = new Set(errors.map((e) => e.field));
	if (result.ok) return errors.length === 0 ? result : { ok: false, errors: uniqueErrors(errors) };
	return {
		ok: false,
		errors: uniqueErrors([...errors, ...result.errors.filter((e) => !refused.has(e.field))])
	};
}

function blankToUndefined(s: string | undefined): string | undefined {
	return s === undefined || s.trim() === '' ? undefined : s.trim();
}

const LOCAL_DATETIME =
	/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(z|[+-]\d{2}:\d{2})?$/i;

/** `2027-01-10T09:00` → `2027-01-10T09:00:00+07:00`; anything else is left for the schema to refuse. */
function withOffset(value: string, utcOffset: IndonesianUtcOffset): string {
	const m = LOCAL_DATETIME.exec(value);
	if (!m) return value;
	const [, date, hoursMinutes, seconds = ':00', offset] = m;
	return `${date}T${hoursMinutes}${seconds}${offset?.toUpperCase() ?? utcOffset}`;
}

/** RW numbers from checkboxes and/or a typed list (`1, 3, 05`). */
function parseRwList(values: string[], errors: MeetingInputError[]): number[] {
	const rws: number[] = [];
	for (const token of values.flatMap((v) => v.split(/[\s,;]+/)).filter((t) => t !== '')) {
		if (!/^\d{1,6}$/.test(token)) {
			errors.push({ field: 'rwScope', code: 'invalid_number' });
			return [];
		}
		rws.push(Number(token));
	}
	return rws;
}

function parseQuorum(
	text: (name: string) => string | undefined,
	number: (field: string, result: NumberInputResult) => number | undefined
): unknown {
	const kind = blankToUndefined(text('quorum.kind'));
	// No kind: the schema reports `quorum.kind` as required.
	if (kind === undefined) return {};
	switch (kind) {
		case 'count':
			return { kind, min: number('quorum.min', parseWholeNumber(text('quorum.min') ?? '')) };
		case 'share':
			return { kind, share: number('quorum.share', parsePercent(text('quorum.share') ?? '')) };
		default:
			// `none`, or an unknown kind the schema refuses with invalid_choice.
			return { kind };
	}
}
