/**
 * The item form's values as typed: one string per input name (`funding.swadaya`,
 * `partners.0.name` …), so a refused form comes back exactly as it was sent. Built from a draft
 * (the decisions' usulan), from a stored item, or from a submitted form; pure, runs on both sides.
 */
import { formatQuantity, formatRupiah } from '$lib/components/board/format';
import { MAX_PARTNERS, parseDecimal, type FormLike } from '$lib/domain/plans/input';
import { planFundingSources, type Partner } from '$lib/domain/plans/model';
import { parseRupiah } from '$lib/domain/number-input';

export type ItemFormValues = Record<string, string>;

/** Partner rows the form shows when an item has fewer partners. */
export const PARTNER_ROWS = 3;

export const fundingField = (source: string) => `funding.${source}`;
export const partnerKindField = (i: number) => `partners.${i}.kind`;
export const partnerNameField = (i: number) => `partners.${i}.name`;

/** Whole Rupiah as typed in the form: "150.000.000"; 0 and null are left blank. */
export function amountText(n: number | null | undefined): string {
	return n ? formatRupiah(n).replace(/^Rp /, '') : '';
}

const numberText = (n: unknown) => (typeof n === 'number' ? formatQuantity(n) : '');
const wholeText = (n: unknown) => (typeof n === 'number' ? String(n) : '');
const str = (s: unknown) => (typeof s === 'string' ? s : '');

export function emptyItemValues(): ItemFormValues {
	return { responsibleKind: 'kelurahan' };
}

/** The form pre-filled from `itemDraftFromDecisions`; a sector the kelurahan lacks is left open. */
export function valuesFromDraft(
	draft: Record<string, unknown>,
	sectorCodes: readonly string[]
): ItemFormValues {
	const values: ItemFormValues = {
		...emptyItemValues(),
		activity: str(draft.activity),
		strategyArea: sectorCodes.includes(str(draft.strategyArea)) ? str(draft.strategyArea) : '',
		location: str(draft.location),
		rt: wholeText(draft.rt),
		rw: wholeText(draft.rw),
		volume: numberText(draft.volume),
		unit: str(draft.unit),
		budget: amountText(typeof draft.budget === 'number' ? draft.budget : null)
	};
	const funding = (draft.funding ?? {}) as Record<string, unknown>;
	for (const source of planFundingSources) {
		const amount = funding[source];
		values[fundingField(source)] = amountText(typeof amount === 'number' ? amount : null);
	}
	// A board source the plan does not know (none today) goes to "lainnya" rather than vanish.
	const unknown = Object.entries(funding)
		.filter(([s]) => !(planFundingSources as readonly string[]).includes(s))
		.reduce((a, [, v]) => a + (typeof v === 'number' ? v : 0), 0);
	if (unknown > 0) {
		const had = parseRupiah(values[fundingField('lainnya')] || '0');
		values[fundingField('lainnya')] = amountText((had.ok ? had.value : 0) + unknown);
	}
	return values;
}

/** What the item form needs of a stored item. */
export type StoredItem = {
	activity: string;
	strategyArea: string;
	location: string;
	rt: number | null;
	rw: number | null;
	output: string;
	volume: number | null;
	unit: string;
	indicatorName: string;
	indicatorUnit: string;
	indicatorBaseline: number | null;
	indicatorTarget: number | null;
	budget: number;
	responsibleKind: string;
	responsibleName: string;
	partners: Partner[];
	startDate: string | null;
	endDate: string | null;
};

export function valuesFromItem(
	item: StoredItem,
	funding: Partial<Record<string, number>>
): ItemFormValues {
	const values: ItemFormValues = {
		activity: item.activity,
		strategyArea: item.strategyArea,
		location: item.location,
		rt: wholeText(item.rt),
		rw: wholeText(item.rw),
		output: item.output,
		volume: numberText(item.volume),
		unit: item.unit,
		indicatorName: item.indicatorName,
		indicatorUnit: item.indicatorUnit,
		indicatorBaseline: numberText(item.indicatorBaseline),
		indicatorTarget: numberText(item.indicatorTarget),
		budget: item.budget === 0 ? '0' : amountText(item.budget),
		responsibleKind: item.responsibleKind,
		responsibleName: item.responsibleName,
		startDate: item.startDate ?? '',
		endDate: item.endDate ?? ''
	};
	for (const source of planFundingSources)
		values[fundingField(source)] = amountText(funding[source]);
	item.partners.forEach((p, i) => {
		values[partnerKindField(i)] = p.kind;
		values[partnerNameField(i)] = p.name;
	});
	return values;
}

