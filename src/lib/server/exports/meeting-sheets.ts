/**
 * The tables a meeting can be downloaded as, each one {@link Sheet}: the ranked usulan with the
 * columns staff key into SIPD, every vote's tally option by option, the attendance figures, and —
 * only when a staff member asks for it — the attendance list with names.
 *
 * The builders are pure (data in, sheet out); the loaders read what they need. A new table (plan
 * items with their progress) is one more entry in {@link meetingExports}.
 *
 * Files are written in Indonesian whatever the reader's language: they are keyed into SIPD and
 * passed around the kantor kelurahan.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import {
	attendanceFigures,
	countsAsAttendee,
	type AttendanceParticipant
} from '../../domain/attendance.ts';
import type { VoteMethod } from '../../domain/votes/methods.ts';
import type { TallyResult } from '../../domain/votes/tally.ts';
import * as m from '../../paraglide/messages.js';
import type { Queryable } from '../db/client.ts';
import { participant, sector, type Meeting, type Usulan } from '../db/schema/index.ts';
import {
	meetingRecord,
	type BreakdownRow,
	type RecordDecision,
	type RecordVote
} from '../meetings/record.ts';
import { latestBoardVersion } from '../usulan/queries.ts';
import { numFmt, type CellValue, type Sheet } from './sheet.ts';

export type ExportLocale = 'id' | 'en';
type Opts = { locale: ExportLocale };
const ID: Opts = { locale: 'id' };

const yesNo = (value: boolean, o: Opts) => (value ? m.ex_yes({}, o) : m.ex_no({}, o));
const round = (n: number | null, digits: number) =>
	n === null || !Number.isFinite(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// Usulan

export type UsulanColumn =
	| 'rank'
	| 'activity'
	| 'location'
	| 'rt'
	| 'rw'
	| 'volume'
	| 'unit'
	| 'sector'
	| 'cost'
	| 'funding'
	| 'problem'
	| 'proposers'
	| 'version';

export type UsulanList = {
	version: number;
	usulan: Pick<
		Usulan,
		| 'rank'
		| 'title'
		| 'locationText'
		| 'rt'
		| 'rw'
		| 'volume'
		| 'unit'
		| 'sector'
		| 'estimatedCost'
		| 'fundingSource'
		| 'problem'
		| 'proposers'
	>[];
};

const fundingLabels: Record<Usulan['fundingSource'], (i: object, o: Opts) => string> = {
	dana_kelurahan: m.board_funding_dana_kelurahan,
	swadaya: m.board_funding_swadaya,
	csr: m.board_funding_csr,
	lsm: m.board_funding_lsm,
	lainnya: m.board_funding_lainnya
};

/**
 * How many people proposed an usulan (its merged duplicates' proposers included). Someone who
 * proposed both duplicates counts once. Their names never leave the board.
 */
export function proposerCount(proposers: Usulan['proposers']): number {
	return new Set(
		proposers.map((p) => p.participantId ?? `${p.name.trim().toLowerCase()}|${p.rt}|${p.rw}`)
	).size;
}

/**
 * The final list in rank order, columns in the order SIPD asks for them, then the problem, how
 * many proposed it, and the list version. No list yet: the headers alone.
 */
