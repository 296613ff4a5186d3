/**
 * The plan workspace's codes in the reader's language: statuses and the buttons that move them,
 * funding sources, who carries an item out, form refusals, dates, and how an usulan stood in the
 * vote its decision was taken on.
 */
import { formatQuantity, formatRupiah } from '$lib/components/board/format';
import type { ResultUnit } from '$lib/components/voting/result-rows';
import type { PlanInputErrorCode } from '$lib/domain/plans/input';
import type {
	PlanFundingSource,
	PlanItemStatus,
	PlanStatus,
	ResponsibleKind
} from '$lib/domain/plans/model';
import {
	formatDateWib,
	formatDay as formatShortDay
} from '$lib/components/plans/dashboard/figures';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

const planStatuses: Record<PlanStatus, () => string> = {
	draft: m.plan_status_draft,
	approved: m.plan_status_approved,
	in_implementation: m.plan_status_in_implementation,
	closed: m.plan_status_closed
};
export const planStatusLabel = (s: PlanStatus) => planStatuses[s]();

/** The button that moves a plan to `to` (a step back reads differently from a step forward). */
export function planStepLabel(from: PlanStatus, to: PlanStatus): string {
	if (to === 'draft') return m.plan_step_to_draft();
	if (to === 'approved') return m.plan_step_to_approved();
	if (to === 'closed') return m.plan_step_to_closed();
	return from === 'closed' ? m.plan_step_reopen() : m.plan_step_to_in_implementation();
}

/** Steps that are asked twice: approving fixes the plan's budget, closing stops all reports. */
export function planStepConfirm(to: PlanStatus): string | null {
	if (to === 'approved') return m.plan_step_confirm_approved();
	if (to === 'closed') return m.plan_step_confirm_closed();
	return null;
}

const itemStatuses: Record<PlanItemStatus, () => string> = {
	planned: m.plan_item_status_planned,
	in_progress: m.plan_item_status_in_progress,
	done: m.plan_item_status_done,
	cancelled: m.plan_item_status_cancelled
};
export const itemStatusLabel = (s: PlanItemStatus) => itemStatuses[s]();

const itemSteps: Record<PlanItemStatus, () => string> = {
	planned: m.plan_item_step_planned,
	in_progress: m.plan_item_step_in_progress,
	done: m.plan_item_step_done,
	cancelled: m.plan_item_step_cancelled
};
export const itemStepLabel = (to: PlanItemStatus) => itemSteps[to]();

const funding: Record<PlanFundingSource, () => string> = {
	dana_kelurahan: m.plan_funding_dana_kelurahan,
	swadaya: m.plan_funding_swadaya,
	csr: m.plan_funding_csr,
	lsm: m.plan_funding_lsm,
	apbn: m.plan_funding_apbn,
	lainnya: m.plan_funding_lainnya
};
/** A funding source's name; a board source the plan model does not know is shown as it is. */
export const fundingLabel = (s: string) => funding[s as PlanFundingSource]?.() ?? s;

const responsible: Record<ResponsibleKind, () => string> = {
	kelurahan: m.plan_responsible_kelurahan,
	lsm: m.plan_responsible_lsm,
	swasta: m.plan_responsible_swasta,
	kelompok_warga: m.plan_responsible_kelompok_warga
};
export const responsibleLabel = (k: ResponsibleKind) => responsible[k]();

const errors: Record<PlanInputErrorCode, () => string> = {
	required: m.plan_error_required,
	invalid_number: m.plan_error_invalid_number,
	invalid_amount: m.plan_error_invalid_amount,
	ambiguous_amount: m.plan_error_ambiguous_amount,
	not_whole_rupiah: m.plan_error_not_whole_rupiah,
	too_big: m.plan_error_too_big,
	invalid_type: m.plan_error_invalid,
	too_short: m.plan_error_too_short,
	too_long: m.plan_error_too_long,
	too_few: m.plan_error_required,
	too_many: m.plan_error_too_many,
	too_small: m.plan_error_too_small,
	not_integer: m.plan_error_not_integer,
	invalid_choice: m.plan_error_invalid_choice,
	invalid_datetime: m.plan_error_invalid_date,
	invalid_format: m.plan_error_invalid_choice,
	unknown_field: m.plan_error_invalid,
	invalid: m.plan_error_invalid,
	budget_mismatch: m.plan_error_budget_mismatch_plain,
	end_before_start: m.plan_error_end_before_start,
	invalid_date: m.plan_error_invalid_date,
	unknown_sector: m.plan_error_unknown_sector,
	invalid_decimal: m.plan_error_invalid_decimal
};

/** Fields whose limits are worth saying outright, whatever the code. */
const rangeFields: Record<string, () => string> = {
	year: m.plan_error_year,
	rt: m.plan_error_rt,
	rw: m.plan_error_rw,
	percent: m.plan_error_percent
};
const rangeCodes = new Set<string>([
	'too_small',
	'too_big',
	'not_integer',
	'invalid_number',
	'invalid_type',
	'required'
]);

