/**
 * The meeting record (*catatan rapat*): what happened in a meeting, as plain data, for the staff
 * page and for the berita acara printed from it. Meeting facts, attendance figures, the latest
 * final list, every vote that was held with its tally split by source (phones, hands, paper), and
 * the decisions.
 *
 * Counts only: no resident's name, answers or ballot appears here (attendance is figures, votes
 * are tallies, usulan leave out their proposers). The one exception is a delegate election, whose
 * options are the candidates themselves: who was elected is the decision.
 */
import { eq, inArray } from 'drizzle-orm';
import type { AttendanceFigures } from '../../domain/attendance.ts';
import {
	meetingPhase,
	meetingPhases,
	phaseTimestamp,
	type MeetingPhase
} from '../../domain/meeting-phase.ts';
import type { QuorumRule, QuorumStatus } from '../../domain/quorum.ts';
import { yesNoAnswers, type YesNoAnswer } from '../../domain/votes/ballot.ts';
import type { Count, ExtraSource } from '../../domain/votes/counts.ts';
import type { VoteMethod, VoteSettings } from '../../domain/votes/methods.ts';
import type { TallyResult } from '../../domain/votes/tally.ts';
import type { Queryable } from '../db/client.ts';
import {
	boardVersion,
	kelurahan,
	sector,
	user,
	usulan,
	type Decision,
	type Meeting,
	type Vote,
	type VoteOptionRow
} from '../db/schema/index.ts';
import { meetingAttendance } from '../participants/queries.ts';
import { latestBoardVersion } from '../usulan/queries.ts';
import { meetingVotes, type VoteOverview } from '../votes/queries.ts';
import type { VoteTally } from '../votes/tally.ts';
import { getMeeting } from './service.ts';

/** A meeting's stage and when it was reached (`draft`: when the meeting was created). */
export type RecordStage = { phase: MeetingPhase; at: Date };

export type RecordMeetingFacts = {
	id: string;
	title: string;
	kind: Meeting['kind'];
	/** Shown in the kelurahan's time (WIB) by the page. */
	startsAt: Date | null;
	place: string;
	agenda: string[];
	/** RW numbers the meeting was for; empty = the whole kelurahan. */
	rwScope: number[];
	/** Pagu indikatif, whole Rupiah. */
	budgetCeiling: number | null;
	quorum: QuorumRule;
	voters: Meeting['voters'];
	kelurahan: { name: string; kecamatan: string; city: string } | null;
	phase: MeetingPhase;
	/** Every stage reached, in order. */
	stages: RecordStage[];
	/** When the facilitator locked the board, if it is locked now. */
	boardLockedAt: Date | null;
};

export type RecordUsulan = {
	rank: number;
	title: string;
	rt: number | null;
	rw: number | null;
	locationText: string;
	sector: { code: string; nameId: string; nameEn: string };
	volume: number | null;
	unit: string;
	/** Whole Rupiah. */
	estimatedCost: number | null;
	fundingSource: string;
};

export type RecordFinalList = {
	version: number;
	createdAt: Date;
	/** Board items left out of this version because they were broken. */
	skipped: number;
	usulan: RecordUsulan[];
};

/** A number split by where it came from; `total` = phone + hands + paper. */
export type SourceSplit = { phone: number; hands: number; paper: number; total: number };

/** One line of a vote's breakdown: an option, or an answer of a yes / no vote. */
export type BreakdownRow = SourceSplit & {
	/** The option id, or the answer (`yes`, `no`, `abstain`). */
	key: string;
	optionId: string | null;
	answer: YesNoAnswer | null;
	/** The option's label; null for a yes / no answer (the page names it). */
	label: string | null;
};

export type RecordHybridCount = {
	id: string;
	source: ExtraSource;
	/** How many people the counts are from. */
	voters: number;
	/** Per option (or answer), in ballot order; options nobody counted are left out. */
	counts: {
		key: string;
		optionId: string | null;
		answer: YesNoAnswer | null;
		label: string | null;
		count: number;
	}[];
	note: string;
	/** The staff account that entered it (display name), or null if the account is gone. */
	enteredBy: string | null;
	enteredAt: Date;
};

export type RecordVote = {
	id: string;
	title: string;
	subject: Vote['subject'];
	method: VoteMethod;
	settings: VoteSettings;
	secret: boolean;
	results: Vote['results'];
	eligibility: Vote['eligibility'];
	quorumRule: QuorumRule;
	durationSeconds: number | null;
	/** `open`: the vote is still running and its tally is provisional. */
	status: 'open' | 'closed';
	openedAt: Date | null;
	/** When it closed (by the facilitator, the meeting, or its timer); null while open. */
	closedAt: Date | null;
	/** True when the tally is the one stored at closing (with counts added since). */
	final: boolean;
	options: { id: string; label: string; cost: number | null; usulanId: string | null }[];
	result: TallyResult;
	/** Everyone counted: phone ballots plus people in hands / paper counts. */
	turnout: number;
	phoneBallots: number;
	/** People who could vote (at closing, for a closed vote). */
	eligible: number;
	quorum: QuorumStatus;
	/**
	 * The tally split by source. `rows` only for methods whose result is a sum per option
	 * (yes / no, approval, dots, budget); score, criteria and ranked results have no per-option
	 * counts to split, so only `turnout` is given.
	 */
	breakdown: { rows: BreakdownRow[]; turnout: SourceSplit };
	hybrid: RecordHybridCount[];
};

