/**
 * Adding an usulan from outside the socket: the no-JavaScript form and the JSON API. Phones with
 * JavaScript write the board doc themselves; these paths make the same edit as the server, on
 * its copy of the doc, so it is stored and broadcast like any phone's edit.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { docName } from '../../realtime/doc-names.ts';
import {
	addItem,
	itemInputSchema,
	readBoard,
	toFieldErrors,
	type BoardItemView,
	type FieldError,
	type ItemInput,
	type OpResult
} from '../../realtime/board/index.ts';
import type { Database } from '../db/client.ts';
import { participant } from '../db/schema/index.ts';
import { getMeeting } from '../meetings/service.ts';
import { docAccess, meetingAccessFacts, type RealtimeActor } from '../realtime/policy.ts';
import type { ServerDoc } from '../realtime/server.ts';

/**
 * Why an addition was refused before any field was looked at:
 * - `forbidden`: nobody signed in, or the meeting is not theirs (another meeting's resident,
 *   another kelurahan's staff, a removed participant, a meeting still in preparation);
 * - `not_found`: no such meeting;
 * - `read_only`: they may see the board but not write it now (locked, or past collecting).
 */
export type BoardServiceErrorCode = 'forbidden' | 'not_found' | 'read_only';

export class BoardServiceError extends Error {
	constructor(readonly code: BoardServiceErrorCode) {
		super(code);
		this.name = 'BoardServiceError';
	}
}

/** What writing the board needs of the realtime server (`runtime.realtime` satisfies it). */
export type BoardDeps = { openDoc(name: string): Promise<ServerDoc> };

/**
 * The new item's id and how the board now shows it, or the invalid fields (board reason codes,
 * `{ field: 'input', code: 'wrongType' }` when the input is not an object at all).
 */
export type AddUsulanResult =
	{ ok: true; id: string; item: BoardItemView | null } | { ok: false; errors: FieldError[] };

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** The resident's own row, for their RT and RW; null once the facilitator removed them. */
async function activeParticipant(
	db: Database,
	actor: { participantId: string; meetingId: string }
) {
	if (!z.uuid().safeParse(actor.participantId).success) return null;
	const [row] = await db
		.select({ displayName: participant.displayName, rt: participant.rt, rw: participant.rw })
		.from(participant)
		.where(
			and(
				eq(participant.id, actor.participantId),
				eq(participant.meetingId, actor.meetingId),
				isNull(participant.removedAt)
			)
		);
	return row ?? null;
}

/**
 * Adds an usulan at the end of the meeting's board, as the board model's `addItem` does on a
 * phone, and answers once the edit is stored. Only those the realtime policy lets write the
 * board may (so the socket, the form and the API always agree). A resident who names no proposer
 * is the proposer, with their name, RT and RW as they joined.
 *
 * Refusals of the caller throw `BoardServiceError`; invalid fields come back as `{ ok: false }`
 * and write nothing. Not audited: a board edit is co-edited state like every phone's edit; the
 * record of consequence is the finalized version, which is.
 */
export async function addUsulan(
	db: Database,
	actor: RealtimeActor | null,
	input: { meetingId: string; input: unknown },
	deps: BoardDeps,
	now = Date.now()
): Promise<AddUsulanResult> {
	if (!actor) throw new BoardServiceError('forbidden');
	const meeting = await getMeeting(db, input.meetingId);
	if (!meeting) throw new BoardServiceError('not_found');
	const access = docAccess(
		actor,
		{ kind: 'board', meetingId: meeting.id },
		meetingAccessFacts(meeting)
	);
	if (access === 'deny') throw new BoardServiceError('forbidden');
	if (access === 'read') throw new BoardServiceError('read_only');

	let item: unknown = input.input;
	let actorId: string;
	if (actor.kind === 'participant') {
		const me = await activeParticipant(db, actor);
		if (!me) throw new BoardServiceError('forbidden');
		actorId = actor.participantId;
		if (isRecord(item) && (item.proposers === undefined || item.proposers === null)) {
			item = {
				...item,
				proposers: [
					{ participantId: actor.participantId, name: me.displayName, rt: me.rt, rw: me.rw }
				]
			};
		}
	} else {
		actorId = actor.id;
	}

	const sectors = meeting.sectorCodes;
	// Checked before the doc is loaded, so junk never makes the server load a board.
	const parsed = itemInputSchema(sectors).safeParse(item);
	if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error) };

	const board = await deps.openDoc(docName.board(meeting.id));
	try {
		// Filled in by the transaction, which runs synchronously, tagged as the server's own edit.
		const outcome: { result?: OpResult<{ id: string }> } = {};
		board.transact((doc) => {
			outcome.result = addItem(doc, item as ItemInput, { sectors, actorId, now });
		});
		const result: OpResult<{ id: string }> = outcome.result ?? {
			ok: false,
			errors: [{ field: 'item', code: 'unreadable' }]
		};
		if (!result.ok) return result;
		await board.flush();
		const id = result.id;
		const view = readBoard(board.doc, { sectors }).items.find((i) => i.id === id) ?? null;
		return { ok: true, id, item: view };
	} finally {
		board.release();
	}
}
