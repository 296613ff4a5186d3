import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every consequential write appends one entry. Each entry's hash covers its content and the
 * previous entry's hash, so a changed or deleted entry breaks the chain from there on
 * (`npm run audit:verify` finds the first broken one).
 */
export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
		actorKind: text('actor_kind').notNull(),
		actorId: text('actor_id'),
		action: text('action').notNull(),
		subjectType: text('subject_type').notNull(),
		subjectId: text('subject_id').notNull(),
		before: jsonb('before'),
		after: jsonb('after'),
		prevHash: text('prev_hash').notNull(),
		hash: text('hash').notNull().unique()
	},
	(t) => [index('audit_subject_idx').on(t.subjectType, t.subjectId)]
);
export type AuditEntry = typeof auditLog.$inferSelect;
