import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../db/client.ts';
import { yjsUpdate } from '../db/schema/index.ts';

/**
 * Yjs persistence in PostgreSQL / PGlite: an append-only log of updates per doc, folded into one
 * snapshot row by `compact`. Safe with several writer processes: compaction only replaces the rows
 * it read, under a per-doc advisory lock.
 */
export type YjsStore = {
	/** Every stored update of a doc, oldest first (apply them all to rebuild it). */
	load(docName: string): Promise<{ updates: Uint8Array[]; lastId: number }>;
	/** Appends one update (a batch already merged by the caller) in its own transaction. */
	append(docName: string, update: Uint8Array): Promise<void>;
	/** Rows stored for a doc. */
	rowCount(docName: string): Promise<number>;
	/** Folds all rows of a doc into one snapshot row; returns the row counts before and after. */
	compact(docName: string): Promise<{ before: number; after: number }>;
};

export function createYjsStore(db: Database): YjsStore {
	return {
		async load(docName) {
			const rows = await db
				.select({ id: yjsUpdate.id, data: yjsUpdate.data })
				.from(yjsUpdate)
				.where(eq(yjsUpdate.docName, docName))
				.orderBy(asc(yjsUpdate.id));
			return { updates: rows.map((r) => r.data), lastId: rows.at(-1)?.id ?? 0 };
		},
		async append(docName, update) {
			await db.insert(yjsUpdate).values({ docName, data: update });
		},
		async rowCount(docName) {
			const [r] = await db
				.select({ n: count() })
				.from(yjsUpdate)
				.where(eq(yjsUpdate.docName, docName));
			return r.n;
		},
		async compact(docName) {
			return db.transaction(async (tx) => {
				// hashtext() is in every PostgreSQL; the lock is held until the transaction ends.
				await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'yjs:' + docName}))`);
				const rows = await tx
					.select({ id: yjsUpdate.id, data: yjsUpdate.data })
					.from(yjsUpdate)
					.where(eq(yjsUpdate.docName, docName))
					.orderBy(asc(yjsUpdate.id));
				if (rows.length <= 1) return { before: rows.length, after: rows.length };
				// Rebuilding through a Y.Doc (not just mergeUpdates) also drops deleted content.
				const doc = new Y.Doc();
				for (const r of rows) Y.applyUpdate(doc, r.data);
				const snapshot = Y.encodeStateAsUpdate(doc);
				doc.destroy();
				const ids = rows.map((r) => r.id);
				await tx
					.delete(yjsUpdate)
					.where(and(eq(yjsUpdate.docName, docName), inArray(yjsUpdate.id, ids)));
				await tx.insert(yjsUpdate).values({ docName, data: snapshot });
				return { before: rows.length, after: 1 };
			});
		}
	};
}
