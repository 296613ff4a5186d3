/**
 * Reading the board doc into plain, validated, deterministic views. Whatever a client wrote into
 * the doc, `readBoard` never throws: a bad item is reported in `invalid` with its reasons and the
 * good ones are listed as usual.
 */
import * as Y from 'yjs';
import { compareItems, compareKeys } from './order-key.ts';
import {
	boardRoot,
	itemKeys,
	limits,
	metaKeys,
	type BoardContext,
	type FieldError,
	type FundingSource,
	type MergeRecord,
	type Proposer
} from './schema.ts';
import {
	checkActorId,
	checkFundingSource,
	checkItemId,
	checkMergeRecord,
	checkNullableNumber,
	checkNumber,
	checkOrderKey,
	checkProposerList,
	checkSector,
	checkString,
	checkText,
	costRules,
	rtRwRules,
	timestampRules,
	unionProposers,
	volumeRules,
	type Checked
} from './validate.ts';

/** One usulan as every screen shows it: plain JSON, every field checked. */
export type BoardItemView = {
	id: string;
	title: string;
	problem: string;
	locationText: string;
	rt: number | null;
	rw: number | null;
	sector: string;
	volume: number | null;
	unit: string;
	estimatedCost: number | null;
	fundingSource: FundingSource;
	/**
	 * The item's proposers joined with those of every item merged into it (directly or through a
	 * chain), de-duplicated. A merge already copies them, but joining again on read keeps
	 * proposers added to a duplicate while it was being merged.
	 */
	proposers: Proposer[];
	/** Fractional-index key; the list is sorted by it, then by id. */
	order: string;
	createdAt: number;
	createdBy: string;
	/** Provenance records written when items were merged into this one. */
	mergedFrom: MergeRecord[];
	/** Ids of the (not deleted) items merged into this one, directly or through a chain; sorted. */
	mergedIds: string[];
};

/** An item merged into another one: hidden from the list, kept with its current text. */
export type MergedItemView = BoardItemView & {
	/** The item it was merged into. */
	mergedInto: string;
	/** The end of the `mergedInto` chain: the item that stands for it on the board. */
	rootId: string;
};

/** An item that failed validation: shown as such, never rendered from its raw data. */
export type InvalidItem = {
	/** The map key (may itself be malformed: then a reason has field `id`). */
	id: string;
	/** `merged` when it points into another item, so the UI can group it; else `active`. */
	status: 'active' | 'merged';
	/** Every problem found, as translatable codes. Never empty. */
	reasons: FieldError[];
	/** The title if it is readable text, cut to `limits.titleMax`, for the UI to name the item. */
	title: string | null;
};

export type BoardView = {
	/** Valid, not merged, not deleted items in board order (by `order`, then id). */
	items: BoardItemView[];
	/** Valid, not deleted items merged into another one; sorted by id. */
	mergedItems: MergedItemView[];
	/** Valid items with the tombstone set (restorable); sorted by id. */
	deletedItems: BoardItemView[];
	/** Items (not deleted) that failed validation, and junk entries that are not maps; by id. */
	invalid: InvalidItem[];
	/** Display mirror of the server's lock (see `metaKeys.locked`); not authoritative. */
	locked: boolean;
};

/** The items map of a board doc. */
export function boardItems(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>(boardRoot.items);
}

/** The meta map of a board doc. */
export function boardMeta(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>(boardRoot.meta);
}

/** Everything known about one entry of the items map, whether valid or not. */
type Parsed = {
	id: string;
	isMap: boolean;
	deleted: boolean;
	/** The `mergedInto` field when it is a well-formed id (resolved later). */
	mergedInto: string | null;
	/** Own proposers when that field is valid, even if another field is not. */
	proposers: Proposer[] | null;
	reasons: FieldError[];
	/** Set when there are no reasons. `proposers` and `mergedIds` are completed later. */
	view: BoardItemView | null;
	titlePreview: string | null;
};

