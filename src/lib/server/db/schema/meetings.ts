import {
	bigint,
	boolean,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import {
	affiliations,
	ageGroups,
	genders,
	type InclusionGroup
} from '../../../domain/attendance.ts';
import { meetingKinds, voterModes } from '../../../domain/meeting-input.ts';
import type { QuorumRule } from '../../../domain/quorum.ts';
import { user } from './auth.ts';
import { kelurahan } from './kelurahan.ts';

export const meetingKind = pgEnum('meeting_kind', meetingKinds);
export const voterRule = pgEnum('voter_rule', voterModes);

/**
 * A musyawarah. Its phase is not stored: it follows from the lifecycle timestamps through the
 * pure `meetingPhase()` in src/lib/domain/meeting-phase.ts.
 */
export const meeting = pgTable(
	'meeting',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kelurahanId: uuid('kelurahan_id')
			.notNull()
			.references(() => kelurahan.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		kind: meetingKind('kind').notNull().default('musrenbang_kelurahan'),
		startsAt: timestamp('starts_at', { withTimezone: true }),
		place: text('place').notNull().default(''),
		/** Agenda items in order. */
		agenda: jsonb('agenda').$type<string[]>().notNull().default([]),
		/** RW numbers the meeting is for; empty = the whole kelurahan. */
		rwScope: jsonb('rw_scope').$type<number[]>().notNull().default([]),
		/** Pagu indikatif in whole Rupiah. */
		budgetCeiling: bigint('budget_ceiling', { mode: 'number' }),
		quorum: jsonb('quorum').$type<QuorumRule>().notNull().default({ kind: 'none' }),
		/** Who may vote: everyone who joined, or only attendees the facilitator verified. */
		voters: voterRule('voters').notNull().default('joined'),
		/** Sector codes used in this meeting (of the kelurahan's sectors). */
		sectorCodes: jsonb('sector_codes').$type<string[]>().notNull().default([]),
		/** Inclusion shares below which the console warns, e.g. { women: 0.3 }. */
		inclusionThresholds: jsonb('inclusion_thresholds')
			.$type<Partial<Record<InclusionGroup, number>>>()
			.notNull()
			.default({}),
		/** Short code residents type to join (unambiguous characters), unique while it exists. */
		joinCode: text('join_code'),
		joinLockedAt: timestamp('join_locked_at', { withTimezone: true }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		createdBy: uuid('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** Residents may join from here on. */
		openedAt: timestamp('opened_at', { withTimezone: true }),
		/** The usulan board is open for everyone's edits from here on. */
		collectingAt: timestamp('collecting_at', { withTimezone: true }),
		/** The facilitator locked the board (no edits by residents) without leaving the phase. */
		boardLockedAt: timestamp('board_locked_at', { withTimezone: true }),
		votingAt: timestamp('voting_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		finalizedAt: timestamp('finalized_at', { withTimezone: true })
	},
	(t) => [
		index('meeting_kelurahan_idx').on(t.kelurahanId),
		uniqueIndex('meeting_join_code_idx').on(t.joinCode)
	]
);
export type Meeting = typeof meeting.$inferSelect;

/**
 * A resident in one meeting. No account: a random token in an httpOnly cookie identifies the
 * phone; the database keeps only its SHA-256.
 */
export const participant = pgTable(
	'participant',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meeting.id, { onDelete: 'cascade' }),
		displayName: text('display_name').notNull(),
		rt: integer('rt'),
		rw: integer('rw'),
		/** Optional inclusion answers: null when the resident chose not to say. */
		gender: text('gender', { enum: genders }),
		ageGroup: text('age_group', { enum: ageGroups }),
		disability: boolean('disability'),
		affiliation: text('affiliation', { enum: affiliations }),
		verifiedAt: timestamp('verified_at', { withTimezone: true }),
		/** Set when the facilitator merged this duplicate into another participant. */
		mergedIntoId: uuid('merged_into_id'),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
		tokenHash: text('token_hash').notNull().unique(),
		joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
		removedAt: timestamp('removed_at', { withTimezone: true })
	},
	(t) => [index('participant_meeting_idx').on(t.meetingId)]
);
export type Participant = typeof participant.$inferSelect;