export type RecordDecision = {
	id: string;
	voteId: string;
	voteTitle: string;
	outcome: Decision['outcome'];
	/** The place the meeting confirmed, for a ranked list. */
	rank: number | null;
	/** null: the decision on the motion as a whole (a yes / no vote without options). */
	optionId: string | null;
	label: string | null;
	usulan: { id: string; rank: number; title: string; version: number } | null;
	note: string;
	decidedBy: string | null;
	decidedAt: Date;
};

export type MeetingRecord = {
	meeting: RecordMeetingFacts;
	attendance: AttendanceFigures;
	/** The latest final list, or null when the board was never finalized. */
	finalList: RecordFinalList | null;
	/** Every vote that was opened, in the order they were opened. Drafts are left out. */
	votes: RecordVote[];
	/** Every decision, vote by vote, in the order they were taken. */
	decisions: RecordDecision[];
	generatedAt: Date;
};

/** The record of a meeting, or null when there is no such meeting. The caller checks access. */
export async function meetingRecord(
	db: Queryable,
	meetingId: string,
	now = new Date()
): Promise<MeetingRecord | null> {
	const m = await getMeeting(db, meetingId);
	if (!m) return null;
	const [place, attendance, latest, overviews] = await Promise.all([
		db
			.select({ name: kelurahan.name, kecamatan: kelurahan.kecamatan, city: kelurahan.city })
			.from(kelurahan)
			.where(eq(kelurahan.id, m.kelurahanId)),
		meetingAttendance(db, m),
		latestBoardVersion(db, m.id),
		meetingVotes(db, m.id, now)
	]);
	const held = overviews
		.filter((o) => o.status !== 'draft' && o.vote.openedAt !== null)
		.sort(
			(a, b) =>
				a.vote.openedAt!.getTime() - b.vote.openedAt!.getTime() ||
				a.vote.createdAt.getTime() - b.vote.createdAt.getTime()
		);

	const decisionRows = held.flatMap((o) => o.decisions);
	const [sectors, names, decidedUsulan] = await Promise.all([
		latest ? sectorNames(db, m.kelurahanId) : new Map<string, { nameId: string; nameEn: string }>(),
		staffNames(db, [
			...held.flatMap((o) => o.hybrid.map((h) => h.enteredBy)),
			...decisionRows.map((d) => d.decidedBy)
		]),
		usulanOf(
			db,
			decisionRows.map((d) => d.usulanId)
		)
	]);

	return {
		meeting: meetingFacts(m, place[0] ?? null),
		attendance,
		finalList: latest && {
			version: latest.version.version,
			createdAt: latest.version.createdAt,
			skipped: latest.version.skipped.length,
			usulan: latest.usulan.map((u) => ({
				rank: u.rank,
				title: u.title,
				rt: u.rt,
				rw: u.rw,
				locationText: u.locationText,
				sector: {
					code: u.sector,
					nameId: sectors.get(u.sector)?.nameId ?? u.sector,
					nameEn: sectors.get(u.sector)?.nameEn ?? u.sector
				},
				volume: u.volume,
				unit: u.unit,
				estimatedCost: u.estimatedCost,
				fundingSource: u.fundingSource
			}))
		},
		votes: held.map((o) => recordVote(o, names)),
		decisions: held.flatMap((o) =>
			o.decisions.map((d) => recordDecision(d, o, names, decidedUsulan))
		),
		generatedAt: now
	};
}

function meetingFacts(m: Meeting, place: RecordMeetingFacts['kelurahan']): RecordMeetingFacts {
	const stages: RecordStage[] = [{ phase: 'draft', at: m.createdAt }];
	for (const phase of meetingPhases) {
		if (phase === 'draft') continue;
		const at = m[phaseTimestamp[phase]];
		if (at) stages.push({ phase, at });
	}
	return {
		id: m.id,
		title: m.title,
		kind: m.kind,
		startsAt: m.startsAt,
		place: m.place,
		agenda: m.agenda,
		rwScope: m.rwScope,
		budgetCeiling: m.budgetCeiling,
		quorum: m.quorum,
		voters: m.voters,
		kelurahan: place,
		phase: meetingPhase(m),
		stages,
		boardLockedAt: m.boardLockedAt
	};
}

/**
 * The tally the record shows: for a closed vote the one stored at closing (it keeps who could
 * vote then, even if people left later; counts added after closing update it), else the live one.
 */
function recordTally(o: VoteOverview): { tally: VoteTally; final: boolean } | null {
	const stored = o.vote.finalTally as VoteTally | null;
	if (o.status === 'closed' && stored && stored.result) return { tally: stored, final: true };
	return o.tally && { tally: o.tally, final: false };
}

function split(count: Count): SourceSplit {
	const { phone, hands, paper } = count.bySource;
	return { phone, hands, paper, total: count.total };
}