export function usulanSheet(
	list: UsulanList | null,
	sectorNames: ReadonlyMap<string, string>,
	o: Opts = ID
): Sheet<UsulanColumn> {
	return {
		name: m.ex_sheet_usulan({}, o),
		columns: [
			{ key: 'rank', header: m.ex_col_rank({}, o), width: 10, numFmt: numFmt.count },
			{ key: 'activity', header: m.ex_col_activity({}, o), width: 40 },
			{ key: 'location', header: m.ex_col_location({}, o), width: 28 },
			{ key: 'rt', header: m.ex_col_rt({}, o), width: 6, numFmt: numFmt.count },
			{ key: 'rw', header: m.ex_col_rw({}, o), width: 6, numFmt: numFmt.count },
			{ key: 'volume', header: m.ex_col_volume({}, o), width: 10 },
			{ key: 'unit', header: m.ex_col_unit({}, o), width: 12 },
			{ key: 'sector', header: m.ex_col_sector({}, o), width: 28 },
			{ key: 'cost', header: m.ex_col_cost({}, o), width: 20, numFmt: numFmt.rupiah },
			{ key: 'funding', header: m.ex_col_funding({}, o), width: 22 },
			{ key: 'problem', header: m.ex_col_problem({}, o), width: 40 },
			{ key: 'proposers', header: m.ex_col_proposers({}, o), width: 16, numFmt: numFmt.count },
			{ key: 'version', header: m.ex_col_list_version({}, o), width: 13, numFmt: numFmt.count }
		],
		rows: [...(list?.usulan ?? [])]
			.sort((a, b) => a.rank - b.rank)
			.map((u) => ({
				rank: u.rank,
				activity: u.title,
				location: u.locationText,
				rt: u.rt,
				rw: u.rw,
				volume: u.volume,
				unit: u.unit,
				sector: sectorNames.get(u.sector) ?? u.sector,
				cost: u.estimatedCost,
				funding: fundingLabels[u.fundingSource]?.({}, o) ?? u.fundingSource,
				problem: u.problem,
				proposers: proposerCount(u.proposers),
				version: list!.version
			}))
	};
}

async function loadUsulanSheet(db: Queryable, meeting: Meeting, o: Opts = ID) {
	const [latest, sectors] = await Promise.all([
		latestBoardVersion(db, meeting.id),
		db
			.select({ code: sector.code, nameId: sector.nameId, nameEn: sector.nameEn })
			.from(sector)
			.where(eq(sector.kelurahanId, meeting.kelurahanId))
	]);
	const names = new Map(sectors.map((s) => [s.code, o.locale === 'en' ? s.nameEn : s.nameId]));
	return usulanSheet(
		latest && { version: latest.version.version, usulan: latest.usulan },
		names,
		o
	);
}

// ---------------------------------------------------------------------------------------------
// Votes

export type VoteColumn =
	| 'vote'
	| 'method'
	| 'status'
	| 'opened'
	| 'closed'
	| 'eligible'
	| 'turnout'
	| 'quorumMet'
	| 'option'
	| 'optionCost'
	| 'phone'
	| 'hands'
	| 'paper'
	| 'total'
	| 'score'
	| 'place'
	| 'result'
	| 'decision'
	| 'decisionNote';

const methodLabels: Record<VoteMethod, (i: object, o: Opts) => string> = {
	yes_no: m.votes_method_yes_no,
	approval: m.votes_method_approval,
	dots: m.votes_method_dots,
	score: m.votes_method_score,
	criteria: m.votes_method_criteria,
	ranked: m.votes_method_ranked,
	budget: m.votes_method_budget
};

const answerLabels = { yes: m.tally_yes, no: m.tally_no, abstain: m.tally_abstain };

const budgetLabels = {
	selected: m.tally_budget_selected,
	does_not_fit: m.tally_budget_does_not_fit,
	no_support: m.tally_budget_no_support
};

function outcomeLabel(d: RecordDecision, subject: RecordVote['subject'], o: Opts): string {
	switch (d.outcome) {
		case 'agreed':
			return m.votes_outcome_agreed({}, o);
		case 'deferred':
			return m.votes_outcome_deferred({}, o);
		case 'elected':
			return m.votes_outcome_elected({}, o);
		case 'rejected':
			return subject === 'candidates'
				? m.votes_outcome_not_elected({}, o)
				: m.votes_outcome_rejected({}, o);
	}
}

/** Per option: its place, a score for methods that give one, and what the result says of it. */
type OptionResult = { score: number | null; place: number | null; notes: string[] };

