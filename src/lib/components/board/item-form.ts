/**
 * From what a person typed into the usulan form to the values the board's operations take.
 * Numbers are read the Indonesian way (`150.000.000`, `150 juta`, `1,5`); what cannot be read is
 * reported per field, and everything else is validated by `addItem` / `updateField` themselves.
 */
import { parseRupiah, parseWholeNumber, type NumberInputErrorCode } from '$lib/domain/number-input';
import type { EditableField, EditableValues, ItemInput, ReasonCode } from '$lib/realtime/board';

/** A refusal shown next to its field: a board code, or a code of the number parsers. */
export type FormFieldError = { field: string; code: ReasonCode | NumberInputErrorCode };

export type ParsedField<T> = { ok: true; value: T } | { ok: false; code: NumberInputErrorCode };

const blank = (s: string | null | undefined) => s === null || s === undefined || s.trim() === '';

/** An RT or RW number; blank means unknown (null). */
export function parseRtRwInput(text: string | null | undefined): ParsedField<number | null> {
	if (blank(text)) return { ok: true, value: null };
	return parseWholeNumber(text!);
}

/** Whole Rupiah; blank means no estimate yet (null). */
export function parseCostInput(text: string | null | undefined): ParsedField<number | null> {
	if (blank(text)) return { ok: true, value: null };
	return parseRupiah(text!);
}

const GROUPED = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;
const PLAIN = /^\d+(?:,\d+)?$/;
/** `1.5` or `2.25`: a point before one or two digits cannot be a thousands separator. */
const POINT_DECIMAL = /^\d+\.\d{1,2}$/;

/** A quantity (`120`, `1.200`, `1,5`, `1.5`); blank means none (null). */
export function parseVolumeInput(text: string | null | undefined): ParsedField<number | null> {
	if (blank(text)) return { ok: true, value: null };
	const s = text!.normalize('NFKC').trim();
	if (s.length > 20) return { ok: false, code: 'invalid_number' };
	let normalized: string;
	if (GROUPED.test(s) || PLAIN.test(s)) normalized = s.replaceAll('.', '').replace(',', '.');
	else if (POINT_DECIMAL.test(s)) normalized = s;
	else return { ok: false, code: 'invalid_number' };
	const value = Number(normalized);
	return Number.isFinite(value) ? { ok: true, value } : { ok: false, code: 'invalid_number' };
}

/** The form's inputs by name, as strings (FormData entries or bound values). */
/** The inputs of the usulan form, by name (the no-JavaScript action reads the same names). */
export const itemFormFields = [
	'title',
	'problem',
	'locationText',
	'rt',
	'rw',
	'sector',
	'volume',
	'unit',
	'estimatedCost',
	'fundingSource',
	'proposerName'
] as const;
export type ItemFormField = (typeof itemFormFields)[number];

export type ItemFormFields = Partial<Record<ItemFormField, string>>;

/** Who is adding: their own name becomes the proposer unless they type someone else's. */
export type Proposing = {
	participantId?: string;
	name: string;
	rt?: number | null;
	rw?: number | null;
};

/**
 * The add form as `addItem` input, or the fields whose numbers could not be read. The proposer
 * is the person adding (with their participant id) unless another name was typed.
 */
export function itemInputFromForm(
	fields: ItemFormFields,
	me: Proposing
): { ok: true; input: ItemInput } | { ok: false; errors: FormFieldError[] } {
	const errors: FormFieldError[] = [];
	const number = <T>(field: string, parsed: ParsedField<T>): T | null => {
		if (parsed.ok) return parsed.value;
		errors.push({ field, code: parsed.code });
		return null;
	};
	const rt = number('rt', parseRtRwInput(fields.rt));
	const rw = number('rw', parseRtRwInput(fields.rw));
	const volume = number('volume', parseVolumeInput(fields.volume));
	const estimatedCost = number('estimatedCost', parseCostInput(fields.estimatedCost));
	if (errors.length > 0) return { ok: false, errors };

	const typed = (fields.proposerName ?? '').trim();
	const proposer =
		typed === '' || typed === me.name.trim()
			? { participantId: me.participantId, name: me.name, rt: me.rt, rw: me.rw }
			: { name: typed, rt, rw };
	return {
		ok: true,
		input: {
			title: fields.title ?? '',
			problem: fields.problem ?? '',
			locationText: fields.locationText ?? '',
			rt,
			rw,
			sector: fields.sector ?? '',
			volume,
			unit: fields.unit ?? '',
			estimatedCost,
			fundingSource: (fields.fundingSource ?? '') as ItemInput['fundingSource'],
			proposers: [proposer]
		}
	};
}

/** Fields edited through one input each (proposers have their own controls). */
export type SimpleField = Exclude<EditableField, 'proposers'>;

/** One field's typed text as the value `updateField` takes, or why it cannot be read. */
export function fieldValueFromInput<F extends SimpleField>(
	field: F,
	text: string
): ParsedField<EditableValues[F]> {
	type V = EditableValues[F];
	switch (field) {
		case 'rt':
		case 'rw':
			return parseRtRwInput(text) as ParsedField<V>;
		case 'volume':
			return parseVolumeInput(text) as ParsedField<V>;
		case 'estimatedCost':
			return parseCostInput(text) as ParsedField<V>;
		default:
			return { ok: true, value: text as V };
	}
}
