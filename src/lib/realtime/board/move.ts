/**
 * Reordering: drag and drop (`moveItem`) and the phone's up/down buttons. A move writes a new
 * fractional-index key for the moved item only, so it never conflicts with an edit of any text.
 * Positions are taken from the list every screen shows (`readBoard(...).items`).
 */
import type * as Y from 'yjs';
import { itemMap, refuse, transact } from './edit.ts';
import { keyBetween, keysBetween } from './key-between.ts';
import { compareKeys } from './order-key.ts';
import { readBoard, type BoardItemView } from './read.ts';
import { itemKeys, type BoardContext, type OpResult, type WriteOptions } from './schema.ts';

export type MoveOptions = BoardContext &
	WriteOptions & {
		/** Source of the order key's jitter (tests pass a seeded one). */
		random?: () => number;
	};

type Listed = Pick<BoardItemView, 'id' | 'order'>;

/**
 * The order keys to write so that item `id` lands at `index` of `list` (the board in order,
 * without `id`); null when no key fits. Normally that is one new key for `id` alone.
 *
 * The exception is a tie: when the two neighbours share one key (two phones inserted at the same
 * spot at once, or a client wrote equal keys), no key sorts strictly between them. If the id
 * tie-break already puts `id` between them it takes the same key; otherwise the whole run of
 * items sharing that key gets fresh, distinct keys in its current order, with `id` in its place.
 * Only `order` fields are written, so even then no text edit is touched.
 */
export function planPlacement(
	list: readonly Listed[],
	index: number,
	id: string,
	random: () => number = Math.random
): Map<string, string> | null {
	const prev = index > 0 ? list[index - 1] : null;
	const next = index < list.length ? list[index] : null;
	if (!prev || !next || prev.order !== next.order) {
		const key = keyBetween(prev?.order ?? null, next?.order ?? null, random);
		return key === null ? null : new Map([[id, key]]);
	}
	if (compareKeys(prev.id, id) < 0 && compareKeys(id, next.id) < 0) {
		return new Map([[id, prev.order]]);
	}
	const tied = prev.order;
	let start = index - 1;
	while (start > 0 && list[start - 1].order === tied) start--;
	let end = index;
	while (end + 1 < list.length && list[end + 1].order === tied) end++;
	const run = [
		...list.slice(start, index).map((x) => x.id),
		id,
		...list.slice(index, end + 1).map((x) => x.id)
	];
	const keys = keysBetween(
		start > 0 ? list[start - 1].order : null,
		end + 1 < list.length ? list[end + 1].order : null,
		run.length,
		random
	);
	return keys === null ? null : new Map(run.map((runId, i) => [runId, keys[i]]));
}

function writePlacement(doc: Y.Doc, updates: Map<string, string> | null): OpResult {
	if (updates === null) return refuse(itemKeys.order, 'orderUnavailable');
	for (const [id, key] of updates) itemMap(doc, id)?.set(itemKeys.order, key);
	return { ok: true };
}

/** Where to put an item: right before `before`, right after `after`, or between both. */
export type MoveTarget = { before?: string; after?: string };

/**
 * Moves an item next to another one (drag and drop). With both `after` and `before`, they must
 * be neighbours on the board (else `notAdjacent`: the screen was stale, nothing is written).
 * Besides listed items, an invalid item that is not merged or deleted may be moved, which is how
 * a garbage order key gets repaired.
 */
export function moveItem(doc: Y.Doc, id: string, target: MoveTarget, opts: MoveOptions): OpResult {
	return transact(doc, opts.origin, (): OpResult => {
		if (!itemMap(doc, id)) return refuse('id', 'notFound');
		const board = readBoard(doc, opts);
		const current = board.items.findIndex((i) => i.id === id);
		const movable = current >= 0 || board.invalid.some((i) => i.id === id && i.status === 'active');
		if (!movable) return refuse('id', 'notActive');
		const { before, after } = target;
		if (before === undefined && after === undefined) return refuse('target', 'required');
		if (after === id) return refuse('after', 'sameItem');
		if (before === id) return refuse('before', 'sameItem');
		const list = board.items.filter((i) => i.id !== id);
		const afterIndex = after === undefined ? -1 : list.findIndex((i) => i.id === after);
		const beforeIndex = before === undefined ? -1 : list.findIndex((i) => i.id === before);
		if (after !== undefined && afterIndex < 0) return refuse('after', 'notFound');
		if (before !== undefined && beforeIndex < 0) return refuse('before', 'notFound');
		if (after !== undefined && before !== undefined && afterIndex + 1 !== beforeIndex) {
			return refuse('before', 'notAdjacent');
		}
		const index = after !== undefined ? afterIndex + 1 : beforeIndex;
		if (index === current) return { ok: true };
		return writePlacement(doc, planPlacement(list, index, id, opts.random));
	});
}

function moveBy(doc: Y.Doc, id: string, step: -1 | 1, opts: MoveOptions): OpResult {
	return transact(doc, opts.origin, (): OpResult => {
		if (!itemMap(doc, id)) return refuse('id', 'notFound');
		const { items } = readBoard(doc, opts);
		const current = items.findIndex((i) => i.id === id);
		if (current < 0) return refuse('id', 'notActive');
		const index = current + step;
		// Already first / last: nothing to do, and not an error for a button press.
		if (index < 0 || index >= items.length) return { ok: true };
		const list = items.filter((i) => i.id !== id);
		return writePlacement(doc, planPlacement(list, index, id, opts.random));
	});
}

/** Moves an item one place up (towards priority 1); a no-op for the first item. */
export function moveUp(doc: Y.Doc, id: string, opts: MoveOptions): OpResult {
	return moveBy(doc, id, -1, opts);
}

/** Moves an item one place down; a no-op for the last item. */
export function moveDown(doc: Y.Doc, id: string, opts: MoveOptions): OpResult {
	return moveBy(doc, id, 1, opts);
}
