import { isUuid } from '../../domain/ids.ts';
import { asc, count, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { boardVersion, usulan, type BoardVersion, type Usulan } from '../db/schema/index.ts';

/** A board version with how many usulan it ranked. */
export type BoardVersionSummary = BoardVersion & { usulanCount: number };

/** A board version with its usulan in rank order. */
export type BoardVersionWithUsulan = { version: BoardVersion; usulan: Usulan[] };

/** Every finalized version of a meeting's board, the newest first. */
export async function listBoardVersions(
	db: Queryable,
	meetingId: string
): Promise<BoardVersionSummary[]> {
	if (!isUuid(meetingId)) return [];
	const [versions, counts] = await Promise.all([
		db
			.select()
			.from(boardVersion)
			.where(eq(boardVersion.meetingId, meetingId))
			.orderBy(desc(boardVersion.version)),
		db
			.select({ versionId: usulan.boardVersionId, n: count() })
			.from(usulan)
			.where(eq(usulan.meetingId, meetingId))
			.groupBy(usulan.boardVersionId)
	]);
	const byVersion = new Map(counts.map((c) => [c.versionId, Number(c.n)]));
	return versions.map((v) => ({ ...v, usulanCount: byVersion.get(v.id) ?? 0 }));
}

/** The usulan of one board version, in rank order. */
export async function usulanOfVersion(db: Queryable, boardVersionId: string): Promise<Usulan[]> {
	if (!isUuid(boardVersionId)) return [];
	return db
		.select()
		.from(usulan)
		.where(eq(usulan.boardVersionId, boardVersionId))
		.orderBy(asc(usulan.rank));
}

/** The latest finalized version of a meeting's board with its usulan, or null if none yet. */
export async function latestBoardVersion(
	db: Queryable,
	meetingId: string
): Promise<BoardVersionWithUsulan | null> {
	if (!isUuid(meetingId)) return null;
	const [version] = await db
		.select()
		.from(boardVersion)
		.where(eq(boardVersion.meetingId, meetingId))
		.orderBy(desc(boardVersion.version))
		.limit(1);
	if (!version) return null;
	return { version, usulan: await usulanOfVersion(db, version.id) };
}
