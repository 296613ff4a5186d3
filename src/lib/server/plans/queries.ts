/**
 * Reads of the plan workspace: the decision inbox, plans with their items, one item with its
 * whole trail back to the meeting, and an item's form pre-filled from its decisions. The chain
 * usulan → vote → decision → plan item → progress is followed here in both directions.
 */
import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { resultRows, type ResultUnit } from '../../components/voting/result-rows.ts';
import { isUuid } from '../../domain/ids.ts';
import type { PlanFundingSource } from '../../domain/plans/model.ts';
import type { TallyResult } from '../../domain/votes/tally.ts';
import type { Queryable } from '../db/client.ts';
import {
	boardVersion,
	decision,
	meeting,
	planItem,
	planItemDecision,
	planItemFunding,
	planProgress,
	programPlan,
	usulan,
	vote,
	voteOption,
	type PlanItem,
	type PlanProgress,
	type ProgramPlan,
	type Vote
} from '../db/schema/index.ts';
import type { VoteTally } from '../votes/tally.ts';

/** How an option stood in the tally a decision was taken on. */
export type OptionStanding = {
	place: number | null;
	value: number;
	unit: ResultUnit;
	/** Everyone who took part (phones plus hands / paper). */
	turnout: number;
};

/** The option's row in a stored tally, or null when the tally does not list it. */
export function optionStanding(
	tally: unknown,
	v: Pick<Vote, 'settings'>,
	options: { id: string; label: string }[],
	optionId: string | null
): OptionStanding | null {
	if (!optionId || !tally || typeof tally !== 'object' || !('result' in tally)) return null;
	const result = (tally as VoteTally).result as TallyResult;
	try {
		const view = resultRows(result, options, v.settings);
		const row = view.rows.find((r) => r.id === optionId);
		return row
			? { place: row.place, value: row.value, unit: row.unit, turnout: view.turnout }
			: null;
	} catch {
		return null;
	}
}

export type DecisionSummary = {
	id: string;
	outcome: 'agreed' | 'rejected' | 'deferred' | 'elected';
	rank: number | null;
	note: string;
	decidedAt: Date;
	meeting: { id: string; title: string; startsAt: Date | null };
	vote: { id: string; title: string; method: Vote['method']; closedAt: Date | null };
	option: { id: string; label: string; cost: number | null } | null;
	usulan: {
		id: string;
		itemId: string;
		rank: number;
		title: string;
		problem: string;
		locationText: string;
		rt: number | null;
		rw: number | null;
		sector: string;
		volume: number | null;
		unit: string;
		estimatedCost: number | null;
		fundingSource: string;
		/** The board version the decision was taken on. */
		version: number;
		/** Where the proposers live (RT / RW): never their names. */
		proposerAreas: { rt: number | null; rw: number | null }[];
	} | null;
	standing: OptionStanding | null;
};