function optionResults(result: TallyResult, o: Opts): Map<string, OptionResult> {
	const out = new Map<string, OptionResult>();
	const entry = (id: string) => {
		let e = out.get(id);
		if (!e) out.set(id, (e = { score: null, place: null, notes: [] }));
		return e;
	};
	const standings = (list: { optionId: string; place: number; tied: boolean }[]) => {
		for (const s of list) {
			const e = entry(s.optionId);
			e.place = s.place;
			if (s.tied) e.notes.push(m.ex_result_tied({}, o));
		}
	};
	switch (result.method) {
		case 'yes_no':
			break;
		case 'approval':
		case 'dots':
			standings(result.standings);
			break;
		case 'budget':
			standings(result.standings);
			for (const opt of result.options)
				entry(opt.optionId).notes.push(budgetLabels[opt.status]({}, o));
			break;
		case 'score':
			standings(result.standings);
			for (const opt of result.options) entry(opt.optionId).score = round(opt.mean, 2);
			break;
		case 'criteria':
			standings(result.standings);
			for (const opt of result.options) entry(opt.optionId).score = round(opt.weightedMean, 2);
			break;
		case 'ranked':
			standings(result.borda.standings);
			for (const p of result.borda.points) entry(p.optionId).score = p.points;
			if (result.irv.winner) entry(result.irv.winner).notes.unshift(m.ex_result_irv_winner({}, o));
			break;
	}
	return out;
}

/**
 * One row per vote and option (per answer for a yes / no vote), vote facts repeated on each row
 * so the sheet can be filtered. Phone, hands and paper counts apart, for methods whose result is
 * a count per option; score, criteria and ranked results give their score and place instead.
 */
export function votesSheet(
	votes: readonly RecordVote[],
	decisions: readonly RecordDecision[],
	o: Opts = ID
): Sheet<VoteColumn> {
	const rows: Record<VoteColumn, CellValue>[] = [];
	for (const v of votes) {
		const own = decisions.filter((d) => d.voteId === v.id);
		const decided = (optionId: string | null) => {
			const ds = own.filter((d) => d.optionId === optionId);
			return {
				decision: ds.map((d) => outcomeLabel(d, v.subject, o)).join('; ') || null,
				decisionNote:
					ds
						.map((d) => d.note)
						.filter(Boolean)
						.join('; ') || null
			};
		};
		const base = {
			vote: v.title,
			method: methodLabels[v.method]({}, o),
			status: v.status === 'closed' ? m.votes_status_closed({}, o) : m.votes_status_open({}, o),
			opened: v.openedAt,
			closed: v.closedAt,
			eligible: v.eligible,
			turnout: v.turnout,
			quorumMet: v.quorumRule.kind === 'none' ? m.ex_quorum_none({}, o) : yesNo(v.quorum.met, o)
		};
		const counts = (r: BreakdownRow | undefined) => ({
			phone: r?.phone ?? null,
			hands: r?.hands ?? null,
			paper: r?.paper ?? null,
			total: r?.total ?? null
		});

		if (v.result.method === 'yes_no') {
			const passed = v.result.passed ? m.tally_passed({}, o) : m.tally_rejected({}, o);
			for (const r of v.breakdown.rows) {
				rows.push({
					...base,
					option: r.answer ? answerLabels[r.answer]({}, o) : r.label,
					optionCost: null,
					...counts(r),
					score: null,
					place: null,
					result: passed,
					...decided(null)
				});
			}
			continue;
		}

		const results = optionResults(v.result, o);
		const byOption = new Map(v.breakdown.rows.map((r) => [r.optionId, r]));
		for (const opt of v.options) {
			const res = results.get(opt.id);
			rows.push({
				...base,
				option: opt.label,
				optionCost: opt.cost,
				...counts(byOption.get(opt.id)),
				score: res?.score ?? null,
				place: res?.place ?? null,
				result: res?.notes.join('; ') || null,
				...decided(opt.id)
			});
		}
		if (v.options.length === 0) {
			rows.push({
				...base,
				option: null,
				optionCost: null,
				...counts(undefined),
				score: null,
				place: null,
				result: null,
				decision: null,
				decisionNote: null
			});
		}
	}
	return {
		name: m.ex_sheet_votes({}, o),
		columns: [
			{ key: 'vote', header: m.ex_col_vote({}, o), width: 32 },
			{ key: 'method', header: m.ex_col_method({}, o), width: 26 },
			{ key: 'status', header: m.ex_col_status({}, o), width: 10 },
			{ key: 'opened', header: m.ex_col_opened({}, o), width: 17, numFmt: numFmt.dateTime },
			{ key: 'closed', header: m.ex_col_closed({}, o), width: 17, numFmt: numFmt.dateTime },
			{ key: 'eligible', header: m.ex_col_eligible({}, o), width: 15, numFmt: numFmt.count },
			{ key: 'turnout', header: m.ex_col_turnout({}, o), width: 15, numFmt: numFmt.count },
			{ key: 'quorumMet', header: m.ex_col_quorum_met({}, o), width: 16 },
			{ key: 'option', header: m.ex_col_option({}, o), width: 32 },
			{ key: 'optionCost', header: m.ex_col_option_cost({}, o), width: 18, numFmt: numFmt.rupiah },
			{ key: 'phone', header: m.ex_col_phone({}, o), width: 14, numFmt: numFmt.count },
			{ key: 'hands', header: m.ex_col_hands({}, o), width: 14, numFmt: numFmt.count },
			{ key: 'paper', header: m.ex_col_paper({}, o), width: 10, numFmt: numFmt.count },
			{ key: 'total', header: m.ex_col_total({}, o), width: 13, numFmt: numFmt.count },
			{ key: 'score', header: m.ex_col_score({}, o), width: 10 },
			{ key: 'place', header: m.ex_col_rank({}, o), width: 10, numFmt: numFmt.count },
			{ key: 'result', header: m.ex_col_result({}, o), width: 28 },
			{ key: 'decision', header: m.ex_col_decision({}, o), width: 14 },
			{ key: 'decisionNote', header: m.ex_col_decision_note({}, o), width: 30 }
		],
		rows
	};
}

