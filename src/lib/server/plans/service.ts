/**
 * Writes to program plans: plans, their items (made from agreed decisions), status changes,
 * carry-overs and progress reports. Every write checks the actor, validates its input, runs in
 * one transaction and appends an audit entry (before / after), so the plan's history can be
 * checked against the hash chain later.
 */
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { isUuid } from '../../domain/ids.ts';
import {
	validatePlanInput,
	validatePlanItemInput,
	validateProgressInput,
	reasonSchema,
	type PlanInputError,
	type PlanItemInput
} from '../../domain/plans/input.ts';
import {
	canMoveItem,
	canMovePlan,
	itemTakesProgress,
	planIsEditable,
	planTakesProgress,
	type PlanItemStatus,
	type PlanStatus
} from '../../domain/plans/model.ts';
import type { StaffActor } from '../auth/policy.ts';
import { appendAudit } from '../audit/log.ts';
import type { Database, Queryable } from '../db/client.ts';
import {
	decision,
	meeting,
	planItem,
	planItemDecision,
	planItemFunding,
	planProgress,
	programPlan,
	sector,
	type PlanItem,
	type PlanProgress,
	type ProgramPlan
} from '../db/schema/index.ts';
import { PlanServiceError } from './errors.ts';
import { canEditPlans } from './policy.ts';

export { PlanServiceError } from './errors.ts';

/** Serializes linking decisions to items, so one decision cannot be planned twice at once. */
const PLAN_DECISIONS_LOCK = 7271003;

const statusStamp: Partial<Record<PlanStatus, 'approvedAt' | 'implementationAt' | 'closedAt'>> = {
	approved: 'approvedAt',
	in_implementation: 'implementationAt',
	closed: 'closedAt'
};

/** Staff of another kelurahan learn nothing (404); a facilitator of this one is told no (403). */
function refuse(actor: StaffActor | null, kelurahanId: string): never {
	throw new PlanServiceError(actor?.kelurahanId === kelurahanId ? 'forbidden' : 'not_found');
}

/** A reason said in a sentence (cancelling, carrying over), or a refusal naming `field`. */
function reasonOf(value: unknown, field: string): string {
	const reason = reasonSchema.safeParse(typeof value === 'string' ? value : '');
	if (reason.success) return reason.data;
	const tooLong = typeof value === 'string' && value.trim().length > 3;
	throw new PlanServiceError('invalid', {
		fields: [{ field, code: tooLong ? 'too_long' : 'too_short' }]
	});
}

function actorOf(actor: StaffActor) {
	return { kind: 'user' as const, id: actor.id };
}

async function planOf(db: Queryable, planId: string, lock = false): Promise<ProgramPlan> {
	if (!isUuid(planId)) throw new PlanServiceError('not_found');
	const q = db.select().from(programPlan).where(eq(programPlan.id, planId));
	const [p] = lock ? await q.for('update') : await q;
	if (!p) throw new PlanServiceError('not_found');
	return p;
}

/** The item and its plan, both locked for the write; refused unless the actor may edit. */
async function editableItem(
	tx: Queryable,
	actor: StaffActor | null,
	itemId: string
): Promise<{ item: PlanItem; plan: ProgramPlan; actor: StaffActor }> {
	if (!isUuid(itemId)) throw new PlanServiceError('not_found');
	const [item] = await tx.select().from(planItem).where(eq(planItem.id, itemId)).for('update');
	if (!item) throw new PlanServiceError('not_found');
	const plan = await planOf(tx, item.planId, true);
	if (!canEditPlans(actor, plan.kelurahanId)) refuse(actor, plan.kelurahanId);
	return { item, plan, actor };
}

async function sectorCodes(db: Queryable, kelurahanId: string): Promise<string[]> {
	const rows = await db
		.select({ code: sector.code })
		.from(sector)
		.where(and(eq(sector.kelurahanId, kelurahanId), isNull(sector.archivedAt)));
	return rows.map((r) => r.code);
}

function refuseInvalid(result: { ok: false; errors: PlanInputError[] }): never {
	throw new PlanServiceError('invalid', { fields: result.errors });
}

