/**
 * The shape of the `meeting/<id>/live` Yjs doc: written by the server only (clients connect
 * read-only), read by phones, the console and the projector. It carries what everybody in the
 * room may see — never personal data of participants.
 *
 * ```
 * doc
 * └── state: Y.Map
 *       ├── meeting: LiveMeeting        phase, locks, title (JSON, replaced whole)
 *       └── attendance: LiveAttendance  counts and inclusion shares (JSON, replaced whole)
 * ```
 *
 * Values are replaced whole, so a reader never sees half an update. Later issues add keys (the
 * current vote and its tally) beside these.
 */
import {
	affiliations,
	inclusionGroups,
	type Affiliation,
	type InclusionGroup
} from '../../domain/attendance.ts';
import { meetingPhases, type MeetingPhase } from '../../domain/meeting-phase.ts';

export const liveRoot = 'state';

export const liveKeys = { meeting: 'meeting', attendance: 'attendance' } as const;

export type LiveMeeting = {
	title: string;
	phase: MeetingPhase;
	boardLocked: boolean;
	joinLocked: boolean;
};

type LiveShare = {
	count: number;
	answered: number;
	share: number | null;
	shareOfAll: number | null;
};

export type LiveAttendance = {
	total: number;
	verified: number;
	byRw: { rw: number; count: number; verified: number; inScope: boolean }[];
	unknownRw: number;
	outsideScope: number;
	inclusion: Record<InclusionGroup, LiveShare>;
	affiliation: Record<Affiliation | 'unknown', number>;
	warnings: { group: InclusionGroup; share: number; threshold: number; answered: number }[];
	tooFewAnswers: InclusionGroup[];
};

/*
 * Reading is plain guards, not a schema library: phones load this module, and only the server
 * writes the doc. Each reader returns a fresh value with only the known keys, or null.
 */

type Read<T> = (v: unknown) => T | null;

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A plain object judged by its constructor, as zod judged records: a Date, Map or class instance
 * is not one; a null-prototype object is.
 */
function isPlainRecord(v: unknown): v is Record<string, unknown> {
	if (!isObject(v)) return false;
	const ctor: unknown = v.constructor;
	if (typeof ctor !== 'function') return true;
	const proto: unknown = ctor.prototype;
	return isObject(proto) && Object.hasOwn(proto, 'isPrototypeOf');
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isShareOrNull = (v: unknown): v is number | null =>
	v === null || (isFiniteNumber(v) && v >= 0 && v <= 1);
const oneOf =
	<T extends string>(values: readonly T[]) =>
	(v: unknown): v is T =>
		(values as readonly unknown[]).includes(v);
const isPhase = oneOf(meetingPhases);
const isGroup = oneOf(inclusionGroups);

function readList<T>(v: unknown, max: number, read: Read<T>): T[] | null {
	if (!Array.isArray(v) || v.length > max) return null;
	const out: T[] = [];
	for (let i = 0; i < v.length; i++) {
		const item = read(v[i]);
		if (item === null) return null;
		out.push(item);
	}
	return out;
}

/** Every key of `keys` and no other, each value passing `read`. */
function readRecord<K extends string, T>(v: unknown, keys: readonly K[], read: Read<T>) {
	if (!isPlainRecord(v)) return null;
	for (const key in v) if (!(keys as readonly string[]).includes(key)) return null;
	const out = {} as Record<K, T>;
	for (const key of keys) {
		const value = read(v[key]);
		if (value === null) return null;
		out[key] = value;
	}
	return out;
}

/** The meeting as the live doc carries it, or null when it is missing or malformed. */
export function readLiveMeeting(v: unknown): LiveMeeting | null {
	if (!isObject(v)) return null;
	const { title, phase, boardLocked, joinLocked } = v;
	// Up to 200 code points (a surrogate pair counts once), as the zod schema this replaced had it.
	if (typeof title !== 'string' || title.length > 200) return null;
	if (!isPhase(phase)) return null;
	if (typeof boardLocked !== 'boolean' || typeof joinLocked !== 'boolean') return null;
	return { title, phase, boardLocked, joinLocked };
}

const readRw: Read<LiveAttendance['byRw'][number]> = (v) => {
	if (!isObject(v)) return null;
	const { rw, count, verified, inScope } = v;
	return isCount(rw) && isCount(count) && isCount(verified) && typeof inScope === 'boolean'
		? { rw, count, verified, inScope }
		: null;
};

const readShare: Read<LiveShare> = (v) => {
	if (!isObject(v)) return null;
	const { count, answered, share, shareOfAll } = v;
	return isCount(count) && isCount(answered) && isShareOrNull(share) && isShareOrNull(shareOfAll)
		? { count, answered, share, shareOfAll }
		: null;
};

const readWarning: Read<LiveAttendance['warnings'][number]> = (v) => {
	if (!isObject(v)) return null;
	const { group, share, threshold, answered } = v;
	return isGroup(group) && isFiniteNumber(share) && isFiniteNumber(threshold) && isCount(answered)
		? { group, share, threshold, answered }
		: null;
};

const affiliationKeys = [...affiliations, 'unknown'] as const;

/** The attendance figures as the live doc carries them, or null when missing or malformed. */
export function readLiveAttendance(v: unknown): LiveAttendance | null {
	if (!isObject(v)) return null;
	const { total, verified, unknownRw, outsideScope } = v;
	if (!isCount(total) || !isCount(verified)) return null;
	const byRw = readList(v.byRw, 1000, readRw);
	if (byRw === null || !isCount(unknownRw) || !isCount(outsideScope)) return null;
	const inclusion = readRecord(v.inclusion, inclusionGroups, readShare);
	const affiliation = readRecord(v.affiliation, affiliationKeys, (n) => (isCount(n) ? n : null));
	const warnings = readList(v.warnings, 10, readWarning);
	const tooFewAnswers = readList(v.tooFewAnswers, 10, (g) => (isGroup(g) ? g : null));
	if (!inclusion || !affiliation || !warnings || !tooFewAnswers) return null;
	return {
		total,
		verified,
		byRw,
		unknownRw,
		outsideScope,
		inclusion,
		affiliation,
		warnings,
		tooFewAnswers
	};
}
