import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth.ts';
import { kelurahan } from './kelurahan.ts';

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
	(t) => [index('meeting_kelurahan_idx').on(t.kelurahanId)]
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
		tokenHash: text('token_hash').notNull().unique(),
		joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
		removedAt: timestamp('removed_at', { withTimezone: true })
	},
	(t) => [index('participant_meeting_idx').on(t.meetingId)]
);
export type Participant = typeof participant.$inferSelect;