/**
 * A refusal of one field as a sentence. `budget_mismatch` names both amounts when they are known:
 * "Jumlah sumber dana (Rp 140.000.000) belum sama dengan anggaran (Rp 150.000.000)".
 */
export function planErrorText(
	field: string,
	code: string,
	totals?: { sum: number; budget: number }
): string {
	if (code === 'budget_mismatch' && totals) {
		return m.plan_error_budget_mismatch({
			sum: formatRupiah(totals.sum),
			budget: formatRupiah(totals.budget)
		});
	}
	if (rangeFields[field] && rangeCodes.has(code) && !(field === 'year' && code === 'required')) {
		return rangeFields[field]();
	}
	if ((field === 'carryOverReason' || field === 'reason') && code === 'too_short') {
		return m.plan_error_reason();
	}
	return (errors[code as PlanInputErrorCode] ?? m.plan_error_invalid)();
}

/** A calendar day (`YYYY-MM-DD`) as people write it: "16 Jan 2027"; '' for none. */
export function formatDay(day: string | null): string {
	if (!day) return '';
	if (Number.isNaN(new Date(`${day}T00:00:00Z`).getTime())) return day;
	return formatShortDay(day, getLocale());
}

/** Start and end of an item: "1 Mar 2027 – 30 Jun 2027", either side may be open. */
export function formatPeriod(start: string | null, end: string | null): string {
	if (!start && !end) return '';
	return `${formatDay(start) || '…'} – ${formatDay(end) || '…'}`;
}

/** A moment (a decision, a meeting) as a day at the kelurahan (WIB). */
export function formatMoment(at: Date | string | null): string {
	if (!at) return '';
	return formatDateWib(at, getLocale());
}

function unitText(unit: ResultUnit, value: number): string {
	switch (unit) {
		case 'votes':
			return m.ballot_result_votes({ count: formatQuantity(value) });
		case 'dots':
			return m.ballot_result_dots({ count: formatQuantity(value) });
		case 'mean':
			return m.ballot_result_mean({ mean: formatQuantity(Math.round(value * 10) / 10) });
		case 'points':
			return m.ballot_result_points({ count: formatQuantity(value) });
		case 'voters':
			return m.ballot_result_voters({ count: formatQuantity(value) });
	}
}

/** How an option stood: "peringkat 1 · 14 suara". */
export function standingText(s: { place: number | null; value: number; unit: ResultUnit }): string {
	const amount = unitText(s.unit, s.value);
	return s.place === null ? amount : `${m.plan_standing_place({ place: s.place })} · ${amount}`;
}

/** `1.5` → "1,5"; null → "". */
export const formatNumber = (n: number | null) => formatQuantity(n);

/** A sector code's name in the reader's language (the code itself when the kelurahan lacks it). */
export function sectorNamer(sectors: { code: string; nameId: string; nameEn: string }[]) {
	const en = getLocale() === 'en';
	const names = new Map(sectors.map((s) => [s.code, en ? s.nameEn : s.nameId]));
	return (code: string) => names.get(code) ?? code;
}

/** A percentage from a report, or a dash when nothing was reported. */
export const percentText = (p: number | null | undefined) =>
	p === null || p === undefined ? '—' : `${p}%`;

const fieldNames: Record<string, () => string> = {
	activity: m.plan_field_activity,
	strategyArea: m.plan_field_strategy,
	location: m.plan_field_location,
	rt: m.plan_field_rt,
	rw: m.plan_field_rw,
	output: m.plan_field_output,
	volume: m.plan_field_volume,
	unit: m.plan_field_unit,
	indicatorName: m.plan_field_indicator,
	indicatorUnit: m.plan_field_indicator_unit,
	indicatorBaseline: m.plan_field_baseline,
	indicatorTarget: m.plan_field_target,
	budget: m.plan_field_budget,
	responsibleKind: m.plan_field_responsible_kind,
	responsibleName: m.plan_field_responsible_name,
	startDate: m.plan_field_start,
	endDate: m.plan_field_end
};

/** The label of an item form input (`funding.swadaya` → "Dana: Swadaya warga"). */
export function itemFieldLabel(name: string): string {
	const known = fieldNames[name];
	if (known) return known();
	const fund = /^funding\.(\w+)$/.exec(name);
	if (fund) return m.plan_field_funding({ source: fundingLabel(fund[1]) });
	const partner = /^partners\.(\d+)\.(kind|name)$/.exec(name);
	if (partner) {
		const n = Number(partner[1]) + 1;
		return partner[2] === 'kind'
			? m.plan_field_partner_kind({ n })
			: m.plan_field_partner_name({ n });
	}
	return name;
}
