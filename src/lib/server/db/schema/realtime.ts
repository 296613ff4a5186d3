import { bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytes } from './types.ts';

/**
 * The durable log of a Yjs doc: each row is one Yjs update (a batch merged per tick, or a
 * compacted snapshot of earlier rows). A doc is the merge of all its rows; compaction replaces
 * rows it read by one snapshot row in one transaction, so rows written meanwhile by another
 * process are never lost.
 */
export const yjsUpdate = pgTable(
	'yjs_update',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		docName: text('doc_name').notNull(),
		data: bytes('data').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('yjs_update_doc_idx').on(t.docName, t.id)]
);
export type YjsUpdateRow = typeof yjsUpdate.$inferSelect;
