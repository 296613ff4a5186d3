/**
 * Writing usulan: add, edit fields and text, proposers, delete/restore. Each function runs in one
 * `doc.transact`, validates what it writes, and reports refusals as codes instead of throwing.
 * Co-editing of `title` and `problem` goes straight through their `Y.Text` (`getItemText`), which
 * is what an editor binding needs; `setText` is for forms that submit a whole value.
 */
import { uuidv4 } from 'lib0/random';
import * as Y from 'yjs';
import {
	actorIdSchema,
	editableFields,
	itemInputSchema,
	problemInputSchema,
	proposerInputSchema,
	titleInputSchema,
	toFieldErrors,
	type EditableField,
	type EditableValues,
	type ItemInput,
	type ProposerInput
} from './input.ts';
import { keyBetween } from './key-between.ts';
import { boardItems, boardMeta, readBoard } from './read.ts';
import {
	itemKeys,
	limits,
	metaKeys,
	type BoardContext,
	type FieldError,
	type OpResult,
	type Proposer,
	type ReasonCode,
	type TextField,
	type WriteOptions
} from './schema.ts';
import {
	checkItemId,
	checkNumber,
	checkProposer,
	proposerIdentity,
	timestampRules
} from './validate.ts';

/** A refusal with one error. */
export function refuse(field: string, code: ReasonCode): { ok: false; errors: FieldError[] } {
	return { ok: false, errors: [{ field, code }] };
}

/** Runs `fn` in one transaction and returns its result. */
export function transact<T>(doc: Y.Doc, origin: unknown, fn: () => T): T {
	return doc.transact(fn, origin ?? null);
}

/** The item's map, or null when there is no such item or the entry is not a map. */
export function itemMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
	const value = boardItems(doc).get(id);
	return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}

function isPlainText(v: unknown): v is Y.Text {
	return v instanceof Y.Text && !(v instanceof Y.XmlText);
}

/**
 * The co-edited `Y.Text` of an item's title or problem, for an editor binding; null when the item
 * does not exist or the field is not a text (a broken item: `setText` repairs it).
 */
export function getItemText(doc: Y.Doc, id: string, field: TextField): Y.Text | null {
	const value = itemMap(doc, id)?.get(field);
	return isPlainText(value) ? value : null;
}

export type AddItemOptions = BoardContext &
	WriteOptions & {
		/** Participant or user id of whoever adds it (`createdBy`). */
		actorId: string;
		/** Time of the addition, ms since the epoch (`createdAt`). */
		now: number;
		/** The new item's id; a random UUID by default. */
		id?: string;
		/** Source of the order key's jitter (tests pass a seeded one). */
		random?: () => number;
	};

/**
 * Adds an usulan at the end of the board. `input` is validated (and trimmed) with
 * `itemInputSchema`, so it may come straight from a form or the JSON API.
 */
