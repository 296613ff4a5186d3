/**
 * The shape of the `meeting/<id>/board` Yjs doc, in one place: every key name, every limit, every
 * code a refusal can carry. Shared by the phone UI, the facilitator console and the server's
 * finalize step; no I/O here.
 *
 * ```
 * doc
 * ├── items: Y.Map<itemId, Y.Map>     one entry per usulan, keyed by a random id
 * │     ├── title: Y.Text               co-edited
 * │     ├── problem: Y.Text             co-edited problem description
 * │     ├── locationText: string        free text ("depan balai RW 03")
 * │     ├── rt, rw: number | null
 * │     ├── sector: string              a sector code of the kelurahan
 * │     ├── volume: number | null, unit: string
 * │     ├── estimatedCost: number | null   whole Rupiah
 * │     ├── fundingSource: FundingSource
 * │     ├── proposers: Y.Array<Proposer>
 * │     ├── order: string               fractional-index key (priority; lower sorts first)
 * │     ├── createdAt: number (ms), createdBy: string (participant or user id)
 * │     ├── mergedInto?: string         set when this item was merged into another
 * │     ├── mergedFrom: Y.Array<MergeRecord>   provenance of the items merged into this one
 * │     └── deleted: boolean            tombstone (items are never removed, so a delete is undoable
 * │                                     and never races a concurrent edit into nothing)
 * └── meta: Y.Map                      mirrors for display only (e.g. `locked`)
 * ```
 *
 * Any client with write access can put anything into the doc, so nothing here is trusted when
 * read: `readBoard` checks every field against these limits.
 */

/** Names of the top-level shared types of the board doc. */
export const boardRoot = {
	/** `Y.Map<itemId, Y.Map>`: the usulan. */
	items: 'items',
	/** `Y.Map`: display mirrors of server state. Not authoritative. */
	meta: 'meta'
} as const;

/** Keys of an item's `Y.Map`. */
export const itemKeys = {
	title: 'title',
	problem: 'problem',
	locationText: 'locationText',
	rt: 'rt',
	rw: 'rw',
	sector: 'sector',
	volume: 'volume',
	unit: 'unit',
	estimatedCost: 'estimatedCost',
	fundingSource: 'fundingSource',
	proposers: 'proposers',
	order: 'order',
	createdAt: 'createdAt',
	createdBy: 'createdBy',
	mergedInto: 'mergedInto',
	mergedFrom: 'mergedFrom',
	deleted: 'deleted'
} as const;
export type ItemKey = (typeof itemKeys)[keyof typeof itemKeys];

/** Keys of the board's `meta` map. */
export const metaKeys = {
	/**
	 * Mirror of the server's board lock, so phones can grey out editing. The real lock is the
	 * server turning connections read-only; a client writing `locked: false` here changes nothing.
	 */
	locked: 'locked'
} as const;

/** The co-edited text fields (`Y.Text`). Everything else is a plain value or a `Y.Array`. */
export const textFields = ['title', 'problem'] as const;
export type TextField = (typeof textFields)[number];

/**
 * Proposed funding sources: dana kelurahan / APBD, swadaya (residents' own contribution), CSR,
 * LSM (NGO), lainnya (other). Stored as these codes; the UI translates them.
 */
export const fundingSources = ['dana_kelurahan', 'swadaya', 'csr', 'lsm', 'lainnya'] as const;
export type FundingSource = (typeof fundingSources)[number];

/**
 * Limits checked on input (`addItem`, `updateField`, …) and again on every read. Lengths are
 * counted in UTF-16 code units (JS `string.length`), as the Y.Text length is.
 */