function parseEntry(id: string, value: unknown, sectors: ReadonlySet<string>): Parsed {
	const reasons: FieldError[] = [];
	const idCheck = checkItemId(id);
	if (!idCheck.ok) reasons.push({ field: 'id', code: idCheck.code });
	if (!(value instanceof Y.Map)) {
		reasons.push({ field: 'item', code: 'wrongType' });
		return {
			id,
			isMap: false,
			deleted: false,
			mergedInto: null,
			proposers: null,
			reasons,
			view: null,
			titlePreview: null
		};
	}
	const map = value as Y.Map<unknown>;
	const take = <T>(field: string, c: Checked<T>): T | undefined => {
		if (c.ok) return c.value;
		reasons.push({ field, code: c.code });
		return undefined;
	};
	const k = itemKeys;
	const rawTitle = map.get(k.title);
	const title = take(k.title, checkText(rawTitle, limits.titleMax));
	const problem = take(k.problem, checkText(map.get(k.problem), limits.problemMax));
	const locationText = take(
		k.locationText,
		checkString(map.get(k.locationText), limits.locationTextMax, { optional: true })
	);
	const rt = take(k.rt, checkNullableNumber(map.get(k.rt), rtRwRules));
	const rw = take(k.rw, checkNullableNumber(map.get(k.rw), rtRwRules));
	const sector = take(k.sector, checkSector(map.get(k.sector), sectors));
	const volume = take(k.volume, checkNullableNumber(map.get(k.volume), volumeRules));
	const unit = take(k.unit, checkString(map.get(k.unit), limits.unitMax, { optional: true }));
	const estimatedCost = take(
		k.estimatedCost,
		checkNullableNumber(map.get(k.estimatedCost), costRules)
	);
	const fundingSource = take(k.fundingSource, checkFundingSource(map.get(k.fundingSource)));
	const order = take(k.order, checkOrderKey(map.get(k.order)));
	const createdAt = take(k.createdAt, checkNumber(map.get(k.createdAt), timestampRules));
	const createdBy = take(k.createdBy, checkActorId(map.get(k.createdBy)));

	const proposers = readYArray(
		map.get(k.proposers),
		k.proposers,
		limits.proposersMax,
		reasons,
		(values) => checkProposerList(values, k.proposers, reasons)
	);
	const mergedFrom = readYArray(
		map.get(k.mergedFrom),
		k.mergedFrom,
		limits.mergedFromMax,
		reasons,
		(values) => {
			const before = reasons.length;
			const records = values.map((v, i) => checkMergeRecord(v, `${k.mergedFrom}.${i}`, reasons));
			return reasons.length > before ? null : (records as MergeRecord[]);
		}
	);

	const rawDeleted = map.get(k.deleted);
	let deleted = false;
	if (rawDeleted === true) deleted = true;
	else if (rawDeleted !== undefined && rawDeleted !== false) {
		reasons.push({ field: k.deleted, code: 'wrongType' });
	}

	const rawMergedInto = map.get(k.mergedInto);
	let mergedInto: string | null = null;
	if (rawMergedInto !== undefined && rawMergedInto !== null) {
		mergedInto = take(k.mergedInto, checkItemId(rawMergedInto)) ?? null;
	}

	const titlePreview =
		rawTitle instanceof Y.Text && !(rawTitle instanceof Y.XmlText)
			? rawTitle.toString().slice(0, limits.titleMax)
			: null;

	let view: BoardItemView | null = null;
	if (reasons.length === 0) {
		// With no reasons every `take` returned a value.
		view = {
			id,
			title: title as string,
			problem: problem as string,
			locationText: locationText as string,
			rt: rt as number | null,
			rw: rw as number | null,
			sector: sector as string,
			volume: volume as number | null,
			unit: unit as string,
			estimatedCost: estimatedCost as number | null,
			fundingSource: fundingSource as FundingSource,
			proposers: proposers as Proposer[],
			order: order as string,
			createdAt: createdAt as number,
			createdBy: createdBy as string,
			mergedFrom: mergedFrom as MergeRecord[],
			mergedIds: []
		};
	}
	return { id, isMap: true, deleted, mergedInto, proposers, reasons, view, titlePreview };
}

/** A `Y.Array` field (absent reads as empty), bounded before its values are copied out. */
function readYArray<T>(
	raw: unknown,
	field: string,
	max: number,
	reasons: FieldError[],
	check: (values: unknown[]) => T[] | null
): T[] | null {
	if (raw === undefined) return [];
	if (!(raw instanceof Y.Array)) {
		reasons.push({ field, code: 'wrongType' });
		return null;
	}
	if (raw.length > max) {
		reasons.push({ field, code: 'tooMany' });
		return null;
	}
	return check(raw.toArray());
}

