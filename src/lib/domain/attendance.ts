/**
 * Attendance figures for the facilitator console, the `live` doc and the berita acara: who is in
 * the room, from which RW, and whether women, young people, elderly people and people with a
 * disability are there in fair numbers.
 */

export const genders = ['female', 'male'] as const;
export type Gender = (typeof genders)[number];

export const ageGroups = ['youth', 'adult', 'elderly'] as const;
export type AgeGroup = (typeof ageGroups)[number];

/** warga (resident), LSM (NGO), swasta (private sector / CSR), pemerintah (government), tokoh masyarakat. */
export const affiliations = ['warga', 'lsm', 'swasta', 'pemerintah', 'tokoh'] as const;
export type Affiliation = (typeof affiliations)[number];

/** The groups whose share of the room is tracked, and may carry a minimum share. */
export const inclusionGroups = ['women', 'youth', 'elderly', 'disability'] as const;
export type InclusionGroup = (typeof inclusionGroups)[number];

/** Minimum shares (0–1) per group, set per meeting; a group without one is never warned about. */
export type InclusionThresholds = Partial<Record<InclusionGroup, number>>;

/**
 * One person in the meeting's participant list. The inclusion questions are optional: null means
 * "did not answer", which is different from "no".
 */
export type AttendanceParticipant = {
	id: string;
	verified: boolean;
	removed: boolean;
	/** Set on the duplicate that was merged into another participant; the survivor counts. */
	mergedInto?: string | null;
	rw: number | null;
	rt: number | null;
	gender: Gender | null;
	ageGroup: AgeGroup | null;
	disability: boolean | null;
	affiliation: Affiliation | null;
};

export type InclusionShare = {
	/** Attendees in the group. */
	count: number;
	/** Attendees who answered the question (yes or no). */
	answered: number;
	/** count / answered: the share among those who answered; null if nobody answered. */
	share: number | null;
	/** count / total: the share of the whole room, treating "no answer" as "not in the group"; null if the room is empty. */
	shareOfAll: number | null;
};

export type RwAttendance = {
	rw: number;
	count: number;
	verified: number;
	/** Whether the RW is in the meeting's scope (always true when the scope is the whole kelurahan). */
	inScope: boolean;
};

export type InclusionWarning = {
	group: InclusionGroup;
	/** The share among those who answered (see {@link InclusionShare.share}). */
	share: number;
	threshold: number;
	/** How many answered: the UI can say "based on N answers". */
	answered: number;
};

export type AttendanceFigures = {
	/** Attendees: not removed and not merged into someone else. */
	total: number;
	verified: number;
	/**
	 * Per RW, ascending. Every RW in the meeting's scope is listed, with 0 if nobody came from it,
	 * so the facilitator sees who is missing; other RWs only when someone came from them.
	 */
	byRw: RwAttendance[];
	/** Attendees who gave no RW. */
	unknownRw: number;
	/** Attendees with an RW outside the meeting's scope (0 when the scope is the whole kelurahan). */
	outsideScope: number;
	inclusion: Record<InclusionGroup, InclusionShare>;
	/** Per affiliation; `unknown` counts those who did not answer. Adds up to `total`. */
	affiliation: Record<Affiliation | 'unknown', number>;
	/** Groups whose share is below the meeting's threshold, in {@link inclusionGroups} order. */
	warnings: InclusionWarning[];
	/** Groups with a threshold that were not checked because fewer than `minAnswered` answered. */
	tooFewAnswers: InclusionGroup[];
};

export type AttendanceOptions = {
	/** RW numbers the meeting is for; empty or missing means the whole kelurahan. */
	rwScope?: readonly number[];
	thresholds?: InclusionThresholds;
	/**
	 * Fewest answers before a share is compared with its threshold (default
	 * {@link DEFAULT_MIN_ANSWERED}).
	 */
	minAnswered?: number;
};

/**
 * Below this many answers a share says more about who arrived first than about the room ("0 %
 * women" when the first three people are men), and a warning on the projector would embarrass
 * rather than help. The counts are still shown. A small Rembuk RW can lower it per call.
 */
