/**
 * What became of an usulan, in words for residents and staff: the badge text ("Sedang dikerjakan
 * 40 %", "Masuk RKP 2027", "Dibawa ke tahun berikutnya: alasan"), how it stood in a vote, and
 * dates of progress reports. The shapes here are the public subset of the server's `UsulanFate`
 * (src/lib/server/plans/fates.ts), so pages can pass either.
 */
import { formatQuantity } from '$lib/components/board/format';
import type { PlanItemStatus } from '$lib/domain/plans/model';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/** Where an usulan stands, from the most advanced plan item down to the meeting's decision. */
export const fates = [
	'done',
	'in_progress',
	'planned',
	'carried_over',
	'cancelled',
	'agreed',
	'rejected',
	'deferred',
	'undecided'
] as const;
export type FateCode = (typeof fates)[number];

/** A plan item as far as its usulan's fate needs it. */
export type FateItem = {
	year: number;
	status: PlanItemStatus;
	carriedOver: boolean;
	carryOverReason: string | null;
	cancelReason: string | null;
	/** Latest reported percentage, null before the first report. */
	percent: number | null;
	/** `YYYY-MM-DD` of the latest report. */
	reportedOn: string | null;
};

export type FateSubject = { fate: FateCode; planItems: readonly FateItem[] };

/** The badge's colour family: finished, being done, on paper, waiting, stopped, undecided. */
export type FateTone = 'done' | 'active' | 'planned' | 'waiting' | 'stopped' | 'open';

export const fateTone: Record<FateCode, FateTone> = {
	done: 'done',
	in_progress: 'active',
	planned: 'planned',
	carried_over: 'waiting',
	cancelled: 'stopped',
	agreed: 'planned',
	rejected: 'stopped',
	deferred: 'waiting',
	undecided: 'open'
};

const short: Record<FateCode, () => string> = {
	done: m.pub_fate_short_done,
	in_progress: m.pub_fate_short_in_progress,
	planned: m.pub_fate_short_planned,
	carried_over: m.pub_fate_short_carried_over,
	cancelled: m.pub_fate_short_cancelled,
	agreed: m.pub_fate_short_agreed,
	rejected: m.pub_fate_short_rejected,
	deferred: m.pub_fate_short_deferred,
	undecided: m.pub_fate_short_undecided
};

/** The fate in two or three words, for summaries and table filters. */
export const fateShort = (fate: FateCode) => short[fate]();

/** A percentage as people write it: `40`, `12,5`. */
export const formatPercentValue = (percent: number) => formatQuantity(percent);

const live = (i: FateItem) => !i.carriedOver && i.status !== 'cancelled';

/** The full badge text, with the year, the progress or the reason where there is one. */
export function fateText(f: FateSubject): string {
	switch (f.fate) {
		case 'in_progress': {
			// The item being worked on that reported last speaks for the usulan.
			const working = f.planItems
				.filter((i) => live(i) && i.status === 'in_progress' && i.percent !== null)
				.sort((a, b) => (b.reportedOn ?? '').localeCompare(a.reportedOn ?? ''))[0];
			return working
				? m.pub_fate_in_progress_percent({ percent: formatPercentValue(working.percent!) })
				: m.pub_fate_in_progress();
		}
		case 'planned': {
			const item = f.planItems.find(live);
			return item ? m.pub_fate_planned({ year: String(item.year) }) : fateShort('planned');
		}
		case 'carried_over': {
			const reason = f.planItems.find((i) => i.carriedOver)?.carryOverReason?.trim();
			return reason ? m.pub_fate_carried_over({ reason }) : fateShort('carried_over');
		}
		case 'cancelled': {
			const reason = f.planItems.find((i) => i.status === 'cancelled')?.cancelReason?.trim();
			return reason ? m.pub_fate_cancelled({ reason }) : fateShort('cancelled');
		}
		case 'agreed':
			return m.pub_fate_agreed();
		default:
			return fateShort(f.fate);
	}
}

const itemStatus: Record<PlanItemStatus, () => string> = {
	planned: m.pub_item_planned,
	in_progress: m.pub_item_in_progress,
	done: m.pub_item_done,
	cancelled: m.pub_item_cancelled
};

/** One plan item's state in words: carried over overrides the status it was left in. */
export const itemStateText = (i: Pick<FateItem, 'status' | 'carriedOver'>) =>
	i.carriedOver ? m.pub_item_carried_over() : itemStatus[i.status]();

/** A calendar date (`2027-04-01`) as people read it: "1 April 2027". */
export function formatDay(isoDate: string): string {
	const [y, mo, d] = isoDate.split('-').map(Number);
	if (!y || !mo || !d) return isoDate;
	return new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : 'id-ID', {
		dateStyle: 'long',
		timeZone: 'UTC'
	}).format(new Date(Date.UTC(y, mo - 1, d)));
}

/** How an usulan stood in one vote (the server's `OptionStanding`). */
export type Standing = {
	place: number | null;
	value: number;
	unit: 'votes' | 'dots' | 'mean' | 'points' | 'voters';
	turnout: number;
};

function valueText(s: Standing): string {
	const count = formatQuantity(s.value);
	switch (s.unit) {
		case 'votes':
			return m.pub_unit_votes({ count });
		case 'dots':
			return m.pub_unit_dots({ count });
		case 'mean':
			return m.pub_unit_mean({ mean: formatQuantity(Math.round(s.value * 10) / 10) });
		case 'points':
			return m.pub_unit_points({ count });
		case 'voters':
			return m.pub_unit_voters({ count });
	}
}

/**
 * "urutan ke-1 · 11 suara · 18 orang memilih"; null standing (the vote's tally does not list
 * the usulan, e.g. a yes / no vote on it) says only that it was voted on.
 */
export function standingText(s: Standing | null): string {
	if (!s) return m.pub_standing_voted();
	return [
		s.place === null ? null : m.pub_standing_place({ place: String(s.place) }),
		valueText(s),
		m.pub_standing_turnout({ count: formatQuantity(s.turnout) })
	]
		.filter(Boolean)
		.join(' · ');
}

const outcomes = {
	agreed: m.votes_outcome_agreed,
	rejected: m.votes_outcome_rejected,
	deferred: m.votes_outcome_deferred,
	elected: m.votes_outcome_elected
};
/** A decision's outcome: *Disepakati*, *Ditolak*, *Ditunda*. */
export const outcomeText = (o: keyof typeof outcomes) => outcomes[o]();

/** The plan an item is in: "RKP Kelurahan 2027", with the year added when the title lacks it. */
export const planName = (i: { planTitle: string; year: number }) =>
	i.planTitle.includes(String(i.year))
		? i.planTitle
		: m.pub_plan_in({ plan: i.planTitle, year: String(i.year) });