export function addItem(
	doc: Y.Doc,
	input: ItemInput,
	opts: AddItemOptions
): OpResult<{ id: string }> {
	const parsed = itemInputSchema(opts.sectors).safeParse(input);
	const errors: FieldError[] = parsed.success ? [] : toFieldErrors(parsed.error);
	const actor = actorIdSchema.safeParse(opts.actorId);
	if (!actor.success) errors.push(...toFieldErrors(actor.error, itemKeys.createdBy));
	const now = checkNumber(opts.now, timestampRules);
	if (!now.ok) errors.push({ field: itemKeys.createdAt, code: now.code });
	const id = opts.id ?? uuidv4();
	const idCheck = checkItemId(id);
	if (!idCheck.ok) errors.push({ field: 'id', code: idCheck.code });
	if (!parsed.success || !actor.success || !now.ok || errors.length > 0)
		return { ok: false, errors };
	const values = parsed.data;

	return transact(doc, opts.origin, (): OpResult<{ id: string }> => {
		const items = boardItems(doc);
		if (items.has(id)) return refuse('id', 'taken');
		const last = readBoard(doc, opts).items.at(-1);
		const order = keyBetween(last?.order ?? null, null, opts.random);
		if (order === null) return refuse(itemKeys.order, 'orderUnavailable');

		const map = new Y.Map<unknown>();
		items.set(id, map);
		const k = itemKeys;
		map.set(k.title, new Y.Text(values.title));
		map.set(k.problem, new Y.Text(values.problem));
		map.set(k.locationText, values.locationText);
		map.set(k.rt, values.rt);
		map.set(k.rw, values.rw);
		map.set(k.sector, values.sector);
		map.set(k.volume, values.volume);
		map.set(k.unit, values.unit);
		map.set(k.estimatedCost, values.estimatedCost);
		map.set(k.fundingSource, values.fundingSource);
		map.set(k.proposers, Y.Array.from<Proposer>(values.proposers));
		map.set(k.order, order);
		map.set(k.createdAt, now.value);
		map.set(k.createdBy, actor.data);
		map.set(k.mergedFrom, new Y.Array());
		map.set(k.deleted, false);
		return { ok: true, id };
	});
}

/**
 * Sets one non-text field of an item, validated like `addItem` does. Works on invalid items too,
 * so a broken field can be repaired. `proposers` replaces the whole list (entries another phone
 * adds at the same moment survive: they are separate insertions).
 */
export function updateField<F extends EditableField>(
	doc: Y.Doc,
	id: string,
	field: F,
	value: EditableValues[F],
	opts: BoardContext & WriteOptions
): OpResult {
	if (!(editableFields as readonly string[]).includes(field))
		return refuse('field', 'unknownValue');
	const schema = itemInputSchema(opts.sectors).shape[field];
	const parsed = schema.safeParse(value);
	if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error, field) };
	return transact(doc, opts.origin, (): OpResult => {
		const map = itemMap(doc, id);
		if (!map) return refuse('id', 'notFound');
		if (field === 'proposers') {
			const list = parsed.data as Proposer[];
			const current = map.get(itemKeys.proposers);
			if (current instanceof Y.Array) {
				current.delete(0, current.length);
				current.push(list);
			} else {
				map.set(itemKeys.proposers, Y.Array.from<Proposer>(list));
			}
		} else {
			map.set(field, parsed.data);
		}
		return { ok: true };
	});
}

/**
 * Replaces a title or problem with `value` (trimmed, validated) through the smallest edit that
 * turns the current text into it, so concurrent edits elsewhere in the text survive. Repairs a
 * field that is not a text. For keystrokes, edit the `Y.Text` from `getItemText` instead.
 */
export function setText(
	doc: Y.Doc,
	id: string,
	field: TextField,
	value: string,
	opts: WriteOptions = {}
): OpResult {
	const schema = field === 'title' ? titleInputSchema : problemInputSchema;
	const parsed = schema.safeParse(value);
	if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error, field) };
	return transact(doc, opts.origin, (): OpResult => {
		const map = itemMap(doc, id);
		if (!map) return refuse('id', 'notFound');
		const current = map.get(field);
		if (isPlainText(current)) applyMinimalEdit(current, parsed.data);
		else map.set(field, new Y.Text(parsed.data));
		return { ok: true };
	});
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Deletes and inserts only the part between the common prefix and suffix. */
function applyMinimalEdit(text: Y.Text, next: string) {
	const prev = text.toString();
	if (prev === next) return;
	if (prev.length !== text.length) {
		// Embedded objects shift the indexes; replace everything (never written by the board).
		text.delete(0, text.length);
		text.insert(0, next);
		return;
	}
	let start = 0;
	const shorter = Math.min(prev.length, next.length);
	while (start < shorter && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
	// Never cut a surrogate pair in two.
	if (start > 0 && isHighSurrogate(prev.charCodeAt(start - 1))) start--;
	let endPrev = prev.length;
	let endNext = next.length;
	while (
		endPrev > start &&
		endNext > start &&
		prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)
	) {
		endPrev--;
		endNext--;
	}
	if (endPrev < prev.length && isLowSurrogate(prev.charCodeAt(endPrev))) {
		endPrev++;
		endNext++;
	}
	if (endPrev > start) text.delete(start, endPrev - start);
	if (endNext > start) text.insert(start, next.slice(start, endNext));
}