/** Decisions with everything the inbox and the trail show, in the order of `ids`' rows. */
async function summarize(
	db: Queryable,
	rows: (typeof decision.$inferSelect)[]
): Promise<DecisionSummary[]> {
	if (rows.length === 0) return [];
	const voteIds = [...new Set(rows.map((d) => d.voteId))];
	const usulanIds = [...new Set(rows.flatMap((d) => (d.usulanId ? [d.usulanId] : [])))];
	const meetingIds = [...new Set(rows.map((d) => d.meetingId))];
	const [votes, options, us, meetings] = await Promise.all([
		db.select().from(vote).where(inArray(vote.id, voteIds)),
		db.select().from(voteOption).where(inArray(voteOption.voteId, voteIds)),
		usulanIds.length
			? db
					.select({ u: usulan, version: boardVersion.version })
					.from(usulan)
					.innerJoin(boardVersion, eq(boardVersion.id, usulan.boardVersionId))
					.where(inArray(usulan.id, usulanIds))
			: Promise.resolve([]),
		db
			.select({ id: meeting.id, title: meeting.title, startsAt: meeting.startsAt })
			.from(meeting)
			.where(inArray(meeting.id, meetingIds))
	]);
	const voteById = new Map(votes.map((v) => [v.id, v]));
	const usulanById = new Map(us.map((r) => [r.u.id, r]));
	const meetingById = new Map(meetings.map((m) => [m.id, m]));
	return rows.map((d) => {
		const v = voteById.get(d.voteId)!;
		const own = options.filter((o) => o.voteId === v.id);
		const option = own.find((o) => o.id === d.optionId) ?? null;
		const u = d.usulanId ? usulanById.get(d.usulanId) : undefined;
		return {
			id: d.id,
			outcome: d.outcome,
			rank: d.rank,
			note: d.note,
			decidedAt: d.decidedAt,
			meeting: meetingById.get(d.meetingId)!,
			vote: { id: v.id, title: v.title, method: v.method, closedAt: v.closedAt },
			option: option && { id: option.id, label: option.label, cost: option.cost },
			usulan: u
				? {
						id: u.u.id,
						itemId: u.u.itemId,
						rank: u.u.rank,
						title: u.u.title,
						problem: u.u.problem,
						locationText: u.u.locationText,
						rt: u.u.rt,
						rw: u.u.rw,
						sector: u.u.sector,
						volume: u.u.volume,
						unit: u.u.unit,
						estimatedCost: u.u.estimatedCost,
						fundingSource: u.u.fundingSource,
						version: u.version,
						proposerAreas: u.u.proposers.map((p) => ({ rt: p.rt ?? null, rw: p.rw ?? null }))
					}
				: null,
			standing: optionStanding(d.tallySnapshot, v, own, d.optionId)
		};
	});
}

export type InboxEntry = DecisionSummary & {
	/** Set when the decision was planned before and carried over: where and why. */
	carriedOver: { planId: string; planTitle: string; year: number; reason: string | null } | null;
};

/**
 * Agreed decisions of the kelurahan's meetings that no plan item carries out yet (an item that
 * was carried over does not count: the decision waits for next year's plan). Newest meeting
 * first, then in the order of the confirmed list.
 */
export async function decisionInbox(db: Queryable, kelurahanId: string): Promise<InboxEntry[]> {
	const active = db
		.select({ id: planItemDecision.decisionId })
		.from(planItemDecision)
		.innerJoin(planItem, eq(planItem.id, planItemDecision.planItemId))
		.where(isNull(planItem.carriedOverAt));
	const rows = await db
		.select({ d: decision })
		.from(decision)
		.innerJoin(meeting, eq(meeting.id, decision.meetingId))
		.where(
			and(
				eq(meeting.kelurahanId, kelurahanId),
				eq(decision.outcome, 'agreed'),
				isNull(decision.supersededAt),
				sql`${decision.optionId} is not null`,
				notInArray(decision.id, active)
			)
		)
		.orderBy(
			desc(sql`coalesce(${meeting.startsAt}, ${meeting.createdAt})`),
			asc(decision.decidedAt),
			sql`${decision.rank} asc nulls last`,
			asc(decision.id)
		);
	const summaries = await summarize(
		db,
		rows.map((r) => r.d)
	);
	const carried = summaries.length
		? await db
				.select({
					decisionId: planItemDecision.decisionId,
					planId: programPlan.id,
					planTitle: programPlan.title,
					year: programPlan.year,
					reason: planItem.carryOverReason
				})
				.from(planItemDecision)
				.innerJoin(planItem, eq(planItem.id, planItemDecision.planItemId))
				.innerJoin(programPlan, eq(programPlan.id, planItem.planId))
				.where(
					and(
						inArray(
							planItemDecision.decisionId,
							summaries.map((s) => s.id)
						),
						sql`${planItem.carriedOverAt} is not null`
					)
				)
				.orderBy(desc(programPlan.year))
		: [];
	return summaries.map((s) => {
		const c = carried.find((r) => r.decisionId === s.id);
		return {
			...s,
			carriedOver: c
				? { planId: c.planId, planTitle: c.planTitle, year: c.year, reason: c.reason }
				: null
		};
	});
}

