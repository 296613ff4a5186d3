/**
 * What the meeting form shows in its inputs: from a stored meeting (editing) or from what was
 * just submitted (a failed save shows the person's own typing back, never loses it).
 */
import { inclusionGroups, type InclusionGroup } from '$lib/domain/attendance';
import type { QuorumRule } from '$lib/domain/quorum';

export type MeetingFormValues = {
	title: string;
	kind: string;
	/** `datetime-local` value in the kelurahan's time (WIB). */
	startsAt: string;
	place: string;
	/** One agenda item per line. */
	agenda: string;
	rwScope: string[];
	budgetCeiling: string;
	quorumKind: string;
	quorumMin: string;
	quorumShare: string;
	voters: string;
	sectors: string[];
	thresholds: Partial<Record<InclusionGroup, string>>;
};

const WIB_OFFSET_MS = 7 * 3600_000;

/** `2027-01-16T09:00` in WIB for a stored instant. */
export function toLocalInput(date: Date | null): string {
	if (!date) return '';
	return new Date(date.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 16);
}

const percent = (share: number) => String(Math.round(share * 1000) / 10);

type StoredMeeting = {
	title: string;
	kind: string;
	startsAt: Date | null;
	place: string;
	agenda: string[];
	rwScope: number[];
	budgetCeiling: number | null;
	quorum: QuorumRule;
	voters: string;
	sectorCodes: string[];
	inclusionThresholds: Partial<Record<InclusionGroup, number>>;
};

export function valuesFromMeeting(m: StoredMeeting): MeetingFormValues {
	const thresholds: MeetingFormValues['thresholds'] = {};
	for (const g of inclusionGroups) {
		const t = m.inclusionThresholds[g];
		if (t !== undefined) thresholds[g] = percent(t);
	}
	return {
		title: m.title,
		kind: m.kind,
		startsAt: toLocalInput(m.startsAt),
		place: m.place,
		agenda: m.agenda.join('\n'),
		rwScope: m.rwScope.map(String),
		budgetCeiling: m.budgetCeiling === null ? '' : String(m.budgetCeiling),
		quorumKind: m.quorum.kind,
		quorumMin: m.quorum.kind === 'count' ? String(m.quorum.min) : '',
		quorumShare: m.quorum.kind === 'share' ? percent(m.quorum.share) : '',
		voters: m.voters,
		sectors: m.sectorCodes,
		thresholds
	};
}

/** A new meeting's starting values: every sector of the kelurahan, no quorum, everyone votes. */
export function defaultValues(sectorCodes: string[]): MeetingFormValues {
	return {
		title: '',
		kind: 'musrenbang_kelurahan',
		startsAt: '',
		place: '',
		agenda: 'Pembukaan\nPenyampaian usulan warga\nPenentuan prioritas\nPemilihan delegasi\nPenutup',
		rwScope: [],
		budgetCeiling: '',
		quorumKind: 'none',
		quorumMin: '',
		quorumShare: '',
		voters: 'joined',
		sectors: sectorCodes,
		thresholds: {}
	};
}

type FormLike = { get(name: string): unknown; getAll(name: string): unknown[] };

/** The submitted form as the inputs show it again. */
export function valuesFromForm(form: FormLike): MeetingFormValues {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v.slice(0, 5000) : '';
	};
	const texts = (name: string) =>
		form
			.getAll(name)
			.filter((v): v is string => typeof v === 'string')
			.slice(0, 100);
	const thresholds: MeetingFormValues['thresholds'] = {};
	for (const g of inclusionGroups) thresholds[g] = text(`inclusionThresholds.${g}`);
	return {
		title: text('title'),
		kind: text('kind'),
		startsAt: text('startsAt'),
		place: text('place'),
		agenda: text('agenda'),
		rwScope: texts('rwScope'),
		budgetCeiling: text('budgetCeiling'),
		quorumKind: text('quorum.kind'),
		quorumMin: text('quorum.min'),
		quorumShare: text('quorum.share'),
		voters: text('voters'),
		sectors: texts('sectors'),
		thresholds
	};
}
