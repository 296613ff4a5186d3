/**
 * The staff dashboard's figures: for one plan year, where the money goes (by strategy area and
 * funding source), how far the work is, what is late, and how the outcome indicators move; and,
 * over all meetings, who came. Sums and counts are taken in the database; only the short result
 * lists are shaped here.
 *
 * "Funded" follows `isFunded`: an item that is carried over or cancelled is not paid by this
 * year's plans, so its budget, realisation and progress stay out of the planned figures (it is
 * counted under its status instead).
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import { attendanceFigures, type AttendanceParticipant } from '../../domain/attendance.ts';
import type { InclusionGroup, InclusionShare } from '../../domain/attendance.ts';
import {
	itemIsLate,
	planFundingSources,
	strategySectorCodes,
	type PlanFundingSource,
	type PlanItemStatus,
	type PlanStatus
} from '../../domain/plans/model.ts';
import { daysBetween, indicatorShare } from '../../components/plans/dashboard/figures.ts';
import type { Queryable } from '../db/client.ts';
import {
	meeting,
	participant,
	planItem,
	planItemFunding,
	planProgress,
	programPlan,
	sector,
	type Meeting
} from '../db/schema/index.ts';

export type AreaFigures = {
	/** The sector code; `nameId` / `nameEn` fall back to the code for a code the kelurahan lacks. */
	code: string;
	nameId: string;
	nameEn: string;
	/** Funded items. */
	items: number;
	/** Whole Rupiah of funded items' budgets. */
	planned: number;
	/** Whole Rupiah spent so far on funded items (each item's latest reported amount). */
	realised: number;
	/** Mean of funded items' latest percentages, rounded; an item without reports counts as 0. */
	meanProgress: number;
};

export type SourceFigures = {
	source: PlanFundingSource;
	/** Funded items this source pays part of. */
	items: number;
	planned: number;
};

/** Carried-over items are their own group here, whatever status they were left in. */
export type ItemGroup = PlanItemStatus | 'carried_over';
export const itemGroups: readonly ItemGroup[] = [
	'planned',
	'in_progress',
	'done',
	'cancelled',
	'carried_over'
];

export type GroupFigures = { group: ItemGroup; items: number; budget: number };

export type LateItem = {
	id: string;
	planId: string;
	planTitle: string;
	activity: string;
	strategyArea: string;
	endDate: string;
	/** Whole days from the end date to today. */
	daysLate: number;
	/** The latest report's percentage; null when nothing was reported. */
	percent: number | null;
	reportedOn: string | null;
};

export type IndicatorFigures = {
	id: string;
	planId: string;
	planTitle: string;
	activity: string;
	name: string;
	unit: string;
	baseline: number | null;
	target: number;
	/** The latest reported value (reports that leave it blank do not erase it); null if none. */
	value: number | null;
	reportedOn: string | null;
	/** How far from baseline to target (see `indicatorShare`). */
	share: number | null;
};

export type MeetingParticipation = {
	id: string;
	title: string;
	/** When it was held (or created, when no date was set). */
	date: Date;
	attended: number;
	verified: number;
	inclusion: Record<InclusionGroup, InclusionShare>;
	/** Groups below the meeting's own minimum share. */
	belowThreshold: InclusionGroup[];
};

export type PlanDashboard = {
	/** Years that have plans, newest first. */
	years: number[];
	/** The year shown; null when the kelurahan has no plans. */
	year: number | null;
	/** A year was asked for that has no plans; the newest year is shown instead. */
	yearMissing: boolean;
	plans: { id: string; title: string; status: PlanStatus; items: number }[];
	totals: {
		items: number;
		funded: number;
		planned: number;
		realised: number;
		late: number;
		carriedOver: { items: number; budget: number };
	};
	byArea: AreaFigures[];
	bySource: SourceFigures[];
	byGroup: GroupFigures[];
	late: LateItem[];
	indicators: IndicatorFigures[];
	participation: MeetingParticipation[];
};