export type PlanListEntry = ProgramPlan & {
	items: number;
	/** Sum of the budgets of items the plan funds (not carried over, not cancelled). */
	budget: number;
	carriedOver: number;
	/** Mean of the latest progress percentages of funded items (0 when none reported). */
	progress: number;
};

export async function listPlans(db: Queryable, kelurahanId: string): Promise<PlanListEntry[]> {
	const plans = await db
		.select()
		.from(programPlan)
		.where(eq(programPlan.kelurahanId, kelurahanId))
		.orderBy(desc(programPlan.year), asc(programPlan.title));
	if (plans.length === 0) return [];
	const items = await itemsWithProgress(
		db,
		plans.map((p) => p.id)
	);
	return plans.map((p) => {
		const own = items.filter((i) => i.item.planId === p.id);
		const funded = own.filter((i) => isFunded(i.item));
		return {
			...p,
			items: own.length,
			budget: funded.reduce((a, i) => a + i.item.budget, 0),
			carriedOver: own.filter((i) => i.item.carriedOverAt !== null).length,
			progress: funded.length
				? Math.round(funded.reduce((a, i) => a + (i.latest?.percent ?? 0), 0) / funded.length)
				: 0
		};
	});
}

/** Funded by its plan: not carried over and not cancelled. */
export function isFunded(item: Pick<PlanItem, 'carriedOverAt' | 'status'>): boolean {
	return item.carriedOverAt === null && item.status !== 'cancelled';
}

export type ItemWithProgress = {
	item: PlanItem;
	funding: Partial<Record<PlanFundingSource, number>>;
	latest: PlanProgress | null;
	decisionIds: string[];
};

/**
 * Items of the given plans (or only the item `onlyItemId` of them) with their funding split, latest
 * report and decision ids.
 */
export async function itemsWithProgress(
	db: Queryable,
	planIds: string[],
	onlyItemId?: string
): Promise<ItemWithProgress[]> {
	if (planIds.length === 0) return [];
	const items = await db
		.select()
		.from(planItem)
		.where(
			and(
				inArray(planItem.planId, planIds),
				onlyItemId === undefined ? undefined : eq(planItem.id, onlyItemId)
			)
		)
		.orderBy(asc(planItem.createdAt), asc(planItem.id));
	if (items.length === 0) return [];
	const ids = items.map((i) => i.id);
	const [funding, reports, links] = await Promise.all([
		db.select().from(planItemFunding).where(inArray(planItemFunding.planItemId, ids)),
		db
			.selectDistinctOn([planProgress.planItemId])
			.from(planProgress)
			.where(inArray(planProgress.planItemId, ids))
			.orderBy(
				planProgress.planItemId,
				desc(planProgress.reportedOn),
				desc(planProgress.createdAt)
			),
		db.select().from(planItemDecision).where(inArray(planItemDecision.planItemId, ids))
	]);
	return items.map((item) => ({
		item,
		funding: Object.fromEntries(
			funding.filter((f) => f.planItemId === item.id).map((f) => [f.source, f.amount])
		),
		latest: reports.find((r) => r.planItemId === item.id) ?? null,
		decisionIds: links.filter((l) => l.planItemId === item.id).map((l) => l.decisionId)
	}));
}

export type PlanDetail = {
	plan: ProgramPlan;
	items: (ItemWithProgress & { decisions: DecisionSummary[] })[];
};

export async function planDetail(db: Queryable, planId: string): Promise<PlanDetail | null> {
	if (!isUuid(planId)) return null;
	const [plan] = await db.select().from(programPlan).where(eq(programPlan.id, planId));
	if (!plan) return null;
	const items = await itemsWithProgress(db, [plan.id]);
	const decisions = await decisionsById(
		db,
		items.flatMap((i) => i.decisionIds)
	);
	return {
		plan,
		items: items.map((i) => ({
			...i,
			decisions: i.decisionIds.flatMap((id) => decisions.get(id) ?? [])
		}))
	};
}