async function loadVotesSheet(db: Queryable, meeting: Meeting, o: Opts = ID) {
	const record = await meetingRecord(db, meeting.id);
	return votesSheet(record?.votes ?? [], record?.decisions ?? [], o);
}

// ---------------------------------------------------------------------------------------------
// Attendance

export type AttendanceColumn = 'section' | 'item' | 'count' | 'share';

/**
 * The attendance as figures, one row per group: present and verified, by gender, age group,
 * disability, affiliation, RW (every RW of the meeting's area, even with nobody) and RT. Counts
 * follow the berita acara's: removed people and merged duplicates are not there. Shares are of
 * everyone present (an unanswered question counts as "not given").
 */
export function attendanceSheet(
	people: readonly AttendanceParticipant[],
	rwScope: readonly number[],
	o: Opts = ID
): Sheet<AttendanceColumn> {
	const figures = attendanceFigures(people, { rwScope });
	const present = people.filter(countsAsAttendee);
	const total = figures.total;
	const rows: Record<AttendanceColumn, CellValue>[] = [];
	const add = (section: string, item: string, count: number) =>
		rows.push({ section, item, count, share: total > 0 ? round(count / total, 4) : null });
	const tallyBy = <T>(pick: (p: AttendanceParticipant) => T) => {
		const counts = new Map<T, number>();
		for (const p of present) counts.set(pick(p), (counts.get(pick(p)) ?? 0) + 1);
		return (key: T) => counts.get(key) ?? 0;
	};
	const notGiven = m.ex_att_not_given({}, o);

	const sTotal = m.ex_att_section_total({}, o);
	add(sTotal, m.ex_att_total({}, o), total);
	add(sTotal, m.ex_att_verified({}, o), figures.verified);

	const gender = tallyBy((p) => p.gender);
	const sGender = m.ex_att_section_gender({}, o);
	add(sGender, m.join_gender_female({}, o), gender('female'));
	add(sGender, m.join_gender_male({}, o), gender('male'));
	add(sGender, notGiven, gender(null));

	const age = tallyBy((p) => p.ageGroup);
	const sAge = m.ex_att_section_age({}, o);
	add(sAge, m.join_age_youth({}, o), age('youth'));
	add(sAge, m.join_age_adult({}, o), age('adult'));
	add(sAge, m.join_age_elderly({}, o), age('elderly'));
	add(sAge, notGiven, age(null));

	const disability = tallyBy((p) => p.disability);
	const sDisability = m.ex_att_section_disability({}, o);
	add(sDisability, m.ex_yes({}, o), disability(true));
	add(sDisability, m.ex_no({}, o), disability(false));
	add(sDisability, notGiven, disability(null));

	const sAffiliation = m.ex_att_section_affiliation({}, o);
	const affiliationLabels = {
		warga: m.attendance_affiliation_warga,
		lsm: m.attendance_affiliation_lsm,
		swasta: m.attendance_affiliation_swasta,
		pemerintah: m.attendance_affiliation_pemerintah,
		tokoh: m.attendance_affiliation_tokoh,
		unknown: m.attendance_affiliation_unknown
	};
	for (const [key, label] of Object.entries(affiliationLabels)) {
		add(sAffiliation, label({}, o), figures.affiliation[key as keyof typeof affiliationLabels]);
	}

	const pad = (n: number) => String(n).padStart(2, '0');
	const sRw = m.ex_att_section_rw({}, o);
	for (const r of figures.byRw) {
		const rw = pad(r.rw);
		add(sRw, r.inScope ? m.ex_att_rw({ rw }, o) : m.ex_att_rw_outside({ rw }, o), r.count);
	}
	if (figures.unknownRw > 0) add(sRw, notGiven, figures.unknownRw);

	const sRt = m.ex_att_section_rt({}, o);
	const rtKey = (p: AttendanceParticipant) => `${p.rw ?? ''}/${p.rt ?? ''}`;
	const rt = tallyBy(rtKey);
	// "not given" sorts after every number
	const order = (n: number | null) => n ?? Number.MAX_SAFE_INTEGER;
	const pairs = [...new Map(present.map((p) => [rtKey(p), p])).values()].sort(
		(a, b) => order(a.rw) - order(b.rw) || order(a.rt) - order(b.rt)
	);
	for (const p of pairs) {
		const parts: string[] = [];
		if (p.rt !== null) parts.push(m.ex_att_rt({ rt: pad(p.rt) }, o));
		if (p.rw !== null) parts.push(m.ex_att_rw({ rw: pad(p.rw) }, o));
		add(sRt, parts.length > 0 ? parts.join(' / ') : notGiven, rt(rtKey(p)));
	}

	return {
		name: m.ex_sheet_attendance({}, o),
		columns: [
			{ key: 'section', header: m.ex_col_section({}, o), width: 24 },
			{ key: 'item', header: m.ex_col_item({}, o), width: 34 },
			{ key: 'count', header: m.ex_col_count({}, o), width: 14, numFmt: numFmt.count },
			{ key: 'share', header: m.ex_col_share({}, o), width: 22, numFmt: numFmt.percent }
		],
		rows
	};
}