export async function createPlan(
	db: Database,
	actor: StaffActor | null,
	input: unknown,
	now = new Date()
): Promise<ProgramPlan> {
	if (!actor || actor.kelurahanId === null || !canEditPlans(actor, actor.kelurahanId)) {
		throw new PlanServiceError('forbidden');
	}
	const kelurahanId = actor.kelurahanId;
	const parsed = validatePlanInput(input);
	if (!parsed.ok) refuseInvalid(parsed);
	return db.transaction(async (tx) => {
		const [clash] = await tx
			.select({ id: programPlan.id })
			.from(programPlan)
			.where(
				and(eq(programPlan.kelurahanId, kelurahanId), eq(programPlan.title, parsed.value.title))
			);
		if (clash)
			throw new PlanServiceError('duplicate_title', {
				fields: [{ field: 'title', code: 'invalid' }]
			});
		const [plan] = await tx
			.insert(programPlan)
			.values({ ...parsed.value, kelurahanId, createdBy: actor.id, createdAt: now, updatedAt: now })
			.returning();
		await appendAudit(tx, {
			actor: actorOf(actor),
			action: 'plan.created',
			subject: { type: 'program_plan', id: plan.id },
			after: parsed.value,
			at: now
		});
		return plan;
	});
}

export async function updatePlan(
	db: Database,
	actor: StaffActor | null,
	planId: string,
	input: unknown,
	now = new Date()
): Promise<ProgramPlan> {
	const parsed = validatePlanInput(input);
	return db.transaction(async (tx) => {
		const plan = await planOf(tx, planId, true);
		if (!canEditPlans(actor, plan.kelurahanId)) refuse(actor, plan.kelurahanId);
		if (!parsed.ok) refuseInvalid(parsed);
		if (!planIsEditable(plan.status)) throw new PlanServiceError('plan_closed');
		const [clash] = await tx
			.select({ id: programPlan.id })
			.from(programPlan)
			.where(
				and(
					eq(programPlan.kelurahanId, plan.kelurahanId),
					eq(programPlan.title, parsed.value.title),
					ne(programPlan.id, plan.id)
				)
			);
		if (clash)
			throw new PlanServiceError('duplicate_title', {
				fields: [{ field: 'title', code: 'invalid' }]
			});
		const [updated] = await tx
			.update(programPlan)
			.set({ ...parsed.value, updatedAt: now })
			.where(eq(programPlan.id, plan.id))
			.returning();
		await appendAudit(tx, {
			actor: actorOf(actor),
			action: 'plan.updated',
			subject: { type: 'program_plan', id: plan.id },
			before: { title: plan.title, year: plan.year, note: plan.note },
			after: parsed.value,
			at: now
		});
		return updated;
	});
}

export async function setPlanStatus(
	db: Database,
	actor: StaffActor | null,
	planId: string,
	to: string,
	now = new Date()
): Promise<ProgramPlan> {
	return db.transaction(async (tx) => {
		const plan = await planOf(tx, planId, true);
		if (!canEditPlans(actor, plan.kelurahanId)) refuse(actor, plan.kelurahanId);
		if (!canMovePlan(plan.status, to as PlanStatus)) throw new PlanServiceError('bad_transition');
		const status = to as PlanStatus;
		const stamp = statusStamp[status];
		const [updated] = await tx
			.update(programPlan)
			.set({ status, updatedAt: now, ...(stamp ? { [stamp]: now } : {}) })
			.where(eq(programPlan.id, plan.id))
			.returning();
		await appendAudit(tx, {
			actor: actorOf(actor),
			action: 'plan.status_changed',
			subject: { type: 'program_plan', id: plan.id },
			before: { status: plan.status },
			after: { status },
			at: now
		});
		return updated;
	});
}

/**
 * Decisions that may go into a new item of `plan`: agreed, standing (not replaced), about an
 * usulan or option, from a meeting of the plan's kelurahan, and not already in an item that is
 * not carried over. Refuses the whole set when one is not.
 */
async function checkDecisions(tx: Queryable, plan: ProgramPlan, ids: string[]) {
	const unique = [...new Set(ids)];
	if (unique.length === 0 || unique.length > 20 || !unique.every(isUuid)) {
		throw new PlanServiceError('invalid', { fields: [{ field: 'decisionIds', code: 'invalid' }] });
	}
	const rows = await tx
		.select({
			id: decision.id,
			outcome: decision.outcome,
			supersededAt: decision.supersededAt,
			optionId: decision.optionId,
			kelurahanId: meeting.kelurahanId
		})
		.from(decision)
		.innerJoin(meeting, eq(meeting.id, decision.meetingId))
		.where(inArray(decision.id, unique));
	const planned = await tx
		.select({ decisionId: planItemDecision.decisionId })
		.from(planItemDecision)
		.innerJoin(planItem, eq(planItem.id, planItemDecision.planItemId))
		.where(and(inArray(planItemDecision.decisionId, unique), isNull(planItem.carriedOverAt)));
	const taken = new Set(planned.map((p) => p.decisionId));
	const ok = new Set(
		rows
			.filter(
				(r) =>
					r.outcome === 'agreed' &&
					r.supersededAt === null &&
					r.optionId !== null &&
					r.kelurahanId === plan.kelurahanId &&
					!taken.has(r.id)
			)
			.map((r) => r.id)
	);
	const refused = unique.filter((id) => !ok.has(id));
	if (refused.length > 0)
		throw new PlanServiceError('decision_unavailable', { decisionIds: refused });
	return unique;
}