async function decisionsById(db: Queryable, ids: string[]): Promise<Map<string, DecisionSummary>> {
	if (ids.length === 0) return new Map();
	const rows = await db.select().from(decision).where(inArray(decision.id, ids));
	return new Map((await summarize(db, rows)).map((s) => [s.id, s]));
}

export type ItemDetail = {
	plan: ProgramPlan;
	item: PlanItem;
	funding: Partial<Record<PlanFundingSource, number>>;
	progress: PlanProgress[];
	decisions: DecisionSummary[];
};

/** One item with every progress report (newest first) and its trail back to the meeting. */
export async function planItemDetail(db: Queryable, itemId: string): Promise<ItemDetail | null> {
	if (!isUuid(itemId)) return null;
	const [row] = await db
		.select({ item: planItem, plan: programPlan })
		.from(planItem)
		.innerJoin(programPlan, eq(programPlan.id, planItem.planId))
		.where(eq(planItem.id, itemId));
	if (!row) return null;
	const [[withProgress], progress] = await Promise.all([
		itemsWithProgress(db, [row.plan.id], itemId),
		db
			.select()
			.from(planProgress)
			.where(eq(planProgress.planItemId, itemId))
			.orderBy(desc(planProgress.reportedOn), desc(planProgress.createdAt))
	]);
	const decisions = await decisionsById(db, withProgress.decisionIds);
	return {
		plan: row.plan,
		item: row.item,
		funding: withProgress.funding,
		progress,
		decisions: withProgress.decisionIds.flatMap((id) => decisions.get(id) ?? [])
	};
}

/**
 * The item form's starting values from the chosen decisions' usulan: the first one's activity,
 * sector, unit and RT/RW (kept only when all agree), locations joined, costs added up and split
 * by each usulan's funding source. Staff change whatever they need before saving.
 */
export async function itemDraftFromDecisions(
	db: Queryable,
	kelurahanId: string,
	decisionIds: string[]
): Promise<{ decisions: DecisionSummary[]; draft: Record<string, unknown> }> {
	const valid = [...new Set(decisionIds.filter(isUuid))].slice(0, 20);
	if (valid.length === 0) return { decisions: [], draft: {} };
	const rows = await db
		.select({ d: decision })
		.from(decision)
		.innerJoin(meeting, eq(meeting.id, decision.meetingId))
		.where(and(inArray(decision.id, valid), eq(meeting.kelurahanId, kelurahanId)));
	const decisions = await summarize(
		db,
		rows.map((r) => r.d)
	);
	const us = decisions.flatMap((d) => (d.usulan ? [d.usulan] : []));
	const first = us[0];
	const same = <T>(values: T[]) => (values.every((v) => v === values[0]) ? values[0] : null);
	const funding: Record<string, number> = {};
	for (const u of us) {
		if (u.estimatedCost)
			funding[u.fundingSource] = (funding[u.fundingSource] ?? 0) + u.estimatedCost;
	}
	const budget = Object.values(funding).reduce((a, b) => a + b, 0);
	const label = decisions[0]?.usulan?.title ?? decisions[0]?.option?.label ?? '';
	return {
		decisions,
		draft: {
			activity: label,
			strategyArea: first?.sector ?? '',
			location: [...new Set(us.map((u) => u.locationText).filter((l) => l !== ''))].join('; '),
			rt: us.length ? same(us.map((u) => u.rt)) : null,
			rw: us.length ? same(us.map((u) => u.rw)) : null,
			volume:
				us.length && same(us.map((u) => u.unit)) !== null && us.every((u) => u.volume !== null)
					? us.reduce((a, u) => a + (u.volume ?? 0), 0)
					: null,
			unit: us.length ? (same(us.map((u) => u.unit)) ?? '') : '',
			budget,
			funding
		}
	};
}
