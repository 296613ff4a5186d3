import {
	bigint,
	date,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import {
	planFundingSources,
	planItemStatuses,
	planStatuses,
	responsibleKinds,
	type Partner
} from '../../../domain/plans/model.ts';
import { user } from './auth.ts';
import { kelurahan } from './kelurahan.ts';
import { decision } from './votes.ts';

export const planStatus = pgEnum('plan_status', planStatuses);
export const planItemStatus = pgEnum('plan_item_status', planItemStatuses);
export const planFundingSource = pgEnum('plan_funding_source', planFundingSources);
export const responsibleKind = pgEnum('responsible_kind', responsibleKinds);

/** A rencana program (e.g. "RKP Kelurahan 2027"): the work plan agreed decisions go into. */
export const programPlan = pgTable(
	'program_plan',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kelurahanId: uuid('kelurahan_id')
			.notNull()
			.references(() => kelurahan.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		/** The budget year the plan is for. */
		year: integer('year').notNull(),
		status: planStatus('status').notNull().default('draft'),
		note: text('note').notNull().default(''),
		createdBy: uuid('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		approvedAt: timestamp('approved_at', { withTimezone: true }),
		implementationAt: timestamp('implementation_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true })
	},
	(t) => [
		index('program_plan_kelurahan_idx').on(t.kelurahanId),
		unique('program_plan_kelurahan_title').on(t.kelurahanId, t.title)
	]
);
export type ProgramPlan = typeof programPlan.$inferSelect;

/**
 * One activity of a plan, made from one or more agreed decisions (see `planItemDecision`).
 * `version` goes up on every change, so two staff editing at once cannot overwrite each other.
 */
export const planItem = pgTable(
	'plan_item',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		planId: uuid('plan_id')
			.notNull()
			.references(() => programPlan.id, { onDelete: 'cascade' }),
		activity: text('activity').notNull(),
		/** A sector code of the kelurahan (the strategy areas are sectors too). */
		strategyArea: text('strategy_area').notNull(),
		location: text('location').notNull().default(''),
		rt: integer('rt'),
		rw: integer('rw'),
		output: text('output').notNull().default(''),
		volume: doublePrecision('volume'),
		unit: text('unit').notNull().default(''),
		indicatorName: text('indicator_name').notNull().default(''),
		indicatorUnit: text('indicator_unit').notNull().default(''),
		indicatorBaseline: doublePrecision('indicator_baseline'),
		indicatorTarget: doublePrecision('indicator_target'),
		/** Whole Rupiah; equals the sum of the item's funding rows. */
		budget: bigint('budget', { mode: 'number' }).notNull().default(0),
		responsibleKind: responsibleKind('responsible_kind').notNull().default('kelurahan'),
		responsibleName: text('responsible_name').notNull().default(''),
		partners: jsonb('partners').$type<Partner[]>().notNull().default([]),
		startDate: date('start_date'),
		endDate: date('end_date'),
		status: planItemStatus('status').notNull().default('planned'),
		cancelReason: text('cancel_reason'),
		/** Not funded by this plan: moved to the next year's list with a reason. */
		carriedOverAt: timestamp('carried_over_at', { withTimezone: true }),
		carryOverReason: text('carry_over_reason'),
		version: integer('version').notNull().default(1),
		createdBy: uuid('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('plan_item_plan_idx').on(t.planId)]
);
export type PlanItem = typeof planItem.$inferSelect;

/** How much of an item's budget each source pays. */
export const planItemFunding = pgTable(
	'plan_item_funding',
	{
		planItemId: uuid('plan_item_id')
			.notNull()
			.references(() => planItem.id, { onDelete: 'cascade' }),
		source: planFundingSource('source').notNull(),
		amount: bigint('amount', { mode: 'number' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.planItemId, t.source] })]
);
export type PlanItemFunding = typeof planItemFunding.$inferSelect;

/** The decisions an item was made from: the link from a plan back to the meeting. */
export const planItemDecision = pgTable(
	'plan_item_decision',
	{
		planItemId: uuid('plan_item_id')
			.notNull()
			.references(() => planItem.id, { onDelete: 'cascade' }),
		decisionId: uuid('decision_id')
			.notNull()
			.references(() => decision.id, { onDelete: 'restrict' })
	},
	(t) => [
		primaryKey({ columns: [t.planItemId, t.decisionId] }),
		index('plan_item_decision_decision_idx').on(t.decisionId)
	]
);

/** A progress report on an item: never edited, the newest one is the item's state. */
export const planProgress = pgTable(
	'plan_progress',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		planItemId: uuid('plan_item_id')
			.notNull()
			.references(() => planItem.id, { onDelete: 'cascade' }),
		reportedOn: date('reported_on').notNull(),
		percent: integer('percent').notNull(),
		/** Whole Rupiah spent so far (cumulative). */
		realisedBudget: bigint('realised_budget', { mode: 'number' }),
		indicatorValue: doublePrecision('indicator_value'),
		note: text('note').notNull().default(''),
		createdBy: uuid('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('plan_progress_item_idx').on(t.planItemId, t.reportedOn)]
);
export type PlanProgress = typeof planProgress.$inferSelect;
