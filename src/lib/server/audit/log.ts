import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/client.ts';
import { auditLog, type AuditEntry } from '../db/schema/index.ts';
import { sha256Hex } from '../hash.ts';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
const LOCK_KEY = 7271002;

export type AuditActor =
	| { kind: 'user'; id: string }
	| { kind: 'participant'; id: string }
	| { kind: 'system'; id?: null };

export type AuditInput = {
	actor: AuditActor;
	action: string;
	subject: { type: string; id: string };
	before?: unknown;
	after?: unknown;
	at?: Date;
};

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
	if (value === undefined) return 'null';
	if (value === null || typeof value !== 'object') return JSON.stringify(value);
	if (value instanceof Date) return JSON.stringify(value.toISOString());
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const entries = Object.entries(value as Record<string, unknown>)
		.filter(([, v]) => v !== undefined)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

type HashedFields = Pick<
	AuditEntry,
	| 'at'
	| 'actorKind'
	| 'actorId'
	| 'action'
	| 'subjectType'
	| 'subjectId'
	| 'before'
	| 'after'
	| 'prevHash'
>;

export function entryHash(e: HashedFields): string {
	const text = canonicalJson({
		at: e.at.toISOString(),
		actorKind: e.actorKind,
		actorId: e.actorId ?? null,
		action: e.action,
		subjectType: e.subjectType,
		subjectId: e.subjectId,
		before: e.before ?? null,
		after: e.after ?? null,
		prevHash: e.prevHash
	});
	return sha256Hex(text);
}

/**
 * Appends an entry inside the caller's transaction (so it commits or rolls back with the write it
 * records). Appends are serialized by a transaction-scoped advisory lock to keep one chain.
 */
export async function appendAudit(tx: Queryable, input: AuditInput): Promise<AuditEntry> {
	await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
	const [last] = await tx
		.select({ hash: auditLog.hash })
		.from(auditLog)
		.orderBy(desc(auditLog.id))
		.limit(1);
	// JSON round-trips through jsonb: store exactly what the hash covers.
	const normalize = (v: unknown) => (v === undefined ? null : JSON.parse(canonicalJson(v)));
	const fields: HashedFields = {
		at: new Date(Math.floor((input.at ?? new Date()).getTime())),
		actorKind: input.actor.kind,
		actorId: input.actor.id ?? null,
		action: input.action,
		subjectType: input.subject.type,
		subjectId: input.subject.id,
		before: normalize(input.before),
		after: normalize(input.after),
		prevHash: last?.hash ?? GENESIS_HASH
	};
	const [row] = await tx
		.insert(auditLog)
		.values({ ...fields, hash: entryHash(fields) })
		.returning();
	return row;
}

export type ChainReport =
	| { ok: true; entries: number; head: string }
	| { ok: false; entries: number; firstBroken: { id: number; reason: 'hash' | 'link' } };

/** Recomputes the whole chain, in pages; reports the first entry whose hash or link is wrong. */
export async function verifyAuditChain(db: Database, pageSize = 1000): Promise<ChainReport> {
	let prev = GENESIS_HASH;
	let lastId = 0;
	let entries = 0;
	for (;;) {
		const rows = await db
			.select()
			.from(auditLog)
			.where(gt(auditLog.id, lastId))
			.orderBy(asc(auditLog.id))
			.limit(pageSize);
		if (rows.length === 0) break;
		for (const r of rows) {
			if (r.prevHash !== prev)
				return { ok: false, entries, firstBroken: { id: r.id, reason: 'link' } };
			if (entryHash(r) !== r.hash)
				return { ok: false, entries, firstBroken: { id: r.id, reason: 'hash' } };
			prev = r.hash;
			lastId = r.id;
			entries++;
		}
	}
	return { ok: true, entries, head: prev };
}

/**
 * The newest entry's id and hash (the chain head), or the genesis hash when the log is empty.
 * Printed on the berita acara: a paper copy names the head it was made at, and
 * `npm run audit:verify` shows whether the chain up to it is intact.
 */
export async function auditChainHead(
	db: Queryable
): Promise<{ id: number; hash: string; at: Date | null }> {
	const [last] = await db
		.select({ id: auditLog.id, hash: auditLog.hash, at: auditLog.at })
		.from(auditLog)
		.orderBy(desc(auditLog.id))
		.limit(1);
	return last ?? { id: 0, hash: GENESIS_HASH, at: null };
}