const funded = (): SQL => and(isNull(planItem.carriedOverAt), ne(planItem.status, 'cancelled'))!;
const num = (expr: SQL) => sql`coalesce(${expr}, 0)`.mapWith(Number);

/**
 * Each item's newest report (by report date, then entry time) that has `column` filled in, for
 * the items of `planIds`.
 */
function latestReport(
	db: Queryable,
	planIds: string[],
	name: string,
	column: 'percent' | 'realised' | 'indicator'
) {
	const value = {
		percent: planProgress.percent,
		realised: planProgress.realisedBudget,
		indicator: planProgress.indicatorValue
	}[column];
	return db
		.selectDistinctOn([planProgress.planItemId], {
			itemId: sql<string>`${planProgress.planItemId}`.as(`${name}_item_id`),
			value: sql<number | null>`${value}`.as(`${name}_value`),
			reportedOn: sql<string>`${planProgress.reportedOn}::text`.as(`${name}_reported_on`)
		})
		.from(planProgress)
		.where(
			and(
				isNotNull(value),
				inArray(
					planProgress.planItemId,
					db.select({ id: planItem.id }).from(planItem).where(inArray(planItem.planId, planIds))
				)
			)
		)
		.orderBy(planProgress.planItemId, desc(planProgress.reportedOn), desc(planProgress.createdAt))
		.as(name);
}

/**
 * The dashboard for one plan year of a kelurahan (`year`, or the newest year with plans).
 * `today` (`YYYY-MM-DD`, see `todayInWib`) decides which items are late.
 */
