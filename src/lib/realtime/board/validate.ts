/**
 * Checks for values read from the board doc, where anything may have been written. Each check
 * takes `unknown`, never throws, and returns the value or the code of the first problem.
 */
import * as Y from 'yjs';
import { isValidOrderKey } from './order-key.ts';
import {
	fundingSources,
	ITEM_ID_PATTERN,
	limits,
	type FieldError,
	type FundingSource,
	type MergeRecord,
	type Proposer,
	type ReasonCode
} from './schema.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; code: ReasonCode };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (code: ReasonCode): Checked<never> => ({ ok: false, code });

/**
 * A plain JSON object as Yjs decodes it. Objects with another prototype (a `__proto__` key in
 * the encoded data sets one) are refused, and fields are only ever read as own properties.
 */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
	const proto = Object.getPrototypeOf(v);
	// The writer keeps `__proto__` as an own key while every other client decodes it into the
	// prototype; refusing both keeps the result the same everywhere.
	return (proto === Object.prototype || proto === null) && !Object.hasOwn(v, '__proto__');
}

export function own(o: Record<string, unknown>, key: string): unknown {
	return Object.hasOwn(o, key) ? o[key] : undefined;
}

/**
 * A `Y.Text` (not its `Y.XmlText` subclass) within `max` characters. Embedded objects, which the
 * board never writes, count as one character each: the O(1) `length` check comes first, so an
 * oversized text is refused without building its string.
 */
export function checkText(v: unknown, max: number): Checked<string> {
	if (v === undefined) return fail('required');
	if (!(v instanceof Y.Text) || v instanceof Y.XmlText) return fail('wrongType');
	if (v.length > max) return fail('tooLong');
	return ok(v.toString());
}

export function checkString(
	v: unknown,
	max: number,
	{ optional = false, nonBlank = false }: { optional?: boolean; nonBlank?: boolean } = {}
): Checked<string> {
	if (v === undefined || (optional && v === null)) return optional ? ok('') : fail('required');
	if (typeof v !== 'string') return fail('wrongType');
	if (v.length > max) return fail('tooLong');
	if (nonBlank && v.trim() === '') return fail('empty');
	return ok(v);
}

/** The shared number rules: finite, then whole if asked, then range. */
export function checkNumber(
	v: unknown,
	{ min, max, integer }: { min: number; max: number; integer: boolean }
): Checked<number> {
	if (v === undefined) return fail('required');
	if (typeof v !== 'number') return fail('wrongType');
	if (!Number.isFinite(v)) return fail('notFinite');
	if (integer && !Number.isInteger(v)) return fail('notInteger');
	// A field that starts at 0 says "negative"; one with another range says "outOfRange".
	if (v < min) return fail(min === 0 ? 'negative' : 'outOfRange');
	if (v > max) return fail(min === 0 ? 'tooLarge' : 'outOfRange');
	// -0 would read back from JSON as 0; normalize so every view is stable as JSON.
	return ok(v === 0 ? 0 : v);
}

/** `null` or absent reads as null; anything else must pass `checkNumber`. */
export function checkNullableNumber(
	v: unknown,
	rules: { min: number; max: number; integer: boolean }
): Checked<number | null> {
	return v === undefined || v === null ? ok(null) : checkNumber(v, rules);
}

export const rtRwRules = { min: limits.rtRwMin, max: limits.rtRwMax, integer: true } as const;
export const volumeRules = { min: 0, max: limits.volumeMax, integer: false } as const;
export const costRules = { min: 0, max: limits.estimatedCostMax, integer: true } as const;
export const timestampRules = { min: 0, max: limits.timestampMax, integer: true } as const;

export function checkItemId(v: unknown): Checked<string> {
	if (v === undefined) return fail('required');
	if (typeof v !== 'string') return fail('wrongType');
	return ITEM_ID_PATTERN.test(v) ? ok(v) : fail('malformed');
}

export function checkActorId(v: unknown): Checked<string> {
	return checkString(v, limits.actorIdMax, { nonBlank: true });
}

export function checkOrderKey(v: unknown): Checked<string> {
	if (v === undefined) return fail('required');
	if (typeof v !== 'string') return fail('wrongType');
	if (v.length > limits.orderKeyMax) return fail('tooLong');
	return isValidOrderKey(v) ? ok(v) : fail('malformed');
}

/** One of the meeting's sector codes (any other string, however long, is `unknownSector`). */
export function checkSector(v: unknown, sectors: ReadonlySet<string>): Checked<string> {
	if (v === undefined) return fail('required');
	if (typeof v !== 'string') return fail('wrongType');
	return sectors.has(v) ? ok(v) : fail('unknownSector');
}

const fundingSet: ReadonlySet<string> = new Set(fundingSources);

