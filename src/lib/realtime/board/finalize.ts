/**
 * The board as the server materializes it into relational usulan rows when the facilitator
 * finalizes: ranked, every field, proposers and merge history. Pure; the server writes the rows.
 */
import type * as Y from 'yjs';
import { compareKeys } from './order-key.ts';
import { readBoard, type BoardItemView, type InvalidItem } from './read.ts';
import type { BoardContext, MergeRecord } from './schema.ts';

/** The current state of an item merged (directly or through a chain) into a ranked usulan. */
export type FinalizedMergedItem = Pick<
	BoardItemView,
	'id' | 'title' | 'problem' | 'proposers' | 'createdAt' | 'createdBy'
> & {
	/** The item it was merged into (the ranked usulan, or an item merged into it in turn). */
	mergedInto: string;
};

/** One row-to-be: an usulan with its rank (1 = highest priority). */
/** One ranked usulan as the server stores it: the read view's fields plus rank and history. */
export type FinalizedUsulan = Omit<BoardItemView, 'order' | 'mergedFrom' | 'mergedIds'> & {
	rank: number;
	/** The order key it was ranked by (for audit; the rank is what counts). */
	orderKey: string;
	/** Provenance written by each merge into it or into an item merged into it, oldest first. */
	mergeHistory: MergeRecord[];
	/** The merged items as they are now (edits made after the merge included), by id. */
	mergedItems: FinalizedMergedItem[];
};

export type FinalizeSnapshot = {
	/** Ranks 1..n without gaps, in board order. */
	usulan: FinalizedUsulan[];
	/**
	 * Items left out because they failed validation, sorted by id. Besides `readBoard`'s invalid
	 * items this includes listed items with a blank title: the board tolerates one while someone
	 * retypes it, a final list cannot.
	 */
	invalid: InvalidItem[];
};

/** The ranked list to store, plus what was skipped and why. */
export function finalizeSnapshot(doc: Y.Doc, ctx: BoardContext): FinalizeSnapshot {
	const board = readBoard(doc, ctx);
	const invalid = [...board.invalid];
	const usulan: FinalizedUsulan[] = [];
	for (const item of board.items) {
		if (item.title.trim() === '') {
			invalid.push({
				id: item.id,
				status: 'active',
				reasons: [{ field: 'title', code: 'empty' }],
				title: item.title
			});
			continue;
		}
		const merged = board.mergedItems.filter((m) => m.rootId === item.id);
		const mergeHistory = [item, ...merged]
			.flatMap((m) => m.mergedFrom)
			.sort((a, b) => a.mergedAt - b.mergedAt || compareKeys(a.id, b.id));
		usulan.push({
			rank: usulan.length + 1,
			id: item.id,
			title: item.title,
			problem: item.problem,
			locationText: item.locationText,
			rt: item.rt,
			rw: item.rw,
			sector: item.sector,
			volume: item.volume,
			unit: item.unit,
			estimatedCost: item.estimatedCost,
			fundingSource: item.fundingSource,
			proposers: item.proposers,
			createdAt: item.createdAt,
			createdBy: item.createdBy,
			orderKey: item.order,
			mergeHistory,
			mergedItems: merged.map((m) => ({
				id: m.id,
				title: m.title,
				problem: m.problem,
				proposers: m.proposers,
				createdAt: m.createdAt,
				createdBy: m.createdBy,
				mergedInto: m.mergedInto
			}))
		});
	}
	invalid.sort((a, b) => compareKeys(a.id, b.id));
	return { usulan, invalid };
}