function fundingRows(itemId: string, input: PlanItemInput) {
	return Object.entries(input.funding).map(([source, amount]) => ({
		planItemId: itemId,
		source: source as keyof PlanItemInput['funding'],
		amount: amount ?? 0
	}));
}

function itemColumns(input: PlanItemInput) {
	const { funding: _funding, ...columns } = input;
	return columns;
}

export type CreateItemInput = {
	decisionIds: string[];
	item: unknown;
	/** Not funded by this plan: recorded as carried over to next year, with this reason. */
	carryOverReason?: string;
};

export async function createPlanItem(
	db: Database,
	actor: StaffActor | null,
	planId: string,
	input: CreateItemInput,
	now = new Date()
): Promise<PlanItem> {
	return db.transaction(async (tx) => {
		const plan = await planOf(tx, planId, true);
		if (!canEditPlans(actor, plan.kelurahanId)) refuse(actor, plan.kelurahanId);
		if (!planIsEditable(plan.status)) throw new PlanServiceError('plan_closed');
		const parsed = validatePlanItemInput(input.item, await sectorCodes(tx, plan.kelurahanId));
		if (!parsed.ok) refuseInvalid(parsed);
		let carryOverReason: string | null = null;
		if (input.carryOverReason !== undefined) {
			carryOverReason = reasonOf(input.carryOverReason, 'carryOverReason');
		}
		await tx.execute(sql`select pg_advisory_xact_lock(${PLAN_DECISIONS_LOCK})`);
		const decisionIds = await checkDecisions(tx, plan, input.decisionIds);
		const [item] = await tx
			.insert(planItem)
			.values({
				...itemColumns(parsed.value),
				planId: plan.id,
				carriedOverAt: carryOverReason ? now : null,
				carryOverReason,
				createdBy: actor.id,
				createdAt: now,
				updatedAt: now
			})
			.returning();
		const funding = fundingRows(item.id, parsed.value);
		if (funding.length > 0) await tx.insert(planItemFunding).values(funding);
		await tx
			.insert(planItemDecision)
			.values(decisionIds.map((decisionId) => ({ planItemId: item.id, decisionId })));
		await tx.update(programPlan).set({ updatedAt: now }).where(eq(programPlan.id, plan.id));
		await appendAudit(tx, {
			actor: actorOf(actor),
			action: 'plan_item.created',
			subject: { type: 'plan_item', id: item.id },
			after: { planId: plan.id, decisionIds, ...parsed.value, carryOverReason },
			at: now
		});
		return item;
	});
}

async function fundingOf(tx: Queryable, itemId: string) {
	const rows = await tx
		.select()
		.from(planItemFunding)
		.where(eq(planItemFunding.planItemId, itemId));
	return Object.fromEntries(rows.map((r) => [r.source, r.amount]));
}

function snapshot(item: PlanItem, funding: Record<string, number>) {
	const {
		id: _id,
		planId: _p,
		createdAt: _c,
		updatedAt: _u,
		createdBy: _b,
		version: _v,
		...rest
	} = item;
	return { ...rest, funding };
}

/** Edits an item's fields; `version` must be the one the editor opened, or nothing is stored. */
export async function updatePlanItem(
	db: Database,
	actor: StaffActor | null,
	itemId: string,
	input: { version: number; item: unknown },
	now = new Date()
): Promise<PlanItem> {
	return db.transaction(async (tx) => {
		const { item, plan, actor: staff } = await editableItem(tx, actor, itemId);
		if (!planIsEditable(plan.status)) throw new PlanServiceError('plan_closed');
		const parsed = validatePlanItemInput(input.item, await sectorCodes(tx, plan.kelurahanId));
		if (!parsed.ok) refuseInvalid(parsed);
		if (input.version !== item.version) throw new PlanServiceError('conflict');
		const before = snapshot(item, await fundingOf(tx, item.id));
		const [updated] = await tx
			.update(planItem)
			.set({ ...itemColumns(parsed.value), version: item.version + 1, updatedAt: now })
			.where(eq(planItem.id, item.id))
			.returning();
		await tx.delete(planItemFunding).where(eq(planItemFunding.planItemId, item.id));
		const funding = fundingRows(item.id, parsed.value);
		if (funding.length > 0) await tx.insert(planItemFunding).values(funding);
		await appendAudit(tx, {
			actor: actorOf(staff),
			action: 'plan_item.updated',
			subject: { type: 'plan_item', id: item.id },
			before,
			after: snapshot(updated, parsed.value.funding as Record<string, number>),
			at: now
		});
		return updated;
	});
}