export function checkFundingSource(v: unknown): Checked<FundingSource> {
	if (v === undefined) return fail('required');
	if (typeof v !== 'string') return fail('wrongType');
	return fundingSet.has(v) ? ok(v as FundingSource) : fail('unknownValue');
}

/**
 * A proposer record. Extra keys are ignored (never copied out); `rt`/`rw` may be absent or null.
 * Returns a fresh object with only the known fields.
 */
export function checkProposer(v: unknown, path: string, errors: FieldError[]): Proposer | null {
	if (!isPlainObject(v)) {
		errors.push({ field: path, code: 'wrongType' });
		return null;
	}
	const name = checkString(own(v, 'name'), limits.proposerNameMax, { nonBlank: true });
	if (!name.ok) errors.push({ field: `${path}.name`, code: name.code });
	const rawId = own(v, 'participantId');
	const participantId = rawId === undefined || rawId === null ? ok(undefined) : checkActorId(rawId);
	if (!participantId.ok) errors.push({ field: `${path}.participantId`, code: participantId.code });
	const rt = checkNullableNumber(own(v, 'rt'), rtRwRules);
	if (!rt.ok) errors.push({ field: `${path}.rt`, code: rt.code });
	const rw = checkNullableNumber(own(v, 'rw'), rtRwRules);
	if (!rw.ok) errors.push({ field: `${path}.rw`, code: rw.code });
	if (!name.ok || !participantId.ok || !rt.ok || !rw.ok) return null;
	return makeProposer(participantId.value, name.value, rt.value, rw.value);
}

/** A proposer object with absent (not undefined) optional keys, so it is stable as JSON. */
export function makeProposer(
	participantId: string | undefined,
	name: string,
	rt: number | null | undefined,
	rw: number | null | undefined
): Proposer {
	return {
		...(participantId !== undefined ? { participantId } : {}),
		name,
		...(rt !== null && rt !== undefined ? { rt } : {}),
		...(rw !== null && rw !== undefined ? { rw } : {})
	};
}

/** A list of proposers: a JS array (inside a merge record) or the values of a `Y.Array`. */
export function checkProposerList(
	values: readonly unknown[],
	path: string,
	errors: FieldError[]
): Proposer[] | null {
	if (values.length > limits.proposersMax) {
		errors.push({ field: path, code: 'tooMany' });
		return null;
	}
	const before = errors.length;
	const out: Proposer[] = [];
	values.forEach((v, i) => {
		const p = checkProposer(v, `${path}.${i}`, errors);
		if (p) out.push(p);
	});
	return errors.length > before ? null : out;
}

/** A merge provenance record (see `MergeRecord`). */
export function checkMergeRecord(
	v: unknown,
	path: string,
	errors: FieldError[]
): MergeRecord | null {
	if (!isPlainObject(v)) {
		errors.push({ field: path, code: 'wrongType' });
		return null;
	}
	const before = errors.length;
	const take = <T>(key: string, c: Checked<T>): T | undefined => {
		if (c.ok) return c.value;
		errors.push({ field: `${path}.${key}`, code: c.code });
		return undefined;
	};
	const id = take('id', checkItemId(own(v, 'id')));
	const title = take('title', checkString(own(v, 'title'), limits.titleMax));
	const problem = take('problem', checkString(own(v, 'problem'), limits.problemMax));
	const mergedAt = take('mergedAt', checkNumber(own(v, 'mergedAt'), timestampRules));
	const mergedBy = take('mergedBy', checkActorId(own(v, 'mergedBy')));
	const rawProposers = own(v, 'proposers');
	let proposers: Proposer[] | null = null;
	if (Array.isArray(rawProposers)) {
		proposers = checkProposerList(rawProposers, `${path}.proposers`, errors);
	} else {
		errors.push({
			field: `${path}.proposers`,
			code: rawProposers === undefined ? 'required' : 'wrongType'
		});
	}
	if (errors.length > before) return null;
	return {
		id: id as string,
		title: title as string,
		problem: problem as string,
		proposers: proposers as Proposer[],
		mergedAt: mergedAt as number,
		mergedBy: mergedBy as string
	};
}

/**
 * Identity of a proposer for de-duplication when lists are joined: the participant when known,
 * else the name (case- and space-insensitive) with RT/RW.
 */
export function proposerIdentity(p: Proposer): string {
	if (p.participantId !== undefined) return `p:${p.participantId}`;
	return `n:${p.name.trim().replace(/\s+/g, ' ').toLowerCase()}|${p.rt ?? ''}|${p.rw ?? ''}`;
}

/** `lists` joined in order, keeping the first of each identity. */
export function unionProposers(...lists: readonly (readonly Proposer[])[]): Proposer[] {
	const seen = new Set<string>();
	const out: Proposer[] = [];
	for (const list of lists) {
		for (const p of list) {
			const key = proposerIdentity(p);
			if (seen.has(key)) continue;
			seen.add(key);
			out.push(p);
		}
	}
	return out;
}