/** Who counts and how; never the name. */
async function countedParticipants(
	db: Queryable,
	meetingId: string
): Promise<AttendanceParticipant[]> {
	const rows = await db
		.select({
			id: participant.id,
			verifiedAt: participant.verifiedAt,
			mergedInto: participant.mergedIntoId,
			rw: participant.rw,
			rt: participant.rt,
			gender: participant.gender,
			ageGroup: participant.ageGroup,
			disability: participant.disability,
			affiliation: participant.affiliation
		})
		.from(participant)
		.where(and(eq(participant.meetingId, meetingId), isNull(participant.removedAt)));
	return rows.map(({ verifiedAt, ...r }) => ({
		...r,
		verified: verifiedAt !== null,
		removed: false
	}));
}

async function loadAttendanceSheet(db: Queryable, meeting: Meeting, o: Opts = ID) {
	return attendanceSheet(await countedParticipants(db, meeting.id), meeting.rwScope, o);
}

export type AttendanceListColumn = 'number' | 'name' | 'rt' | 'rw' | 'verified';

export type ListedParticipant = {
	displayName: string;
	rt: number | null;
	rw: number | null;
	verified: boolean;
};

/**
 * The attendance list: names, RT, RW and whether the facilitator verified them, in the order
 * people joined. Personal data: built only when a staff member asks for it, and audited.
 */
