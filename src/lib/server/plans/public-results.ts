/**
 * What the public results page of a meeting shows, and when it shows it. Built from the meeting
 * record and the usulan fates, then copied field by field into a shape that holds no personal
 * data: no participant, proposer, candidate or staff name, no join code, no note typed about a
 * person (only the meeting's decision notes and the plan's reasons).
 */
import { inclusionGroups, type InclusionGroup } from '../../domain/attendance.ts';
import type { MeetingKind } from '../../domain/meeting-input.ts';
import { meetingPhase, type MeetingPhase } from '../../domain/meeting-phase.ts';
import type { Standing, FateCode, FateItem } from '../../components/plans/fate/fate-text.ts';
import type { Queryable } from '../db/client.ts';
import { meetingRecord } from '../meetings/record.ts';
import { getMeeting } from '../meetings/service.ts';
import { usulanFates, type UsulanFate } from './fates.ts';

export type PublicPlanItem = FateItem & {
	planTitle: string;
	activity: string;
	budget: number;
	startDate: string | null;
	endDate: string | null;
};

export type PublicUsulan = {
	rank: number;
	title: string;
	rt: number | null;
	rw: number | null;
	locationText: string;
	sector: { nameId: string; nameEn: string };
	estimatedCost: number | null;
	votes: { title: string; standing: Standing | null }[];
	decision: {
		outcome: 'agreed' | 'rejected' | 'deferred';
		rank: number | null;
		note: string;
	} | null;
	planItems: PublicPlanItem[];
	fate: FateCode;
};

export type PublicResults = {
	meeting: {
		id: string;
		title: string;
		kind: MeetingKind;
		startsAt: Date | null;
		place: string;
		kelurahan: { name: string; kecamatan: string; city: string } | null;
		/** Closed or finalized; otherwise the page says the results may still change. */
		ended: boolean;
	};
	/** Figures only: how many came, and how many of them are in each inclusion group. */
	attendance: { total: number; groups: { group: InclusionGroup; count: number }[] };
	/** How many delegates were elected: never who. */
	delegates: number;
	/** The latest final list in rank order; null when the board was never finalized. */
	usulan: PublicUsulan[] | null;
};

/**
 * Residents see a meeting's results once it has ended (closed or finalized), or — because a
 * facilitator may forget to press "close" while staff already plan from its decisions — once it
 * has a final list and at least one decision on an usulan of it. Before that the list is still
 * being worked on in the room, and a draft meeting has nothing to show: both are "not found".
 */
export function resultsArePublic(phase: MeetingPhase, finalList: boolean, decided: number) {
	return phase === 'closed' || phase === 'finalized' || (finalList && decided > 0);
}

function publicUsulan(f: UsulanFate, sector: PublicUsulan['sector']): PublicUsulan {
	return {
		rank: f.rank,
		title: f.title,
		rt: f.rt,
		rw: f.rw,
		locationText: f.locationText,
		sector,
		estimatedCost: f.estimatedCost,
		votes: f.votes.map((v) => ({
			title: v.title,
			standing: v.standing && {
				place: v.standing.place,
				value: v.standing.value,
				unit: v.standing.unit,
				turnout: v.standing.turnout
			}
		})),
		decision:
			f.decision && f.decision.outcome !== 'elected'
				? { outcome: f.decision.outcome, rank: f.decision.rank, note: f.decision.note }
				: null,
		planItems: f.planItems.map((i) => ({
			planTitle: i.planTitle,
			year: i.year,
			activity: i.activity,
			status: i.status,
			budget: i.budget,
			startDate: i.startDate,
			endDate: i.endDate,
			carriedOver: i.carriedOver,
			carryOverReason: i.carryOverReason,
			cancelReason: i.cancelReason,
			percent: i.percent,
			reportedOn: i.reportedOn
		})),
		fate: f.fate
	};
}

/** The public results of a meeting, or null when there is none to show (see resultsArePublic). */
export async function publicResults(
	db: Queryable,
	meetingId: string
): Promise<PublicResults | null> {
	const row = await getMeeting(db, meetingId);
	// A draft has no list and no decisions: answer before reading anything else.
	if (!row || meetingPhase(row) === 'draft') return null;
	const [record, fates] = await Promise.all([meetingRecord(db, row.id), usulanFates(db, row.id)]);
	if (!record) return null;
	const decided = fates.filter((f) => f.decision !== null).length;
	if (!resultsArePublic(record.meeting.phase, record.finalList !== null, decided)) return null;

	const sectorByRank = new Map(
		(record.finalList?.usulan ?? []).map((u) => [
			u.rank,
			{ nameId: u.sector.nameId, nameEn: u.sector.nameEn }
		])
	);
	// A person elected in two elections is one delegate; the label is only counted, never shown.
	const delegates = new Set(
		record.decisions.filter((d) => d.outcome === 'elected').map((d) => d.label ?? d.id)
	).size;
	const f = record.meeting;
	return {
		meeting: {
			id: f.id,
			title: f.title,
			kind: f.kind,
			startsAt: f.startsAt,
			place: f.place,
			kelurahan: f.kelurahan && {
				name: f.kelurahan.name,
				kecamatan: f.kelurahan.kecamatan,
				city: f.kelurahan.city
			},
			ended: f.phase === 'closed' || f.phase === 'finalized'
		},
		attendance: {
			total: record.attendance.total,
			groups: inclusionGroups.map((group) => ({
				group,
				count: record.attendance.inclusion[group].count
			}))
		},
		delegates,
		usulan: record.finalList
			? fates.map((u) =>
					publicUsulan(u, sectorByRank.get(u.rank) ?? { nameId: u.sector, nameEn: u.sector })
				)
			: null
	};
}
