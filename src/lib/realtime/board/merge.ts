/**
 * Merging duplicate usulan. Nothing is thrown away: the merged items stay in the doc with
 * `mergedInto` (their text stays editable and is read back as provenance), the kept item's
 * proposers become the union, and the kept item records a snapshot of each merged item.
 */
import * as Y from 'yjs';
import { itemMap, refuse, transact } from './edit.ts';
import { actorIdSchema, toFieldErrors } from './input.ts';
import { readBoard } from './read.ts';
import {
	itemKeys,
	limits,
	type BoardContext,
	type FieldError,
	type MergeRecord,
	type OpResult,
	type Proposer,
	type WriteOptions
} from './schema.ts';
import { checkNumber, checkProposerList, timestampRules, unionProposers } from './validate.ts';

export type MergeOptions = BoardContext &
	WriteOptions & {
		/** Who merges (`mergedBy` of the provenance records). */
		actorId: string;
		/** When, ms since the epoch (`mergedAt`). */
		now: number;
	};

/**
 * Merges `mergeIds` into `keepId`. All must be listed on the board (valid, not merged, not
 * deleted) and distinct. The kept item keeps its place in the order.
 *
 * Merges racing each other stay safe: if two phones merge A into B and B into A at once, the
 * read side breaks the cycle (see `readBoard`) and no proposer or text is lost.
 */
export function mergeItems(
	doc: Y.Doc,
	{ keepId, mergeIds }: { keepId: string; mergeIds: readonly string[] },
	opts: MergeOptions
): OpResult {
	const errors: FieldError[] = [];
	const actor = actorIdSchema.safeParse(opts.actorId);
	if (!actor.success) errors.push(...toFieldErrors(actor.error, 'mergedBy'));
	const now = checkNumber(opts.now, timestampRules);
	if (!now.ok) errors.push({ field: 'mergedAt', code: now.code });
	if (!Array.isArray(mergeIds) || mergeIds.length === 0) {
		errors.push({ field: 'mergeIds', code: 'empty' });
	}
	if (!actor.success || !now.ok || errors.length > 0) return { ok: false, errors };

	return transact(doc, opts.origin, (): OpResult => {
		const active = new Map(readBoard(doc, opts).items.map((i) => [i.id, i]));
		const keep = active.get(keepId);
		if (!keep) return refuse('keepId', itemMap(doc, keepId) ? 'notActive' : 'notFound');
		const seen = new Set<string>();
		mergeIds.forEach((id, i) => {
			const field = `mergeIds.${i}`;
			if (id === keepId) errors.push({ field, code: 'sameItem' });
			else if (seen.has(id)) errors.push({ field, code: 'duplicate' });
			else if (!active.has(id)) {
				errors.push({ field, code: itemMap(doc, id) ? 'notActive' : 'notFound' });
			}
			seen.add(id);
		});
		if (errors.length > 0) return { ok: false, errors };
		const merged = mergeIds.map((id) => active.get(id)!);

		const keepMap = itemMap(doc, keepId)!;
		// A listed item's arrays are valid or absent, so these reads cannot fail.
		const proposersArray = keepMap.get(itemKeys.proposers);
		const own =
			proposersArray instanceof Y.Array
				? (checkProposerList(proposersArray.toArray(), itemKeys.proposers, []) ?? [])
				: [];
		const added = unionProposers(own, ...merged.map((m) => m.proposers)).slice(own.length);
		if (own.length + added.length > limits.proposersMax) {
			return refuse(itemKeys.proposers, 'tooMany');
		}
		const historyArray = keepMap.get(itemKeys.mergedFrom);
		const historyLength = historyArray instanceof Y.Array ? historyArray.length : 0;
		if (historyLength + merged.length > limits.mergedFromMax) {
			return refuse(itemKeys.mergedFrom, 'tooMany');
		}

		const records: MergeRecord[] = merged.map((m) => ({
			id: m.id,
			title: m.title,
			problem: m.problem,
			proposers: m.proposers,
			mergedAt: now.value,
			mergedBy: actor.data
		}));
		if (proposersArray instanceof Y.Array) proposersArray.push(added);
		else keepMap.set(itemKeys.proposers, Y.Array.from<Proposer>(added));
		if (historyArray instanceof Y.Array) historyArray.push(records);
		else keepMap.set(itemKeys.mergedFrom, Y.Array.from<MergeRecord>(records));
		for (const m of merged) itemMap(doc, m.id)!.set(itemKeys.mergedInto, keepId);
		return { ok: true };
	});
}