export const DEFAULT_MIN_ANSWERED = 10;

/**
 * Slack for comparing a share with a threshold typed as a percentage: 33.3 / 100 and 333 / 1000
 * may differ in the last bit, and an exactly-met threshold must not warn.
 */
const EPSILON = 1e-9;

/** Whether a participant counts as present: not removed, and not a duplicate merged into another. */
export function countsAsAttendee(
	p: Pick<AttendanceParticipant, 'removed' | 'mergedInto'>
): boolean {
	return !p.removed && (p.mergedInto === undefined || p.mergedInto === null);
}

/**
 * Attendance figures for a meeting's participant list.
 *
 * Inclusion shares are given two ways because the questions are optional: `share` is over those
 * who answered the question (the honest estimate of the room, used for warnings), `shareOfAll`
 * over all attendees (a lower bound: everyone who did not answer is counted as outside the
 * group). A warning is raised when `share` is below the threshold — but only once at least
 * `minAnswered` people answered (see {@link DEFAULT_MIN_ANSWERED}); until then the group is
 * listed in `tooFewAnswers` instead.
 */
export function attendanceFigures(
	participants: readonly AttendanceParticipant[],
	options: AttendanceOptions = {}
): AttendanceFigures {
	const scope = new Set(options.rwScope ?? []);
	const wholeKelurahan = scope.size === 0;
	const minAnswered = options.minAnswered ?? DEFAULT_MIN_ANSWERED;

	let total = 0;
	let verified = 0;
	let unknownRw = 0;
	let outsideScope = 0;
	const rws = new Map<number, RwAttendance>();
	for (const rw of scope) rws.set(rw, { rw, count: 0, verified: 0, inScope: true });
	const affiliation: Record<Affiliation | 'unknown', number> = {
		warga: 0,
		lsm: 0,
		swasta: 0,
		pemerintah: 0,
		tokoh: 0,
		unknown: 0
	};
	const tally = Object.fromEntries(
		inclusionGroups.map((g) => [g, { count: 0, answered: 0 }])
	) as Record<InclusionGroup, { count: number; answered: number }>;
	const mark = (group: InclusionGroup, answered: boolean, inGroup: boolean) => {
		if (!answered) return;
		tally[group].answered++;
		if (inGroup) tally[group].count++;
	};

	for (const p of participants) {
		if (!countsAsAttendee(p)) continue;
		total++;
		if (p.verified) verified++;

		if (p.rw === null) {
			unknownRw++;
		} else {
			let row = rws.get(p.rw);
			if (!row) {
				row = { rw: p.rw, count: 0, verified: 0, inScope: wholeKelurahan };
				rws.set(p.rw, row);
			}
			row.count++;
			if (p.verified) row.verified++;
			if (!row.inScope) outsideScope++;
		}

		affiliation[p.affiliation ?? 'unknown']++;
		mark('women', p.gender !== null, p.gender === 'female');
		mark('youth', p.ageGroup !== null, p.ageGroup === 'youth');
		mark('elderly', p.ageGroup !== null, p.ageGroup === 'elderly');
		mark('disability', p.disability !== null, p.disability === true);
	}

	const inclusion = {} as Record<InclusionGroup, InclusionShare>;
	const warnings: InclusionWarning[] = [];
	const tooFewAnswers: InclusionGroup[] = [];
	for (const group of inclusionGroups) {
		const { count, answered } = tally[group];
		const share = answered > 0 ? count / answered : null;
		inclusion[group] = { count, answered, share, shareOfAll: total > 0 ? count / total : null };

		const threshold = options.thresholds?.[group];
		if (threshold === undefined || !Number.isFinite(threshold)) continue;
		if (answered < minAnswered || share === null) {
			tooFewAnswers.push(group);
		} else if (count < threshold * answered - EPSILON) {
			warnings.push({ group, share, threshold, answered });
		}
	}

	return {
		total,
		verified,
		byRw: [...rws.values()].sort((a, b) => a.rw - b.rw),
		unknownRw,
		outsideScope,
		inclusion,
		affiliation,
		warnings,
		tooFewAnswers
	};
}
