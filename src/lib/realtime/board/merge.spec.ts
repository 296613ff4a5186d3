import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getItemText, updateField } from './edit.ts';
import { mergeItems, type MergeOptions } from './merge.ts';
import { moveUp } from './move.ts';
import { readBoard } from './read.ts';
import { limits } from './schema.ts';
import { ctx, writeRawItem } from './testing.ts';

const opts = (extra: Partial<MergeOptions> = {}): MergeOptions => ({
	...ctx,
	actorId: 'fasilitator',
	now: 1_800_000_000_000,
	...extra
});
const people = (...names: string[]) => Y.Array.from(names.map((name) => ({ name })));

function board() {
	const doc = new Y.Doc();
	writeRawItem(doc, 'a', { order: 'a0', proposers: people('Ani', 'Budi') });
	writeRawItem(doc, 'b', {
		order: 'a1',
		title: new Y.Text('Jalan rusak'),
		problem: new Y.Text('Berlubang'),
		proposers: people('Budi', 'Citra')
	});
	writeRawItem(doc, 'c', { order: 'a2', proposers: people('Dewi') });
	writeRawItem(doc, 'd', { order: 'a3', proposers: people() });
	return doc;
}

function countUpdates(doc: Y.Doc, fn: () => void) {
	let n = 0;
	const onUpdate = () => n++;
	doc.on('update', onUpdate);
	fn();
	doc.off('update', onUpdate);
	return n;
}

