/**
 * A program plan's items as one table for download (CSV / XLSX): every field staff fill, the
 * budget split by source, the latest progress, and where each item came from (meeting, rank and
 * usulan). Always in Indonesian, like the other exports: it is what gets typed into SIPD.
 */
import { eq } from 'drizzle-orm';
import * as m from '../../paraglide/messages.js';
import { planFundingSources, type PlanFundingSource } from '../../domain/plans/model.ts';
import type { Queryable } from '../db/client.ts';
import { sector } from '../db/schema/index.ts';
import type { PlanDetail } from '../plans/queries.ts';
import { numFmt, type Sheet } from './sheet.ts';

const o = { locale: 'id' as const };

const fundingNames: Record<PlanFundingSource, () => string> = {
	dana_kelurahan: () => m.plan_funding_dana_kelurahan({}, o),
	swadaya: () => m.plan_funding_swadaya({}, o),
	csr: () => m.plan_funding_csr({}, o),
	lsm: () => m.plan_funding_lsm({}, o),
	apbn: () => m.plan_funding_apbn({}, o),
	lainnya: () => m.plan_funding_lainnya({}, o)
};

const statusNames = {
	planned: () => m.plan_item_status_planned({}, o),
	in_progress: () => m.plan_item_status_in_progress({}, o),
	done: () => m.plan_item_status_done({}, o),
	cancelled: () => m.plan_item_status_cancelled({}, o)
};

const responsibleNames = {
	kelurahan: () => m.plan_responsible_kelurahan({}, o),
	lsm: () => m.plan_responsible_lsm({}, o),
	swasta: () => m.plan_responsible_swasta({}, o),
	kelompok_warga: () => m.plan_responsible_kelompok_warga({}, o)
};

/** `YYYY-MM-DD` as a date cell (midnight in the kelurahan's time zone). */
const day = (d: string | null) => (d ? new Date(`${d}T00:00:00+07:00`) : null);

export function planItemsSheet(
	detail: PlanDetail,
	sectorNames: ReadonlyMap<string, string>
): Sheet {
	const { plan } = detail;
	return {
		name: m.ex_sheet_plan_items({}, o),
		columns: [
			{ key: 'number', header: m.ex_col_number({}, o), width: 5, numFmt: numFmt.count },
			{ key: 'plan', header: m.ex_col_plan({}, o), width: 24 },
			{ key: 'year', header: m.ex_col_plan_year({}, o), width: 7, numFmt: numFmt.count },
			{ key: 'activity', header: m.ex_col_activity({}, o), width: 40 },
			{ key: 'area', header: m.ex_col_strategy_area({}, o), width: 26 },
			{ key: 'location', header: m.ex_col_location({}, o), width: 26 },
			{ key: 'rt', header: m.ex_col_rt({}, o), width: 6, numFmt: numFmt.count },
			{ key: 'rw', header: m.ex_col_rw({}, o), width: 6, numFmt: numFmt.count },
			{ key: 'output', header: m.ex_col_output({}, o), width: 28 },
			{ key: 'volume', header: m.ex_col_volume({}, o), width: 10 },
			{ key: 'unit', header: m.ex_col_unit({}, o), width: 10 },
			{ key: 'indicator', header: m.ex_col_indicator({}, o), width: 28 },
			{ key: 'indicatorUnit', header: m.ex_col_indicator_unit({}, o), width: 12 },
			{ key: 'baseline', header: m.ex_col_baseline({}, o), width: 10 },
			{ key: 'target', header: m.ex_col_target({}, o), width: 10 },
			{ key: 'budget', header: m.ex_col_budget({}, o), width: 18, numFmt: numFmt.rupiah },
			...planFundingSources.map((s) => ({
				key: `funding_${s}`,
				header: `${fundingNames[s]()} (Rp)`,
				width: 16,
				numFmt: numFmt.rupiah
			})),
			{ key: 'responsible', header: m.ex_col_responsible({}, o), width: 28 },
			{ key: 'partners', header: m.ex_col_partners({}, o), width: 30 },
			{ key: 'start', header: m.ex_col_start({}, o), width: 12, numFmt: 'dd/mm/yyyy' },
			{ key: 'end', header: m.ex_col_end({}, o), width: 12, numFmt: 'dd/mm/yyyy' },
			{ key: 'status', header: m.ex_col_status({}, o), width: 16 },
			{ key: 'carriedOver', header: m.ex_col_carried_over({}, o), width: 30 },
			{ key: 'cancelReason', header: m.ex_col_cancel_reason({}, o), width: 24 },
			{ key: 'progress', header: m.ex_col_progress({}, o), width: 10, numFmt: numFmt.count },
			{ key: 'reportedOn', header: m.ex_col_reported_on({}, o), width: 14, numFmt: 'dd/mm/yyyy' },
			{ key: 'realised', header: m.ex_col_realised({}, o), width: 18, numFmt: numFmt.rupiah },
			{ key: 'indicatorValue', header: m.ex_col_indicator_value({}, o), width: 12 },
			{ key: 'origin', header: m.ex_col_origin({}, o), width: 50 }
		],
		rows: detail.items.map(({ item, funding, latest, decisions }, i) => ({
			number: i + 1,
			plan: plan.title,
			year: plan.year,
			activity: item.activity,
			area: sectorNames.get(item.strategyArea) ?? item.strategyArea,
			location: item.location,
			rt: item.rt,
			rw: item.rw,
			output: item.output,
			volume: item.volume,
			unit: item.unit,
			indicator: item.indicatorName,
			indicatorUnit: item.indicatorUnit,
			baseline: item.indicatorBaseline,
			target: item.indicatorTarget,
			budget: item.budget,
			...Object.fromEntries(planFundingSources.map((s) => [`funding_${s}`, funding[s] ?? 0])),
			responsible: [responsibleNames[item.responsibleKind](), item.responsibleName]
				.filter((s) => s !== '')
				.join(': '),
			partners: item.partners.map((p) => `${responsibleNames[p.kind]()}: ${p.name}`).join('; '),
			start: day(item.startDate),
			end: day(item.endDate),
			status: statusNames[item.status](),
			carriedOver: item.carriedOverAt ? (item.carryOverReason ?? '') : '',
			cancelReason: item.cancelReason ?? '',
			progress: latest?.percent ?? null,
			reportedOn: day(latest?.reportedOn ?? null),
			realised: latest?.realisedBudget ?? null,
			indicatorValue: latest?.indicatorValue ?? null,
			origin: decisions
				.map((d) =>
					d.usulan
						? `${d.meeting.title}: #${d.usulan.rank} ${d.usulan.title}`
						: `${d.meeting.title}: ${d.option?.label ?? ''}`
				)
				.join('; ')
		}))
	};
}

/** Sector names (Indonesian) of a kelurahan, for the strategy-area column. */
export async function sectorNamesOf(
	db: Queryable,
	kelurahanId: string
): Promise<Map<string, string>> {
	const rows = await db
		.select({ code: sector.code, name: sector.nameId })
		.from(sector)
		.where(eq(sector.kelurahanId, kelurahanId));
	return new Map(rows.map((r) => [r.code, r.name]));
}