function parseEntrySafely(id: string, value: unknown, sectors: ReadonlySet<string>): Parsed {
	try {
		return parseEntry(id, value, sectors);
	} catch {
		// Not expected for any input; if it happens, one item is reported, the board still renders.
		return {
			id,
			isMap: value instanceof Y.Map,
			deleted: false,
			mergedInto: null,
			proposers: null,
			reasons: [{ field: 'item', code: 'unreadable' }],
			view: null,
			titlePreview: null
		};
	}
}

/**
 * Resolves `mergedInto` pointers into a forest. A pointer counts only when its target is an item
 * map. Concurrent merges can form a cycle (A merged into B on one phone while B was merged into
 * A on another): the cycle's smallest id then stays a root, so the group stays visible once,
 * and every client picks the same root.
 */
function resolveMerges(parsed: readonly Parsed[]): Map<string, string> {
	const maps = new Set(parsed.filter((p) => p.isMap).map((p) => p.id));
	const parent = new Map<string, string>();
	for (const p of parsed) {
		if (p.isMap && p.mergedInto !== null && maps.has(p.mergedInto)) parent.set(p.id, p.mergedInto);
	}
	// Each node has at most one parent, so every cycle is found by walking up from its members.
	const done = new Set<string>();
	for (const start of [...parent.keys()].sort(compareKeys)) {
		const path: string[] = [];
		const onPath = new Set<string>();
		let node: string | undefined = start;
		while (node !== undefined && !done.has(node) && !onPath.has(node)) {
			path.push(node);
			onPath.add(node);
			node = parent.get(node);
		}
		if (node !== undefined && onPath.has(node)) {
			const cycle = path.slice(path.indexOf(node));
			parent.delete(cycle.reduce((min, id) => (compareKeys(id, min) < 0 ? id : min)));
		}
		for (const id of path) done.add(id);
	}
	return parent;
}

/**
 * Reads and validates the whole board. Pure: the same doc state gives the same result on every
 * client (all lists are sorted by stable keys, never by map iteration order).
 */
export function readBoard(doc: Y.Doc, ctx: BoardContext): BoardView {
	const sectors: ReadonlySet<string> = new Set(ctx.sectors);
	const parsed: Parsed[] = [];
	boardItems(doc).forEach((value, key) => parsed.push(parseEntrySafely(key, value, sectors)));
	parsed.sort((a, b) => compareKeys(a.id, b.id));
	const byId = new Map(parsed.map((p) => [p.id, p]));

	const parent = resolveMerges(parsed);
	const children = new Map<string, string[]>();
	for (const p of parsed) {
		const up = parent.get(p.id);
		if (up === undefined) continue;
		const list = children.get(up);
		if (list) list.push(p.id);
		else children.set(up, [p.id]);
	}
	const rootOf = (id: string) => {
		let node = id;
		for (let up = parent.get(node); up !== undefined; up = parent.get(node)) node = up;
		return node;
	};
	const descendants = (id: string): Parsed[] => {
		const out: Parsed[] = [];
		const stack = [...(children.get(id) ?? [])].reverse();
		while (stack.length > 0) {
			const next = byId.get(stack.pop() as string) as Parsed;
			out.push(next);
			stack.push(...[...(children.get(next.id) ?? [])].reverse());
		}
		return out;
	};

	const items: BoardItemView[] = [];
	const mergedItems: MergedItemView[] = [];
	const deletedItems: BoardItemView[] = [];
	const invalid: InvalidItem[] = [];
	for (const p of parsed) {
		const up = parent.get(p.id);
		if (p.view) {
			const below = descendants(p.id).filter((d) => !d.deleted);
			const view: BoardItemView = {
				...p.view,
				proposers: unionProposers(p.view.proposers, ...below.map((d) => d.proposers ?? [])),
				mergedIds: below.map((d) => d.id).sort(compareKeys)
			};
			if (p.deleted) deletedItems.push(view);
			else if (up !== undefined)
				mergedItems.push({ ...view, mergedInto: up, rootId: rootOf(p.id) });
			else items.push(view);
		} else if (!p.deleted) {
			invalid.push({
				id: p.id,
				status: up !== undefined ? 'merged' : 'active',
				reasons: p.reasons,
				title: p.titlePreview
			});
		}
	}
	items.sort(compareItems);
	return {
		items,
		mergedItems,
		deletedItems,
		invalid,
		locked: boardMeta(doc).get(metaKeys.locked) === true
	};
}
