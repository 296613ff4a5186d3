/**
 * What became of each usulan of a meeting: its place on the final list, the votes it stood in
 * (closed ones only), the meeting's decision, and the plan items carrying it out with their
 * latest progress. Used by the public meeting page and the staff pages, so it holds no personal
 * data: no names, no notes typed about people, only what the meeting and the plan decided.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { PlanItemStatus } from '../../domain/plans/model.ts';
import type { Queryable } from '../db/client.ts';
import {
	decision,
	planItem,
	planItemDecision,
	planProgress,
	programPlan,
	usulan,
	vote,
	voteOption,
	type Decision,
	type Vote
} from '../db/schema/index.ts';
import { latestBoardVersion } from '../usulan/queries.ts';
import { optionStanding, type OptionStanding } from './queries.ts';

export type Fate =
	| 'done'
	| 'in_progress'
	| 'planned'
	| 'carried_over'
	| 'cancelled'
	/** Agreed, not in any plan yet. */
	| 'agreed'
	| 'rejected'
	| 'deferred'
	/** No decision recorded. */
	| 'undecided';

export type UsulanFate = {
	itemId: string;
	rank: number;
	title: string;
	problem: string;
	locationText: string;
	rt: number | null;
	rw: number | null;
	sector: string;
	estimatedCost: number | null;
	votes: { id: string; title: string; method: Vote['method']; standing: OptionStanding | null }[];
	decision: { outcome: Decision['outcome']; rank: number | null; note: string } | null;
	planItems: {
		id: string;
		planId: string;
		planTitle: string;
		year: number;
		activity: string;
		status: PlanItemStatus;
		budget: number;
		startDate: string | null;
		endDate: string | null;
		carriedOver: boolean;
		carryOverReason: string | null;
		cancelReason: string | null;
		percent: number | null;
		reportedOn: string | null;
	}[];
	fate: Fate;
};

/** One word for where an usulan stands, from the most advanced plan item down to the decision. */
export function fateOf(f: Pick<UsulanFate, 'decision' | 'planItems'>): Fate {
	const live = f.planItems.filter((i) => !i.carriedOver && i.status !== 'cancelled');
	if (live.some((i) => i.status === 'done')) return 'done';
	if (live.some((i) => i.status === 'in_progress')) return 'in_progress';
	if (live.length > 0) return 'planned';
	if (f.planItems.some((i) => i.carriedOver)) return 'carried_over';
	if (f.planItems.some((i) => i.status === 'cancelled')) return 'cancelled';
	switch (f.decision?.outcome) {
		case 'agreed':
			return 'agreed';
		case 'rejected':
			return 'rejected';
		case 'deferred':
			return 'deferred';
		default:
			return 'undecided';
	}
}

/** The fates of the latest final list's usulan, in list order; [] when never finalized. */
export async function usulanFates(db: Queryable, meetingId: string): Promise<UsulanFate[]> {
	const latest = await latestBoardVersion(db, meetingId);
	if (!latest) return [];
	// Every version's row of each usulan: votes and decisions may point at an older version.
	const [allRows, votes, decisions] = await Promise.all([
		db
			.select({ id: usulan.id, itemId: usulan.itemId })
			.from(usulan)
			.where(eq(usulan.meetingId, meetingId)),
		db
			.select()
			.from(vote)
			.where(and(eq(vote.meetingId, meetingId), sql`${vote.closedAt} is not null`))
			.orderBy(asc(vote.openedAt)),
		db
			.select()
			.from(decision)
			.where(and(eq(decision.meetingId, meetingId), isNull(decision.supersededAt)))
			.orderBy(desc(decision.decidedAt))
	]);
	const itemOf = new Map(allRows.map((r) => [r.id, r.itemId]));
	const options = votes.length
		? await db
				.select()
				.from(voteOption)
				.where(
					inArray(
						voteOption.voteId,
						votes.map((v) => v.id)
					)
				)
		: [];
	const decisionIds = decisions.map((d) => d.id);
	const items = decisionIds.length
		? await db
				.select({ decisionId: planItemDecision.decisionId, item: planItem, plan: programPlan })
				.from(planItemDecision)
				.innerJoin(planItem, eq(planItem.id, planItemDecision.planItemId))
				.innerJoin(programPlan, eq(programPlan.id, planItem.planId))
				.where(inArray(planItemDecision.decisionId, decisionIds))
				.orderBy(asc(programPlan.year))
		: [];
	const reports = items.length
		? await db
				.selectDistinctOn([planProgress.planItemId])
				.from(planProgress)
				.where(
					inArray(
						planProgress.planItemId,
						items.map((i) => i.item.id)
					)
				)
				.orderBy(
					planProgress.planItemId,
					desc(planProgress.reportedOn),
					desc(planProgress.createdAt)
				)
		: [];

	return latest.usulan.map((u) => {
		const own = (id: string | null) => id !== null && itemOf.get(id) === u.itemId;
		const inVotes = votes.flatMap((v) => {
			const opts = options.filter((o) => o.voteId === v.id);
			const opt = opts.find((o) => own(o.usulanId));
			if (!opt) return [];
			return [
				{
					id: v.id,
					title: v.title,
					method: v.method,
					standing: optionStanding(v.finalTally, v, opts, opt.id)
				}
			];
		});
		// The latest standing decision about this usulan (a ranked list and a later motion may both
		// name it: the later one is what the meeting ended with).
		const d = decisions.find((x) => own(x.usulanId) && x.outcome !== 'elected') ?? null;
		const mine = decisions.filter((x) => own(x.usulanId)).map((x) => x.id);
		const seen = new Set<string>();
		const planItems = items
			.filter((i) => mine.includes(i.decisionId) && !seen.has(i.item.id) && seen.add(i.item.id))
			.map(({ item, plan }) => {
				const r = reports.find((p) => p.planItemId === item.id);
				return {
					id: item.id,
					planId: plan.id,
					planTitle: plan.title,
					year: plan.year,
					activity: item.activity,
					status: item.status,
					budget: item.budget,
					startDate: item.startDate,
					endDate: item.endDate,
					carriedOver: item.carriedOverAt !== null,
					carryOverReason: item.carryOverReason,
					cancelReason: item.cancelReason,
					percent: r?.percent ?? null,
					reportedOn: r?.reportedOn ?? null
				};
			});
		const base = {
			itemId: u.itemId,
			rank: u.rank,
			title: u.title,
			problem: u.problem,
			locationText: u.locationText,
			rt: u.rt,
			rw: u.rw,
			sector: u.sector,
			estimatedCost: u.estimatedCost,
			votes: inVotes,
			decision: d && { outcome: d.outcome, rank: d.rank, note: d.note },
			planItems
		};
		return { ...base, fate: fateOf(base) };
	});
}
