/**
 * The berita acara (official minutes) of a meeting, as plain data for the print page and the PDF.
 *
 * It is the meeting record (`meetingRecord()`: facts, attendance figures, the final list, every
 * vote with its tally split by source, the decisions) plus what only the signed paper needs: the
 * attendance list with names (a staff-only document; the record itself keeps counts only), the
 * elected delegates, the audit chain head the copy was made at, and the names for the signature
 * block. The caller checks access (`staffMeetingFor`).
 */
import { formatDay, meetingSlug } from '../exports/sheet.ts';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { StaffActor } from '../auth/policy.ts';
import { auditChainHead } from '../audit/log.ts';
import type { Queryable } from '../db/client.ts';
import { decision, participant, voteOption, type Meeting } from '../db/schema/index.ts';
import { canManageMeeting } from './policy.ts';
import { meetingRecord, type MeetingRecord } from './record.ts';
import { getMeeting } from './service.ts';

/** One line of the attendance list (daftar hadir). */
export type Attendee = {
	/** 1, 2, … in the order people joined. */
	number: number;
	displayName: string;
	rt: number | null;
	rw: number | null;
	verified: boolean;
	joinedAt: Date;
};

/** A delegate the meeting elected (a decision `elected` in a delegate election). */
export type ElectedDelegate = {
	decisionId: string;
	/** The participant's name now, or the name on the ballot if the participant is gone. */
	name: string;
	rt: number | null;
	rw: number | null;
	voteTitle: string;
	/** The place the meeting confirmed, if it ranked the delegates. */
	rank: number | null;
	note: string;
	decidedAt: Date;
};

/** Names printed under the signature lines; null leaves a blank line to sign and write on. */
export type SignatureBlock = {
	chair: string | null;
	secretary: string | null;
	/** The elected delegates, each once, in the order they were elected. */
	delegates: string[];
};

export type BeritaAcara = {
	record: MeetingRecord;
	attendees: Attendee[];
	delegates: ElectedDelegate[];
	/** The newest audit entry when the document was made (id 0 and the genesis hash if none). */
	chainHead: { id: number; hash: string; at: Date | null };
	signatures: SignatureBlock;
	generatedAt: Date;
};

/** Longest chair's or secretary's name we print. */
export const SIGNER_NAME_MAX = 100;

const signerName = z
	.string()
	.transform((s) =>
		s
			.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
			.replace(/\s+/g, ' ')
			.trim()
	)
	.pipe(z.string().max(SIGNER_NAME_MAX));

export type SignerErrors = Partial<Record<'ketua' | 'sekretaris', 'too_long'>>;

/**
 * The chair's (`ketua`) and secretary's (`sekretaris`) names from a query string: trimmed, with
 * control characters and runs of spaces folded to one space; empty means "leave the line blank".
 * A name over {@link SIGNER_NAME_MAX} characters is an error (and left blank).
 */
export function parseSigners(params: URLSearchParams): {
	chair: string | null;
	secretary: string | null;
	values: { ketua: string; sekretaris: string };
	errors: SignerErrors;
} {
	const errors: SignerErrors = {};
	const read = (key: 'ketua' | 'sekretaris') => {
		const raw = params.get(key) ?? '';
		const parsed = signerName.safeParse(raw);
		if (!parsed.success) {
			errors[key] = 'too_long';
			return { value: raw.slice(0, SIGNER_NAME_MAX * 2), name: null };
		}
		return { value: parsed.data, name: parsed.data === '' ? null : parsed.data };
	};
	const ketua = read('ketua');
	const sekretaris = read('sekretaris');
	return {
		chair: ketua.name,
		secretary: sekretaris.name,
		values: { ketua: ketua.value, sekretaris: sekretaris.value },
		errors
	};
}

/**
 * The meeting a signed-in account may print minutes for (the same rule as every staff page of a
 * meeting: staff of its kelurahan), or why not: `unauthenticated` without an account, `not_found`
 * for no such meeting or another kelurahan's (its existence is not theirs to know).
 */
export async function staffMeetingFor(
	db: Queryable,
	actor: StaffActor | null,
	meetingId: string
): Promise<
	{ ok: true; meeting: Meeting } | { ok: false; reason: 'unauthenticated' | 'not_found' }