/** The submitted form's text inputs (files are ignored; a repeated name keeps its last value). */
export function valuesFromForm(form: FormData): ItemFormValues {
	const values: ItemFormValues = {};
	for (const [name, value] of form.entries()) {
		if (typeof value === 'string' && name.length <= 40 && name !== OPENED) values[name] = value;
	}
	return values;
}

/** The hidden input holding the values the edit form was opened with (JSON). */
export const OPENED = 'opened';

/** The `opened` input read back; null when it is missing or not a flat record of strings. */
export function openedValues(form: FormData): ItemFormValues | null {
	const raw = form.get(OPENED);
	if (typeof raw !== 'string' || raw.length > 50_000) return null;
	try {
		const parsed: unknown = JSON.parse(raw);
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
		const out: ItemFormValues = {};
		for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
		return out;
	} catch {
		return null;
	}
}

/**
 * After someone else saved: the fields this person changed keep what they typed, the others take
 * what is stored now, so saving again overwrites only what they meant to change.
 */
export function mergeAfterConflict(
	yours: ItemFormValues,
	opened: ItemFormValues,
	current: ItemFormValues
): ItemFormValues {
	const merged: ItemFormValues = { ...yours };
	for (const name of itemFieldNames(yours, current)) {
		if (sameValue(name, yours[name] ?? '', opened[name] ?? '')) merged[name] = current[name] ?? '';
	}
	return merged;
}

/** Partner rows to show: at least `PARTNER_ROWS`, more when an item already has more. */
export function partnerRows(values: ItemFormValues): number {
	let used = 0;
	for (let i = 0; i < MAX_PARTNERS; i++)
		if ((values[partnerNameField(i)] ?? '').trim()) used = i + 1;
	return Math.min(MAX_PARTNERS, Math.max(PARTNER_ROWS, used));
}

export type FundingTotals = {
	/** The budget as typed, or null when it is blank or cannot be read. */
	budget: number | null;
	/** The sum of the sources that can be read. */
	sum: number;
	/** Some source could not be read, so `sum` is not the whole story. */
	unreadable: boolean;
};

/** The funding split's running sum against the budget, as the form holds them right now. */
export function fundingTotals(form: FormLike): FundingTotals {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v : '';
	};
	let sum = 0;
	let unreadable = false;
	for (const source of planFundingSources) {
		const t = text(fundingField(source));
		if (t.trim() === '') continue;
		const r = parseRupiah(t);
		if (r.ok) sum += r.value;
		else unreadable = true;
	}
	const b = text('budget');
	const parsed = b.trim() === '' ? null : parseRupiah(b);
	return { budget: parsed?.ok ? parsed.value : null, sum, unreadable };
}

/** Whether two typed values say the same thing (`150 juta` and `150.000.000` do). */
export function sameValue(name: string, a: string, b: string): boolean {
	if (a.trim() === b.trim()) return true;
	if (name === 'budget' || name.startsWith('funding.')) {
		const x = parseRupiah(a.trim() || '0');
		const y = parseRupiah(b.trim() || '0');
		return x.ok && y.ok && x.value === y.value;
	}
	if (['volume', 'indicatorBaseline', 'indicatorTarget', 'rt', 'rw'].includes(name)) {
		const x = parseDecimal(a);
		const y = parseDecimal(b);
		return x.ok && y.ok && x.value === y.value;
	}
	return false;
}

/** The item form's inputs in the order they appear, for listing what someone else changed. */
export function itemFieldNames(values: ItemFormValues, other: ItemFormValues): string[] {
	const fixed = [
		'activity',
		'strategyArea',
		'location',
		'rt',
		'rw',
		'output',
		'volume',
		'unit',
		'indicatorName',
		'indicatorUnit',
		'indicatorBaseline',
		'indicatorTarget',
		'budget',
		...planFundingSources.map(fundingField),
		'responsibleKind',
		'responsibleName'
	];
	const rows = Math.max(partnerRows(values), partnerRows(other));
	const partners = Array.from({ length: rows }, (_, i) => [
		partnerKindField(i),
		partnerNameField(i)
	]).flat();
	return [...fixed, ...partners, 'startDate', 'endDate'];
}