export function attendanceListSheet(
	people: readonly ListedParticipant[],
	o: Opts = ID
): Sheet<AttendanceListColumn> {
	return {
		name: m.ex_sheet_attendance_list({}, o),
		columns: [
			{ key: 'number', header: m.ex_col_number({}, o), width: 6, numFmt: numFmt.count },
			{ key: 'name', header: m.ex_col_name({}, o), width: 32 },
			{ key: 'rt', header: m.ex_col_rt({}, o), width: 6, numFmt: numFmt.count },
			{ key: 'rw', header: m.ex_col_rw({}, o), width: 6, numFmt: numFmt.count },
			{ key: 'verified', header: m.ex_col_verified({}, o), width: 13 }
		],
		rows: people.map((p, i) => ({
			number: i + 1,
			name: p.displayName,
			rt: p.rt,
			rw: p.rw,
			verified: yesNo(p.verified, o)
		}))
	};
}

async function loadAttendanceListSheet(db: Queryable, meeting: Meeting, o: Opts = ID) {
	const rows = await db
		.select({
			displayName: participant.displayName,
			rt: participant.rt,
			rw: participant.rw,
			verifiedAt: participant.verifiedAt
		})
		.from(participant)
		.where(
			and(
				eq(participant.meetingId, meeting.id),
				isNull(participant.removedAt),
				// a merged duplicate is the same person as the one it was merged into
				isNull(participant.mergedIntoId)
			)
		)
		.orderBy(asc(participant.joinedAt), asc(participant.id));
	return attendanceListSheet(
		rows.map(({ verifiedAt, ...r }) => ({ ...r, verified: verifiedAt !== null })),
		o
	);
}

// ---------------------------------------------------------------------------------------------
// The registry

export type MeetingExport = {
	/** The start of the file name: `usulan-<meeting>-<day>.csv`. */
	fileStem: string;
	/** Holds residents' personal data: only on an explicit request, which is audited. */
	personal: boolean;
	load(db: Queryable, meeting: Meeting, o?: Opts): Promise<Sheet>;
};

/** Every table a meeting can be downloaded as. */
export const meetingExports = {
	usulan: { fileStem: 'usulan', personal: false, load: loadUsulanSheet },
	votes: { fileStem: 'hasil-suara', personal: false, load: loadVotesSheet },
	attendance: { fileStem: 'kehadiran', personal: false, load: loadAttendanceSheet },
	attendanceList: { fileStem: 'daftar-hadir', personal: true, load: loadAttendanceListSheet }
} satisfies Record<string, MeetingExport>;

export type MeetingExportKey = keyof typeof meetingExports;

/** The sheets, in the order given, for one meeting (the caller checks access). */
export async function loadMeetingSheets(
	db: Queryable,
	meeting: Meeting,
	keys: readonly MeetingExportKey[],
	o: Opts = ID
): Promise<Sheet[]> {
	return Promise.all(keys.map((k) => meetingExports[k].load(db, meeting, o)));
}