> {
	if (!actor) return { ok: false, reason: 'unauthenticated' };
	const row = await getMeeting(db, meetingId);
	if (!row || !canManageMeeting(actor, row)) return { ok: false, reason: 'not_found' };
	return { ok: true, meeting: row };
}

/** Everything the berita acara prints, or null when there is no such meeting. */
export async function beritaAcara(
	db: Queryable,
	meetingId: string,
	opts: { chair?: string | null; secretary?: string | null; now?: Date } = {}
): Promise<BeritaAcara | null> {
	const now = opts.now ?? new Date();
	const record = await meetingRecord(db, meetingId, now);
	if (!record) return null;
	const [attendees, delegates, chainHead] = await Promise.all([
		attendanceList(db, record.meeting.id),
		electedDelegates(db, record),
		auditChainHead(db)
	]);
	return {
		record,
		attendees,
		delegates,
		chainHead,
		signatures: {
			chair: blankToNull(opts.chair),
			secretary: blankToNull(opts.secretary),
			delegates: [...new Set(delegates.map((d) => d.name))]
		},
		generatedAt: now
	};
}

const blankToNull = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);

/**
 * Who attended, in the order they joined: neither removed participants nor duplicates merged into
 * someone else (a merged duplicate is also removed; the person is listed once, as the survivor).
 */
async function attendanceList(db: Queryable, meetingId: string): Promise<Attendee[]> {
	const rows = await db
		.select({
			displayName: participant.displayName,
			rt: participant.rt,
			rw: participant.rw,
			verifiedAt: participant.verifiedAt,
			joinedAt: participant.joinedAt
		})
		.from(participant)
		.where(
			and(
				eq(participant.meetingId, meetingId),
				isNull(participant.removedAt),
				isNull(participant.mergedIntoId)
			)
		)
		.orderBy(asc(participant.joinedAt), asc(participant.id));
	return rows.map(({ verifiedAt, ...r }, i) => ({
		number: i + 1,
		...r,
		verified: verifiedAt !== null
	}));
}

/**
 * The delegates among the record's (standing) decisions, vote by vote in the order the votes were
 * held, then by the rank the meeting confirmed. Names come from the participant now (a corrected
 * spelling shows), or from the ballot if the participant row is gone.
 */
async function electedDelegates(db: Queryable, record: MeetingRecord): Promise<ElectedDelegate[]> {
	const elected = record.decisions.filter((d) => d.outcome === 'elected');
	if (elected.length === 0) return [];
	const rows = await db
		.select({
			decisionId: decision.id,
			label: voteOption.label,
			participantName: participant.displayName,
			rt: participant.rt,
			rw: participant.rw
		})
		.from(decision)
		.leftJoin(voteOption, eq(voteOption.id, decision.optionId))
		.leftJoin(participant, eq(participant.id, voteOption.participantId))
		.where(
			inArray(
				decision.id,
				elected.map((d) => d.id)
			)
		);
	const byId = new Map(rows.map((r) => [r.decisionId, r]));
	const voteOrder = new Map(record.votes.map((v, i) => [v.id, i]));
	const last = Number.MAX_SAFE_INTEGER;
	return elected
		.map((d, i) => ({ d, i }))
		.sort(
			(a, b) =>
				(voteOrder.get(a.d.voteId) ?? last) - (voteOrder.get(b.d.voteId) ?? last) ||
				(a.d.rank ?? last) - (b.d.rank ?? last) ||
				a.i - b.i
		)
		.map(({ d }) => {
			const row = byId.get(d.id);
			return {
				decisionId: d.id,
				name: row?.participantName ?? row?.label ?? d.label ?? '',
				rt: row?.rt ?? null,
				rw: row?.rw ?? null,
				voteTitle: d.voteTitle,
				rank: d.rank,
				note: d.note,
				decidedAt: d.decidedAt
			};
		});
}

/** The PDF's file name: `berita-acara-<slug of the title>-<meeting date, WIB>.pdf`, ASCII only. */
export function beritaAcaraFileName(
	facts: { title: string; startsAt: Date | null },
	generatedAt: Date
): string {
	const slug = meetingSlug(facts.title, 60, 'musyawarah');
	const date = formatDay(facts.startsAt ?? generatedAt);
	return `berita-acara-${slug}-${date}.pdf`;
}