/** A proposer as `addProposer` / `removeProposer` take it. */
export type { ProposerInput };

/** Adds a proposer ("I propose this too"); a proposer already listed is not added twice. */
export function addProposer(
	doc: Y.Doc,
	id: string,
	proposer: ProposerInput,
	opts: WriteOptions = {}
): OpResult {
	const parsed = proposerInputSchema.safeParse(proposer);
	if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error, 'proposer') };
	const p = parsed.data;
	return transact(doc, opts.origin, (): OpResult => {
		const map = itemMap(doc, id);
		if (!map) return refuse('id', 'notFound');
		const list = map.get(itemKeys.proposers);
		if (!(list instanceof Y.Array)) {
			map.set(itemKeys.proposers, Y.Array.from<Proposer>([p]));
			return { ok: true };
		}
		const key = proposerIdentity(p);
		const known = list.toArray().some((v) => {
			const q = checkProposer(v, '', []);
			return q !== null && proposerIdentity(q) === key;
		});
		if (known) return { ok: true };
		if (list.length >= limits.proposersMax) return refuse(itemKeys.proposers, 'tooMany');
		list.push([p]);
		return { ok: true };
	});
}

/** Removes every entry of an item's proposers with the same identity as `proposer`. */
export function removeProposer(
	doc: Y.Doc,
	id: string,
	proposer: ProposerInput,
	opts: WriteOptions = {}
): OpResult {
	const parsed = proposerInputSchema.safeParse(proposer);
	if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error, 'proposer') };
	const key = proposerIdentity(parsed.data);
	return transact(doc, opts.origin, (): OpResult => {
		const map = itemMap(doc, id);
		if (!map) return refuse('id', 'notFound');
		const list = map.get(itemKeys.proposers);
		if (!(list instanceof Y.Array)) return refuse('proposer', 'notFound');
		const values = list.toArray();
		let removed = 0;
		for (let i = values.length - 1; i >= 0; i--) {
			const q = checkProposer(values[i], '', []);
			if (q !== null && proposerIdentity(q) === key) {
				list.delete(i, 1);
				removed++;
			}
		}
		return removed > 0 ? { ok: true } : refuse('proposer', 'notFound');
	});
}

/**
 * Deletes an item by setting its tombstone: the item keeps its text and can be restored, and a
 * concurrent edit is never lost. A junk entry that is not a map is removed outright.
 */
export function deleteItem(doc: Y.Doc, id: string, opts: WriteOptions = {}): OpResult {
	return transact(doc, opts.origin, (): OpResult => {
		const map = itemMap(doc, id);
		if (map) map.set(itemKeys.deleted, true);
		else if (boardItems(doc).has(id)) boardItems(doc).delete(id);
		else return refuse('id', 'notFound');
		return { ok: true };
	});
}

/** Clears an item's tombstone. */
export function restoreItem(doc: Y.Doc, id: string, opts: WriteOptions = {}): OpResult {
	return transact(doc, opts.origin, (): OpResult => {
		const map = itemMap(doc, id);
		if (!map) return refuse('id', 'notFound');
		map.set(itemKeys.deleted, false);
		return { ok: true };
	});
}

/**
 * Writes the display mirror of the server's board lock (server only). Clients must not rely on
 * it: the lock itself is the server refusing their writes.
 */
export function setLockedMirror(doc: Y.Doc, locked: boolean, opts: WriteOptions = {}) {
	transact(doc, opts.origin, () => boardMeta(doc).set(metaKeys.locked, locked));
}