export async function planDashboard(
	db: Queryable,
	kelurahanId: string,
	opts: { year?: number | null; today: string }
): Promise<PlanDashboard> {
	const [yearRows, participation] = await Promise.all([
		db
			.selectDistinct({ year: programPlan.year })
			.from(programPlan)
			.where(eq(programPlan.kelurahanId, kelurahanId))
			.orderBy(desc(programPlan.year)),
		meetingParticipation(db, kelurahanId)
	]);
	const years = yearRows.map((r) => r.year);
	const asked = opts.year ?? null;
	const year = asked !== null && years.includes(asked) ? asked : (years[0] ?? null);
	const empty: PlanDashboard = {
		years,
		year,
		yearMissing: asked !== null && year !== null && year !== asked,
		plans: [],
		totals: {
			items: 0,
			funded: 0,
			planned: 0,
			realised: 0,
			late: 0,
			carriedOver: { items: 0, budget: 0 }
		},
		byArea: [],
		bySource: [],
		byGroup: [],
		late: [],
		indicators: [],
		participation
	};
	if (year === null) return empty;

	const plans = await db
		.select({
			id: programPlan.id,
			title: programPlan.title,
			status: programPlan.status,
			items: sql<number>`count(${planItem.id})`.mapWith(Number)
		})
		.from(programPlan)
		.leftJoin(planItem, eq(planItem.planId, programPlan.id))
		.where(and(eq(programPlan.kelurahanId, kelurahanId), eq(programPlan.year, year)))
		.groupBy(programPlan.id)
		.orderBy(asc(programPlan.title));
	const planIds = plans.map((p) => p.id);
	const inYear = inArray(planItem.planId, planIds);

	const pct = latestReport(db, planIds, 'lp', 'percent');
	const spent = latestReport(db, planIds, 'lr', 'realised');
	const ind = latestReport(db, planIds, 'li', 'indicator');

	const [areaRows, sectors, sourceRows, groupRows, lateRows, indicatorRows] = await Promise.all([
		db
			.select({
				code: planItem.strategyArea,
				items: sql<number>`count(*)`.mapWith(Number),
				planned: num(sql`sum(${planItem.budget})`),
				realised: num(sql`sum(${spent.value})`),
				meanProgress: num(sql`avg(coalesce(${pct.value}, 0))`)
			})
			.from(planItem)
			.leftJoin(pct, eq(pct.itemId, planItem.id))
			.leftJoin(spent, eq(spent.itemId, planItem.id))
			.where(and(inYear, funded()))
			.groupBy(planItem.strategyArea),
		db
			.select({ code: sector.code, nameId: sector.nameId, nameEn: sector.nameEn })
			.from(sector)
			.where(eq(sector.kelurahanId, kelurahanId))
			.orderBy(asc(sector.sortOrder), asc(sector.code)),
		db
			.select({
				source: planItemFunding.source,
				items: sql<number>`count(distinct ${planItem.id})`.mapWith(Number),
				planned: num(sql`sum(${planItemFunding.amount})`)
			})
			.from(planItemFunding)
			.innerJoin(planItem, eq(planItem.id, planItemFunding.planItemId))
			.where(and(inYear, funded()))
			.groupBy(planItemFunding.source),
		db
			.select({
				group: sql<ItemGroup>`case when ${planItem.carriedOverAt} is not null then 'carried_over' else ${planItem.status}::text end`,
				items: sql<number>`count(*)`.mapWith(Number),
				budget: num(sql`sum(${planItem.budget})`)
			})
			.from(planItem)
			.where(inYear)
			.groupBy(sql`1`),
		// The database narrows to past end dates; `itemIsLate` has the last word.
		db
			.select({
				id: planItem.id,
				planId: planItem.planId,
				planTitle: programPlan.title,
				activity: planItem.activity,
				strategyArea: planItem.strategyArea,
				endDate: planItem.endDate,
				status: planItem.status,
				carriedOverAt: planItem.carriedOverAt,
				percent: pct.value,
				reportedOn: pct.reportedOn
			})
			.from(planItem)
			.innerJoin(programPlan, eq(programPlan.id, planItem.planId))
			.leftJoin(pct, eq(pct.itemId, planItem.id))
			.where(and(inYear, isNotNull(planItem.endDate), lt(planItem.endDate, opts.today)))
			.orderBy(asc(planItem.endDate), asc(programPlan.title), asc(planItem.activity)),
		db
			.select({
				id: planItem.id,
				planId: planItem.planId,
				planTitle: programPlan.title,
				activity: planItem.activity,
				name: planItem.indicatorName,
				unit: planItem.indicatorUnit,
				baseline: planItem.indicatorBaseline,
				target: planItem.indicatorTarget,
				value: ind.value,
				reportedOn: ind.reportedOn
			})
			.from(planItem)
			.innerJoin(programPlan, eq(programPlan.id, planItem.planId))
			.leftJoin(ind, eq(ind.itemId, planItem.id))
			.where(and(inYear, funded(), isNotNull(planItem.indicatorTarget)))
			.orderBy(asc(programPlan.title), asc(planItem.createdAt), asc(planItem.id))
	]);

	const sectorByCode = new Map(sectors.map((s, i) => [s.code, { ...s, order: i }]));
	const areaByCode = new Map(areaRows.map((r) => [r.code, r]));
	// The three strategy areas are always listed, so "nothing planned for participation" shows.
	const codes = [
		...new Set([
			...strategySectorCodes.filter((c) => sectorByCode.has(c)),
			...areaRows.map((r) => r.code)
		])
	].sort((a, b) => (sectorByCode.get(a)?.order ?? 1e9) - (sectorByCode.get(b)?.order ?? 1e9));
	const byArea: AreaFigures[] = codes.map((code) => {
		const r = areaByCode.get(code);
		const s = sectorByCode.get(code);
		return {
			code,
			nameId: s?.nameId ?? code,
			nameEn: s?.nameEn ?? code,
			items: r?.items ?? 0,
			planned: r?.planned ?? 0,
			realised: r?.realised ?? 0,
			meanProgress: Math.round(r?.meanProgress ?? 0)
		};
	});

	const bySource = planFundingSources.flatMap((source) => {
		const r = sourceRows.find((s) => s.source === source);
		return r ? [{ source, items: r.items, planned: r.planned }] : [];
	});
	const byGroup = itemGroups.map((group) => {
		const r = groupRows.find((g) => g.group === group);
		return { group, items: r?.items ?? 0, budget: r?.budget ?? 0 };
	});

	const late: LateItem[] = lateRows
		.filter((r) => itemIsLate(r, opts.today))
		.map((r) => ({
			id: r.id,
			planId: r.planId,
			planTitle: r.planTitle,
			activity: r.activity,
			strategyArea: r.strategyArea,
			endDate: r.endDate!,
			daysLate: daysBetween(r.endDate!, opts.today),
			percent: r.percent === null ? null : Number(r.percent),
			reportedOn: r.reportedOn
		}));

	const indicators: IndicatorFigures[] = indicatorRows.map((r) => {
		const value = r.value === null ? null : Number(r.value);
		return {
			id: r.id,
			planId: r.planId,
			planTitle: r.planTitle,
			activity: r.activity,
			name: r.name,
			unit: r.unit,
			baseline: r.baseline,
			target: r.target!,
			value,
			reportedOn: r.reportedOn,
			share: indicatorShare(r.baseline, r.target!, value)
		};
	});

	const carried = byGroup.find((g) => g.group === 'carried_over')!;
	return {
		...empty,
		plans,
		totals: {
			items: byGroup.reduce((a, g) => a + g.items, 0),
			funded: byArea.reduce((a, r) => a + r.items, 0),
			planned: byArea.reduce((a, r) => a + r.planned, 0),
			realised: byArea.reduce((a, r) => a + r.realised, 0),
			late: late.length,
			carriedOver: { items: carried.items, budget: carried.budget }
		},
		byArea,
		bySource,
		byGroup,
		late,
		indicators
	};
}

