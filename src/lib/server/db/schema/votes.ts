import { sql } from 'drizzle-orm';
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
import type { QuorumRule } from '../../../domain/quorum.ts';
import { extraSources } from '../../../domain/votes/counts.ts';
import { voteMethods, type VoteSettings } from '../../../domain/votes/methods.ts';
import { user } from './auth.ts';
import { meeting, participant } from './meetings.ts';
import { boardVersion, usulan } from './usulan.ts';

export const voteMethod = pgEnum('vote_method', voteMethods);

/** What a vote decides on: usulan of a finalized board, candidates (delegates), or free options. */
export const voteSubjects = ['usulan', 'candidates', 'options'] as const;
export const voteSubject = pgEnum('vote_subject', voteSubjects);

/** When residents see the tally: as ballots come in, or only once the vote is closed. */
export const resultVisibilities = ['live', 'after_close'] as const;
export const resultVisibility = pgEnum('result_visibility', resultVisibilities);

/** Who may cast a ballot: everyone who joined the meeting, or only attendees the facilitator verified. */
export const voteEligibilities = ['joined', 'verified'] as const;
export const voteEligibility = pgEnum('vote_eligibility', voteEligibilities);

/**
 * A vote in a meeting. Its status is not stored: it follows from the timestamps (draft until
 * `openedAt`; open until `closedAt` or `closesAt`, whichever comes first; closed after). Ballots
 * are rows of `ballot`, never CRDT state; the tally is always recomputable from them.
 */
export const vote = pgTable(
	'vote',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meeting.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		subject: voteSubject('subject').notNull(),
		method: voteMethod('method').notNull(),
		/** The method's settings (`VoteSettings` from src/lib/domain/votes/methods.ts). */
		settings: jsonb('settings').$type<VoteSettings>().notNull(),
		/** Secret: staff see who voted, never what. */
		secret: boolean('secret').notNull().default(false),
		results: resultVisibility('results').notNull().default('live'),
		eligibility: voteEligibility('eligibility').notNull().default('joined'),
		quorum: jsonb('quorum').$type<QuorumRule>().notNull().default({ kind: 'none' }),
		/** How long the vote runs once opened; null = until the facilitator closes it. */
		durationSeconds: integer('duration_seconds'),
		/** For votes on usulan: the board version whose rows the options point at. */
		boardVersionId: uuid('board_version_id').references(() => boardVersion.id),
		createdBy: uuid('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		openedAt: timestamp('opened_at', { withTimezone: true }),
		/** When an open vote closes by itself (openedAt + duration); null without a timer. */
		closesAt: timestamp('closes_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		/** The tally at closing, with hybrid counts: what decisions refer to. */
		finalTally: jsonb('final_tally')
	},
	(t) => [index('vote_meeting_idx').on(t.meetingId)]
);
export type Vote = typeof vote.$inferSelect;
export type NewVote = typeof vote.$inferInsert;

/** One option of a vote, in the order the ballot shows them. */
export const voteOption = pgTable(
	'vote_option',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		voteId: uuid('vote_id')
			.notNull()
			.references(() => vote.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		label: text('label').notNull(),
		/** The usulan row this option stands for (votes on usulan). */
		usulanId: uuid('usulan_id').references(() => usulan.id),
		/** The candidate this option stands for (delegate elections). */
		participantId: uuid('participant_id').references(() => participant.id),
		/** Whole Rupiah, for budget votes (the usulan's estimated cost). */
		cost: bigint('cost', { mode: 'number' })
	},
	(t) => [uniqueIndex('vote_option_position').on(t.voteId, t.position)]
);
export type VoteOptionRow = typeof voteOption.$inferSelect;

/**
 * A ballot. One participant has at most one `latest` ballot per vote (a partial unique index);
 * a changed vote adds a row and clears `latest` on the old one, so history is kept. The id is
 * the receipt shown on the phone. A retry with the same idempotency key returns the same row.
 */
export const ballot = pgTable(
	'ballot',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		voteId: uuid('vote_id')
			.notNull()
			.references(() => vote.id, { onDelete: 'cascade' }),
		participantId: uuid('participant_id')
			.notNull()
			.references(() => participant.id, { onDelete: 'cascade' }),
		/** The validated choice, in the method's shape (src/lib/domain/votes/ballot.ts). */
		choice: jsonb('choice').notNull(),
		latest: boolean('latest').notNull().default(true),
		idempotencyKey: text('idempotency_key').notNull(),
		castAt: timestamp('cast_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('ballot_one_latest')
			.on(t.voteId, t.participantId)
			.where(sql`${t.latest}`),
		uniqueIndex('ballot_idempotency').on(t.voteId, t.participantId, t.idempotencyKey),
		index('ballot_vote_latest_idx').on(t.voteId, t.latest)
	]
);
export type Ballot = typeof ballot.$inferSelect;

/** A show of hands (`hands`) or paper ballots (`paper`), as the tally marks them. */
export const hybridSource = pgEnum('hybrid_source', extraSources);

/**
 * Counts the facilitator adds from outside the phones (a show of hands, paper ballots), per
 * option. They join the tally, marked as such, and appear separately in the record.
 */
export const hybridCount = pgTable(
	'hybrid_count',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		voteId: uuid('vote_id')
			.notNull()
			.references(() => vote.id, { onDelete: 'cascade' }),
		source: hybridSource('source').notNull(),
		/** How many people these counts are from (added to turnout, and so to quorum). */
		voters: integer('voters').notNull(),
		/** Option id → count (for yes/no votes: `yes`, `no`, `abstain`). */
		counts: jsonb('counts').$type<Record<string, number>>().notNull(),
		note: text('note').notNull().default(''),
		enteredBy: uuid('entered_by').references(() => user.id, { onDelete: 'set null' }),
		enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('hybrid_count_vote_idx').on(t.voteId)]
);
export type HybridCount = typeof hybridCount.$inferSelect;

export const decisionOutcomes = ['agreed', 'rejected', 'deferred', 'elected'] as const;
export const decisionOutcome = pgEnum('decision_outcome', decisionOutcomes);

/**
 * What the meeting decided after a vote, per subject: an usulan agreed / rejected / deferred, or a
 * delegate elected. It keeps the tally it was decided on and the board version of the usulan.
 */
export const decision = pgTable(
	'decision',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meeting.id, { onDelete: 'cascade' }),
		voteId: uuid('vote_id')
			.notNull()
			.references(() => vote.id, { onDelete: 'cascade' }),
		optionId: uuid('option_id').references(() => voteOption.id),
		usulanId: uuid('usulan_id').references(() => usulan.id),
		outcome: decisionOutcome('outcome').notNull(),
		/** For a ranked list: the place the meeting confirmed. */
		rank: integer('rank'),
		note: text('note').notNull().default(''),
		tallySnapshot: jsonb('tally_snapshot').notNull(),
		boardVersionId: uuid('board_version_id').references(() => boardVersion.id),
		decidedBy: uuid('decided_by').references(() => user.id, { onDelete: 'set null' }),
		decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
		/** Set when the vote's decisions were recorded again: the newer set stands. */
		supersededAt: timestamp('superseded_at', { withTimezone: true })
	},
	(t) => [index('decision_meeting_idx').on(t.meetingId), index('decision_vote_idx').on(t.voteId)]
);
export type Decision = typeof decision.$inferSelect;
