/**
 * Finalizing the usulan board: the co-edited Yjs doc becomes ranked relational rows that votes,
 * decisions and plan items reference.
 */
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { meetingPhase, phaseIndex } from '../../domain/meeting-phase.ts';
import { docName } from '../../realtime/doc-names.ts';
import { finalizeSnapshot, type FinalizeSnapshot } from '../../realtime/board/finalize.ts';
import type { InvalidItem } from '../../realtime/board/read.ts';
import type { StaffActor } from '../auth/policy.ts';
import { appendAudit, canonicalJson } from '../audit/log.ts';
import type { Database, Queryable } from '../db/client.ts';
import {
	boardVersion,
	meeting,
	usulan,
	type BoardVersion,
	type Meeting,
	type NewUsulan,
	type Usulan
} from '../db/schema/index.ts';
import { emitDomainEvent } from '../events.ts';
import { sha256Hex } from '../hash.ts';
import type { ServerDoc } from '../realtime/server.ts';
import { boardFinalizableIn, canFinalizeBoard, type UsulanActor } from './policy.ts';
import { usulanOfVersion } from './queries.ts';

/**
 * Why a finalize was refused:
 * - `forbidden`: not staff or a facilitator of the meeting's kelurahan (residents never);
 * - `not_found`: no such meeting;
 * - `too_early`: the meeting is a draft or only open for joining, so nothing was collected yet;
 * - `sealed`: the meeting is finalized; its record no longer changes.
 */
export type UsulanServiceErrorCode = 'forbidden' | 'not_found' | 'too_early' | 'sealed';

export class UsulanServiceError extends Error {
	constructor(readonly code: UsulanServiceErrorCode) {
		super(code);
		this.name = 'UsulanServiceError';
	}
}

/** What finalizing needs of the realtime server (`runtime.realtime` satisfies it). */
export type FinalizeDeps = { openDoc(name: string): Promise<ServerDoc> };

export type FinalizeResult = {
	version: BoardVersion;
	/** The version's usulan in rank order. */
	usulan: Usulan[];
	/** Items left out because they failed validation, with the reasons. */
	skipped: InvalidItem[];
	/** False when the board was unchanged since the latest version, which is returned instead. */
	created: boolean;
};

const finalizeInput = z.object({ meetingId: z.string() });

/** Large boards are inserted in chunks to stay far below the bind-parameter limit. */
const INSERT_CHUNK = 500;

/**
 * What a version stores, as hashed: the ranked rows (without the order keys, which can change
 * while the ranking stays the same) and the skipped items.
 */
function versionContent(snap: FinalizeSnapshot) {
	return {
		usulan: snap.usulan.map(({ orderKey: _orderKey, ...u }) => u),
		skipped: snap.invalid
	};
}

function contentHash(content: ReturnType<typeof versionContent>): string {
	return sha256Hex(canonicalJson(content));
}

/** The meeting, when `actor` may finalize its board now; refuses with the reason otherwise. */
function finalizable(actor: UsulanActor, m: Meeting | undefined): [StaffActor, Meeting] {
	if (!m) throw new UsulanServiceError('not_found');
	if (!canFinalizeBoard(actor, m)) throw new UsulanServiceError('forbidden');
	const phase = meetingPhase(m);
	if (boardFinalizableIn.has(phase)) return [actor, m];
	throw new UsulanServiceError(
		phaseIndex(phase) < phaseIndex('collecting') ? 'too_early' : 'sealed'
	);
}

async function lockMeeting(tx: Queryable, meetingId: string): Promise<Meeting | undefined> {
	const [row] = await tx.select().from(meeting).where(eq(meeting.id, meetingId)).for('update');
	return row;
}

/**
 * A facilitator or staff member materializes the meeting's board into a new version of ranked
 * usulan rows (every field, proposers, merge history), in board order, in one transaction.
 * Items that fail validation are skipped and reported, never fatal. When the board is unchanged
 * since the latest version, that version is returned and nothing is written.
 *
 * The meeting row is locked before the doc is read, so concurrent finalizes are serialized: each
 * reads the board after the previous one committed, and no two get the same version number.
 */
export async function finalizeBoard(
	db: Database,
	actor: UsulanActor,
	input: { meetingId: string },
	deps: FinalizeDeps,
	now = new Date()
): Promise<FinalizeResult> {
	const parsed = finalizeInput.safeParse(input);
	const meetingId = parsed.success ? parsed.data.meetingId : '';
	if (!z.uuid().safeParse(meetingId).success) throw new UsulanServiceError('not_found');
	// Checked before the doc is loaded, so a refused caller never makes the server load a board.
	const [found] = await db.select().from(meeting).where(eq(meeting.id, meetingId));
	finalizable(actor, found);

	const board = await deps.openDoc(docName.board(meetingId));
	try {
		const result = await db.transaction(async (tx) => {
			const [user, current] = finalizable(actor, await lockMeeting(tx, meetingId));
			const snap = finalizeSnapshot(board.doc, { sectors: current.sectorCodes });
			const content = versionContent(snap);
			const hash = contentHash(content);

			const [latest] = await tx
				.select()
				.from(boardVersion)
				.where(eq(boardVersion.meetingId, meetingId))
				.orderBy(desc(boardVersion.version))
				.limit(1);
			if (latest && latest.contentHash === hash) {
				return {
					version: latest,
					usulan: await usulanOfVersion(tx, latest.id),
					skipped: latest.skipped,
					created: false
				};
			}

			const [version] = await tx
				.insert(boardVersion)
				.values({
					meetingId,
					version: (latest?.version ?? 0) + 1,
					contentHash: hash,
					skipped: content.skipped,
					createdBy: user.id,
					createdAt: now
				})
				.returning();
			const rows: NewUsulan[] = content.usulan.map((u) => ({
				boardVersionId: version.id,
				meetingId,
				itemId: u.id,
				rank: u.rank,
				title: u.title,
				problem: u.problem,
				locationText: u.locationText,
				rt: u.rt,
				rw: u.rw,
				sector: u.sector,
				volume: u.volume,
				unit: u.unit,
				estimatedCost: u.estimatedCost,
				fundingSource: u.fundingSource,
				proposers: u.proposers,
				mergeHistory: u.mergeHistory,
				mergedItems: u.mergedItems,
				createdAt: new Date(u.createdAt),
				createdBy: u.createdBy
			}));
			const inserted: Usulan[] = [];
			for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
				inserted.push(
					...(await tx
						.insert(usulan)
						.values(rows.slice(i, i + INSERT_CHUNK))
						.returning())
				);
			}
			inserted.sort((a, b) => a.rank - b.rank);

			await appendAudit(tx, {
				actor: { kind: 'user', id: user.id },
				action: 'board.finalized',
				subject: { type: 'meeting', id: meetingId },
				after: {
					version: version.version,
					count: inserted.length,
					skipped: content.skipped.length,
					hash
				},
				at: now
			});
			return { version, usulan: inserted, skipped: content.skipped, created: true };
		});
		if (result.created) emitDomainEvent({ type: 'meeting.changed', meetingId });
		return result;
	} finally {
		board.release();
	}
}