/** Moves an item to another status; cancelling needs a reason. */
export async function setPlanItemStatus(
	db: Database,
	actor: StaffActor | null,
	itemId: string,
	input: { status: string; reason?: string },
	now = new Date()
): Promise<PlanItem> {
	return db.transaction(async (tx) => {
		const { item, plan, actor: staff } = await editableItem(tx, actor, itemId);
		if (!planIsEditable(plan.status)) throw new PlanServiceError('plan_closed');
		const to = input.status as PlanItemStatus;
		if (item.carriedOverAt !== null || !canMoveItem(item.status, to)) {
			throw new PlanServiceError('bad_transition');
		}
		let cancelReason: string | null = null;
		if (to === 'cancelled') {
			cancelReason = reasonOf(input.reason, 'reason');
		}
		const [updated] = await tx
			.update(planItem)
			.set({ status: to, cancelReason, version: item.version + 1, updatedAt: now })
			.where(eq(planItem.id, item.id))
			.returning();
		await appendAudit(tx, {
			actor: actorOf(staff),
			action: 'plan_item.status_changed',
			subject: { type: 'plan_item', id: item.id },
			before: { status: item.status, cancelReason: item.cancelReason },
			after: { status: to, cancelReason },
			at: now
		});
		return updated;
	});
}

/** Marks an item as not funded by this plan, carried over to next year, with a reason. */
export async function carryOverPlanItem(
	db: Database,
	actor: StaffActor | null,
	itemId: string,
	input: { reason: string },
	now = new Date()
): Promise<PlanItem> {
	return db.transaction(async (tx) => {
		const { item, plan, actor: staff } = await editableItem(tx, actor, itemId);
		if (!planIsEditable(plan.status)) throw new PlanServiceError('plan_closed');
		if (item.carriedOverAt !== null || item.status === 'done')
			throw new PlanServiceError('bad_transition');
		const reason = reasonOf(input.reason, 'reason');
		const [updated] = await tx
			.update(planItem)
			.set({
				carriedOverAt: now,
				carryOverReason: reason,
				version: item.version + 1,
				updatedAt: now
			})
			.where(eq(planItem.id, item.id))
			.returning();
		await appendAudit(tx, {
			actor: actorOf(staff),
			action: 'plan_item.carried_over',
			subject: { type: 'plan_item', id: item.id },
			before: { carriedOver: false },
			after: { carriedOver: true, reason, toYear: plan.year + 1 },
			at: now
		});
		return updated;
	});
}

/**
 * Records a progress report. The first report above 0 % moves a planned item to "in progress";
 * the item's status otherwise stays the staff's call (100 % is not "done" until they say so).
 */
export async function addProgress(
	db: Database,
	actor: StaffActor | null,
	itemId: string,
	input: unknown,
	now = new Date()
): Promise<PlanProgress> {
	const parsed = validateProgressInput(input);
	return db.transaction(async (tx) => {
		const { item, plan, actor: staff } = await editableItem(tx, actor, itemId);
		if (!parsed.ok) refuseInvalid(parsed);
		if (!planTakesProgress(plan.status) || !itemTakesProgress(item)) {
			throw new PlanServiceError('no_progress');
		}
		const [row] = await tx
			.insert(planProgress)
			.values({ ...parsed.value, planItemId: item.id, createdBy: staff.id, createdAt: now })
			.returning();
		if (item.status === 'planned' && parsed.value.percent > 0) {
			await tx
				.update(planItem)
				.set({ status: 'in_progress', version: item.version + 1, updatedAt: now })
				.where(eq(planItem.id, item.id));
		}
		await appendAudit(tx, {
			actor: actorOf(staff),
			action: 'plan_item.progress_added',
			subject: { type: 'plan_item', id: item.id },
			after: parsed.value,
			at: now
		});
		return row;
	});
}