export const limits = {
	/** Item ids: the map keys. Generated ids are UUIDs; anything else is refused. */
	itemIdMax: 64,
	titleMax: 200,
	problemMax: 4000,
	locationTextMax: 200,
	unitMax: 40,
	/** Participant and user ids (createdBy, proposer.participantId, mergedBy). */
	actorIdMax: 64,
	proposerNameMax: 100,
	/** A merged usulan carries everyone who proposed any of its duplicates: up to a full hall. */
	proposersMax: 1000,
	/** Provenance records on one item. */
	mergedFromMax: 200,
	/** RT / RW numbers are small positive integers (RT 001 … RT 0xx). */
	rtRwMin: 1,
	rtRwMax: 999,
	/** Volume is a quantity in `unit` (meters, units, people …); fractions allowed. */
	volumeMax: 1_000_000_000,
	/** Whole Rupiah. 10 triliun: above any single usulan of a kelurahan, well inside 2^53. */
	estimatedCostMax: 10_000_000_000_000,
	/** Timestamps in ms since the epoch, within what `Date` can represent. */
	timestampMax: 8_640_000_000_000_000,
	/**
	 * Fractional-index keys grow by about one character per six bisections of the same gap; 256
	 * leaves room for well over a thousand moves into one spot. A move that would need a longer
	 * key is refused (`orderUnavailable`).
	 */
	orderKeyMax: 256
} as const;

/** Item ids: URL- and SQL-safe, short. Covers the UUIDs `addItem` generates. */
export const ITEM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Why a value was refused, as codes a UI can translate (`board.error.<code>`), never sentences.
 * Each refusal names its field too, so "title: tooLong" reads as one message.
 */
export const reasonCodes = [
	/** The field is missing. */
	'required',
	/** The value has the wrong type (a string where a number belongs, a map where text belongs …). */
	'wrongType',
	/** The text is blank where something is needed. */
	'empty',
	/** The text is longer than its limit. */
	'tooLong',
	/** The list is longer than its limit. */
	'tooMany',
	/** A whole number was expected. */
	'notInteger',
	/** NaN or ±Infinity. */
	'notFinite',
	/** Below zero. */
	'negative',
	/** Above the field's maximum. */
	'tooLarge',
	/** Outside the field's range (e.g. RT 0). */
	'outOfRange',
	/** Not one of the meeting's sectors. */
	'unknownSector',
	/** Not one of the allowed values (e.g. funding source). */
	'unknownValue',
	/** Badly formed (an id or an order key that does not follow the format). */
	'malformed',
	/** No such item. */
	'notFound',
	/** The item is merged, deleted or invalid, so it cannot take part in this operation. */
	'notActive',
	/** The same id appears twice. */
	'duplicate',
	/** An item cannot be merged into or placed next to itself. */
	'sameItem',
	/** `before` and `after` are not next to each other. */
	'notAdjacent',
	/** No order key fits there any more (see `limits.orderKeyMax`). */
	'orderUnavailable',
	/** The id is already in use. */
	'taken',
	/** The doc could not be read at all (a defect, reported rather than thrown). */
	'unreadable'
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

/**
 * One refusal: `field` is a path into the item or the input (`title`, `proposers.2.name`,
 * `mergeIds.0`, `item` for the item as a whole, `id` for its key).
 */
export type FieldError = { field: string; code: ReasonCode };

/** Result of every operation: nothing is thrown for bad input or a strange doc. */
export type OpResult<T extends object = object> =
	({ ok: true } & T) | { ok: false; errors: FieldError[] };

/** Someone who proposed an usulan; `participantId` when they joined the meeting on a phone. */
export type Proposer = { participantId?: string; name: string; rt?: number; rw?: number };

/**
 * Provenance written into the kept item's `mergedFrom` when another item is merged into it: the
 * merged item's id and its text and proposers at merge time. The merged item itself stays in
 * the doc (with `mergedInto`), so later concurrent edits to it are not lost either.
 */
export type MergeRecord = {
	id: string;
	title: string;
	problem: string;
	proposers: Proposer[];
	mergedAt: number;
	mergedBy: string;
};

/** What reading needs to know about the meeting. */
export type BoardContext = {
	/** Sector codes an usulan may use (the kelurahan's active sectors). */
	sectors: readonly string[];
};

/** Options every writing operation accepts. */
export type WriteOptions = {
	/** Yjs transaction origin, so observers (and an UndoManager) know where a change came from. */
	origin?: unknown;
};