/**
 * Attendance of every meeting of the kelurahan that anyone attended, oldest first. The
 * participants come in one query; the figures are `attendanceFigures` with each meeting's own
 * RW scope and thresholds, exactly as `meetingAttendance` computes them for one meeting.
 */
export async function meetingParticipation(
	db: Queryable,
	kelurahanId: string
): Promise<MeetingParticipation[]> {
	const held = sql<Date>`coalesce(${meeting.startsAt}, ${meeting.createdAt})`;
	const rows = await db
		.select({
			meetingId: participant.meetingId,
			id: participant.id,
			verifiedAt: participant.verifiedAt,
			mergedInto: participant.mergedIntoId,
			rw: participant.rw,
			rt: participant.rt,
			gender: participant.gender,
			ageGroup: participant.ageGroup,
			disability: participant.disability,
			affiliation: participant.affiliation
		})
		.from(participant)
		.innerJoin(meeting, eq(meeting.id, participant.meetingId))
		.where(and(eq(meeting.kelurahanId, kelurahanId), isNull(participant.removedAt)));
	if (rows.length === 0) return [];
	const people = new Map<string, AttendanceParticipant[]>();
	for (const { meetingId, verifiedAt, ...r } of rows) {
		const list = people.get(meetingId) ?? [];
		list.push({ ...r, verified: verifiedAt !== null, removed: false });
		people.set(meetingId, list);
	}
	const meetings: Pick<
		Meeting,
		'id' | 'title' | 'startsAt' | 'createdAt' | 'rwScope' | 'inclusionThresholds'
	>[] = await db
		.select({
			id: meeting.id,
			title: meeting.title,
			startsAt: meeting.startsAt,
			createdAt: meeting.createdAt,
			rwScope: meeting.rwScope,
			inclusionThresholds: meeting.inclusionThresholds
		})
		.from(meeting)
		.where(inArray(meeting.id, [...people.keys()]))
		.orderBy(asc(held), asc(meeting.createdAt), asc(meeting.id));
	return meetings.flatMap((m) => {
		const figures = attendanceFigures(people.get(m.id) ?? [], {
			rwScope: m.rwScope,
			thresholds: m.inclusionThresholds
		});
		if (figures.total === 0) return [];
		return [
			{
				id: m.id,
				title: m.title,
				date: m.startsAt ?? m.createdAt,
				attended: figures.total,
				verified: figures.verified,
				inclusion: figures.inclusion,
				belowThreshold: figures.warnings.map((w) => w.group)
			}
		];
	});
}
