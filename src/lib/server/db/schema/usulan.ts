import {
	bigint,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import type { FinalizedMergedItem } from '../../../realtime/board/finalize.ts';
import type { InvalidItem } from '../../../realtime/board/read.ts';
import { fundingSources, type MergeRecord, type Proposer } from '../../../realtime/board/schema.ts';
import { user } from './auth.ts';
import { meeting } from './meetings.ts';

/**
 * One finalize of a meeting's board. Versions are numbered 1, 2, … per meeting and never change
 * once written: re-finalizing after an edit adds a version, so votes and decisions that point at
 * an older version's rows keep pointing at what people saw then.
 */
export const boardVersion = pgTable(
	'board_version',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meeting.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		/**
		 * SHA-256 (hex) of the canonical JSON of what this version stores (its rows and `skipped`),
		 * so finalizing an unchanged board returns this version instead of adding one.
		 */
		contentHash: text('content_hash').notNull(),
		/** Board items left out because they failed validation, with the reasons. */
		skipped: jsonb('skipped').$type<InvalidItem[]>().notNull().default([]),
		createdBy: uuid('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique('board_version_meeting_version').on(t.meetingId, t.version)]
);
export type BoardVersion = typeof boardVersion.$inferSelect;
export type NewBoardVersion = typeof boardVersion.$inferInsert;

/** A ranked usulan of one board version: every field of the board item at finalize time. */
export const usulan = pgTable(
	'usulan',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		boardVersionId: uuid('board_version_id')
			.notNull()
			.references(() => boardVersion.id, { onDelete: 'cascade' }),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meeting.id, { onDelete: 'cascade' }),
		/** The board item's id: stable across versions, so an usulan can be followed through them. */
		itemId: text('item_id').notNull(),
		/** 1 = highest priority; 1..n without gaps within a version. */
		rank: integer('rank').notNull(),
		title: text('title').notNull(),
		problem: text('problem').notNull(),
		locationText: text('location_text').notNull(),
		rt: integer('rt'),
		rw: integer('rw'),
		sector: text('sector').notNull(),
		/** A quantity in `unit`; fractions allowed. */
		volume: doublePrecision('volume'),
		unit: text('unit').notNull(),
		/** Whole Rupiah. */
		estimatedCost: bigint('estimated_cost', { mode: 'number' }),
		fundingSource: text('funding_source', { enum: fundingSources }).notNull(),
		/** Everyone who proposed it or any duplicate merged into it. */
		proposers: jsonb('proposers').$type<Proposer[]>().notNull(),
		/** Provenance of each merge into it (or into an item merged into it), oldest first. */
		mergeHistory: jsonb('merge_history').$type<MergeRecord[]>().notNull(),
		/** The merged duplicates as they were at finalize time. */
		mergedItems: jsonb('merged_items').$type<FinalizedMergedItem[]>().notNull(),
		/** When the item was added to the board (not when it was finalized). */
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
		/** Participant or user id of whoever added the item. */
		createdBy: text('created_by').notNull()
	},
	(t) => [
		unique('usulan_version_rank').on(t.boardVersionId, t.rank),
		unique('usulan_version_item').on(t.boardVersionId, t.itemId),
		index('usulan_meeting_item_idx').on(t.meetingId, t.itemId)
	]
);
export type Usulan = typeof usulan.$inferSelect;
export type NewUsulan = typeof usulan.$inferInsert;