describe('mergeItems', () => {
	it('keeps one item with everyone’s proposers and records the others as provenance', () => {
		const doc = board();
		let r: ReturnType<typeof mergeItems> | undefined;
		expect(
			countUpdates(doc, () => (r = mergeItems(doc, { keepId: 'c', mergeIds: ['b', 'a'] }, opts())))
		).toBe(1);
		expect(r).toEqual({ ok: true });
		const view = readBoard(doc, ctx);
		expect(view.items.map((i) => i.id)).toEqual(['c', 'd']);
		const [kept] = view.items;
		expect(kept.proposers.map((p) => p.name)).toEqual(['Dewi', 'Budi', 'Citra', 'Ani']);
		expect(kept.mergedIds).toEqual(['a', 'b']);
		expect(kept.mergedFrom).toEqual([
			{
				id: 'b',
				title: 'Jalan rusak',
				problem: 'Berlubang',
				proposers: [{ name: 'Budi' }, { name: 'Citra' }],
				mergedAt: 1_800_000_000_000,
				mergedBy: 'fasilitator'
			},
			{
				id: 'a',
				title: 'Perbaikan jalan',
				problem: 'Jalan berlubang di depan balai RW',
				proposers: [{ name: 'Ani' }, { name: 'Budi' }],
				mergedAt: 1_800_000_000_000,
				mergedBy: 'fasilitator'
			}
		]);
		expect(view.mergedItems.map((m) => [m.id, m.mergedInto, m.title])).toEqual([
			['a', 'c', 'Perbaikan jalan'],
			['b', 'c', 'Jalan rusak']
		]);
	});

	it('writes the union into the kept item itself, not only on read', () => {
		const doc = board();
		mergeItems(doc, { keepId: 'a', mergeIds: ['b'] }, opts());
		const proposers = (doc.getMap('items').get('a') as Y.Map<unknown>).get(
			'proposers'
		) as Y.Array<unknown>;
		expect(proposers.toJSON()).toEqual([{ name: 'Ani' }, { name: 'Budi' }, { name: 'Citra' }]);
	});

	it('keeps the kept item’s place in the order', () => {
		const doc = board();
		mergeItems(doc, { keepId: 'b', mergeIds: ['a'] }, opts());
		expect(readBoard(doc, ctx).items.map((i) => i.id)).toEqual(['b', 'c', 'd']);
	});

	it('merged items keep their own text, still editable', () => {
		const doc = board();
		mergeItems(doc, { keepId: 'a', mergeIds: ['b'] }, opts());
		getItemText(doc, 'b', 'problem')?.insert(0, 'Sangat ');
		expect(readBoard(doc, ctx).mergedItems[0].problem).toBe('Sangat Berlubang');
	});

	it('merges an item that already has merged items: the chain stays whole', () => {
		const doc = board();
		mergeItems(doc, { keepId: 'b', mergeIds: ['c'] }, opts());
		mergeItems(doc, { keepId: 'a', mergeIds: ['b'] }, opts({ now: 1_800_000_000_001 }));
		const view = readBoard(doc, ctx);
		expect(view.items.map((i) => i.id)).toEqual(['a', 'd']);
		expect(view.items[0].mergedIds).toEqual(['b', 'c']);
		expect(view.items[0].proposers.map((p) => p.name)).toEqual(['Ani', 'Budi', 'Citra', 'Dewi']);
		expect(view.mergedItems.map((m) => [m.id, m.mergedInto, m.rootId])).toEqual([
			['b', 'a', 'a'],
			['c', 'b', 'a']
		]);
	});

	it.each([
		[{ keepId: 'zz', mergeIds: ['a'] }, [{ field: 'keepId', code: 'notFound' }]],
		[{ keepId: 'a', mergeIds: [] }, [{ field: 'mergeIds', code: 'empty' }]],
		[{ keepId: 'a', mergeIds: ['a'] }, [{ field: 'mergeIds.0', code: 'sameItem' }]],
		[{ keepId: 'a', mergeIds: ['b', 'b'] }, [{ field: 'mergeIds.1', code: 'duplicate' }]],
		[
			{ keepId: 'a', mergeIds: ['b', 'zz', 'a'] },
			[
				{ field: 'mergeIds.1', code: 'notFound' },
				{ field: 'mergeIds.2', code: 'sameItem' }
			]
		]
	])('refuses %j and writes nothing', (args, errors) => {
		const doc = board();
		let r: ReturnType<typeof mergeItems> | undefined;
		expect(countUpdates(doc, () => (r = mergeItems(doc, args, opts())))).toBe(0);
		expect(r).toEqual({ ok: false, errors });
	});

	it('refuses merged, deleted and invalid items on either side', () => {
		const doc = board();
		writeRawItem(doc, 'gone', { deleted: true });
		writeRawItem(doc, 'bad', { estimatedCost: -1 });
		mergeItems(doc, { keepId: 'a', mergeIds: ['b'] }, opts());
		for (const id of ['b', 'gone', 'bad']) {
			expect(mergeItems(doc, { keepId: id, mergeIds: ['c'] }, opts())).toEqual({
				ok: false,
				errors: [{ field: 'keepId', code: 'notActive' }]
			});
			expect(mergeItems(doc, { keepId: 'c', mergeIds: [id] }, opts())).toEqual({
				ok: false,
				errors: [{ field: 'mergeIds.0', code: 'notActive' }]
			});
		}
	});

	it('refuses a bad actor or time', () => {
		const doc = board();
		expect(
			mergeItems(doc, { keepId: 'a', mergeIds: ['b'] }, opts({ actorId: ' ', now: -1 }))
		).toEqual({
			ok: false,
			errors: [
				{ field: 'mergedBy', code: 'empty' },
				{ field: 'mergedAt', code: 'negative' }
			]
		});
	});

	it('refuses when the union would exceed the proposer limit', () => {
		const doc = board();
		const half = Math.ceil(limits.proposersMax / 2) + 1;
		const list = (prefix: string) =>
			Array.from({ length: half }, (_, i) => ({ name: `${prefix}${i}` }));
		updateField(doc, 'a', 'proposers', list('A'), ctx);
		updateField(doc, 'b', 'proposers', list('B'), ctx);
		expect(mergeItems(doc, { keepId: 'a', mergeIds: ['b'] }, opts())).toEqual({
			ok: false,
			errors: [{ field: 'proposers', code: 'tooMany' }]
		});
	});

	it('the kept item can still be moved and the merged one cannot', () => {
		const doc = board();
		mergeItems(doc, { keepId: 'c', mergeIds: ['a'] }, opts());
		expect(moveUp(doc, 'c', ctx)).toEqual({ ok: true });
		expect(moveUp(doc, 'a', ctx)).toEqual({
			ok: false,
			errors: [{ field: 'id', code: 'notActive' }]
		});
	});
});