function breakdownRows(result: TallyResult, options: VoteOptionRow[]): BreakdownRow[] {
	const label = new Map(options.map((o) => [o.id, o.label]));
	switch (result.method) {
		case 'yes_no':
			return yesNoAnswers.map((answer) => ({
				key: answer,
				optionId: null,
				answer,
				label: null,
				...split(result.answers[answer])
			}));
		case 'approval':
		case 'dots':
		case 'budget':
			return result.options.map((c) => ({
				key: c.optionId,
				optionId: c.optionId,
				answer: null,
				label: label.get(c.optionId) ?? null,
				...split(c)
			}));
		default:
			return [];
	}
}

function recordVote(o: VoteOverview, names: Map<string, string>): RecordVote {
	const v = o.vote;
	const chosen = recordTally(o);
	if (!chosen) throw new Error(`vote ${v.id} was opened but has no tally`);
	const { tally, final } = chosen;
	const labels = new Map(o.options.map((opt) => [opt.id, opt.label]));
	const closedAt = o.status === 'closed' ? (v.closedAt ?? v.closesAt ?? null) : null;
	return {
		id: v.id,
		title: v.title,
		subject: v.subject,
		method: v.method,
		settings: v.settings,
		secret: v.secret,
		results: v.results,
		eligibility: v.eligibility,
		quorumRule: v.quorum,
		durationSeconds: v.durationSeconds,
		status: o.status === 'closed' ? 'closed' : 'open',
		openedAt: v.openedAt,
		closedAt,
		final,
		options: o.options.map((opt) => ({
			id: opt.id,
			label: opt.label,
			cost: opt.cost,
			usulanId: opt.usulanId
		})),
		result: tally.result,
		turnout: tally.result.turnout.total,
		phoneBallots: tally.phoneBallots,
		eligible: tally.eligible,
		quorum: tally.quorum,
		breakdown: {
			rows: breakdownRows(tally.result, o.options),
			turnout: split(tally.result.turnout)
		},
		hybrid: o.hybrid.map((h) => {
			const keys = v.method === 'yes_no' ? [...yesNoAnswers] : o.options.map((opt) => opt.id);
			return {
				id: h.id,
				source: h.source,
				voters: h.voters,
				counts: keys
					.filter((k) => (h.counts[k] ?? 0) > 0)
					.map((k) => {
						const answer = v.method === 'yes_no' ? (k as YesNoAnswer) : null;
						return {
							key: k,
							optionId: answer ? null : k,
							answer,
							label: answer ? null : (labels.get(k) ?? null),
							count: h.counts[k]
						};
					}),
				note: h.note,
				enteredBy: h.enteredBy ? (names.get(h.enteredBy) ?? null) : null,
				enteredAt: h.enteredAt
			};
		})
	};
}

function recordDecision(
	d: Decision,
	o: VoteOverview,
	names: Map<string, string>,
	decided: Map<string, NonNullable<RecordDecision['usulan']>>
): RecordDecision {
	return {
		id: d.id,
		voteId: o.vote.id,
		voteTitle: o.vote.title,
		outcome: d.outcome,
		rank: d.rank,
		optionId: d.optionId,
		label: d.optionId ? (o.options.find((opt) => opt.id === d.optionId)?.label ?? null) : null,
		usulan: d.usulanId ? (decided.get(d.usulanId) ?? null) : null,
		note: d.note,
		decidedBy: d.decidedBy ? (names.get(d.decidedBy) ?? null) : null,
		decidedAt: d.decidedAt
	};
}

/** Sector names of a kelurahan by code, archived ones too (an old list may use them). */
async function sectorNames(db: Queryable, kelurahanId: string) {
	const rows = await db
		.select({ code: sector.code, nameId: sector.nameId, nameEn: sector.nameEn })
		.from(sector)
		.where(eq(sector.kelurahanId, kelurahanId));
	return new Map(rows.map((r) => [r.code, { nameId: r.nameId, nameEn: r.nameEn }]));
}

/** Display names of staff accounts by id (facilitators who entered counts or decided). */
async function staffNames(db: Queryable, ids: (string | null)[]): Promise<Map<string, string>> {
	const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
	if (wanted.length === 0) return new Map();
	const rows = await db
		.select({ id: user.id, displayName: user.displayName })
		.from(user)
		.where(inArray(user.id, wanted));
	return new Map(rows.map((r) => [r.id, r.displayName]));
}

/** The usulan decisions point at, with their rank and board version. */
async function usulanOf(db: Queryable, ids: (string | null)[]) {
	const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
	const out = new Map<string, NonNullable<RecordDecision['usulan']>>();
	if (wanted.length === 0) return out;
	const rows = await db
		.select({
			id: usulan.id,
			rank: usulan.rank,
			title: usulan.title,
			version: boardVersion.version
		})
		.from(usulan)
		.innerJoin(boardVersion, eq(usulan.boardVersionId, boardVersion.id))
		.where(inArray(usulan.id, wanted));
	for (const r of rows) out.set(r.id, r);
	return out;
}
