import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, deleteItem, getItemText, setText } from './edit.ts';
import { finalizeSnapshot, type FinalizedUsulan } from './finalize.ts';
import { mergeItems } from './merge.ts';
import { moveUp } from './move.ts';
import { ctx, seededRandom, writeRawItem } from './testing.ts';

function add(doc: Y.Doc, id: string, title: string, extra: Record<string, unknown> = {}) {
	const r = addItem(
		doc,
		{
			title,
			sector: 'ekonomi',
			fundingSource: 'swadaya',
			proposers: [{ name: `P-${id}` }],
			...extra
		},
		{ ...ctx, actorId: 'p1', now: 1_000, id, random: seededRandom(id.length) }
	);
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
}

describe('finalizeSnapshot', () => {
	it('ranks the listed items 1..n in board order with every field', () => {
		const doc = new Y.Doc();
		add(doc, 'a', 'Satu', {
			problem: 'Masalah',
			locationText: 'Gang 3',
			rt: 1,
			rw: 4,
			volume: 2,
			unit: 'unit',
			estimatedCost: 9_000_000
		});
		add(doc, 'b', 'Dua');
		add(doc, 'c', 'Tiga');
		moveUp(doc, 'c', ctx);
		const snap = finalizeSnapshot(doc, ctx);
		expect(snap.invalid).toEqual([]);
		expect(snap.usulan.map((u) => [u.rank, u.id])).toEqual([
			[1, 'a'],
			[2, 'c'],
			[3, 'b']
		]);
		const first = snap.usulan[0];
		expect(first).toEqual({
			rank: 1,
			id: 'a',
			title: 'Satu',
			problem: 'Masalah',
			locationText: 'Gang 3',
			rt: 1,
			rw: 4,
			sector: 'ekonomi',
			volume: 2,
			unit: 'unit',
			estimatedCost: 9_000_000,
			fundingSource: 'swadaya',
			proposers: [{ name: 'P-a' }],
			createdAt: 1_000,
			createdBy: 'p1',
			orderKey: first.orderKey,
			mergeHistory: [],
			mergedItems: []
		} satisfies FinalizedUsulan);
		expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
	});

	it('carries merge history and the merged items as they are now', () => {
		const doc = new Y.Doc();
		add(doc, 'a', 'Air bersih');
		add(doc, 'b', 'Sumur');
		add(doc, 'c', 'PAM');
		mergeItems(doc, { keepId: 'b', mergeIds: ['c'] }, { ...ctx, actorId: 'f', now: 5 });
		mergeItems(doc, { keepId: 'a', mergeIds: ['b'] }, { ...ctx, actorId: 'f', now: 6 });
		getItemText(doc, 'c', 'title')?.insert(3, ' kota');
		const [u] = finalizeSnapshot(doc, ctx).usulan;
		expect(u.proposers.map((p) => p.name)).toEqual(['P-a', 'P-b', 'P-c']);
		expect(u.mergeHistory.map((r) => [r.id, r.title, r.mergedAt])).toEqual([
			['c', 'PAM', 5],
			['b', 'Sumur', 6]
		]);
		expect(u.mergedItems.map((m) => [m.id, m.title, m.mergedInto])).toEqual([
			['b', 'Sumur', 'a'],
			['c', 'PAM kota', 'b']
		]);
	});

	it('skips deleted and merged items, and reports invalid ones with their reasons', () => {
		const doc = new Y.Doc();
		add(doc, 'a', 'Satu');
		add(doc, 'b', 'Dua');
		add(doc, 'c', 'Tiga');
		deleteItem(doc, 'b');
		writeRawItem(doc, 'bad', { estimatedCost: -1, order: 'a1V' });
		doc.getMap('items').set('junk', 'x');
		const snap = finalizeSnapshot(doc, ctx);
		expect(snap.usulan.map((u) => [u.rank, u.id])).toEqual([
			[1, 'a'],
			[2, 'c']
		]);
		expect(snap.invalid.map((i) => [i.id, i.reasons])).toEqual([
			['bad', [{ field: 'estimatedCost', code: 'negative' }]],
			['junk', [{ field: 'item', code: 'wrongType' }]]
		]);
	});

	it('leaves out an item whose title was emptied, without a gap in the ranks', () => {
		const doc = new Y.Doc();
		add(doc, 'a', 'Satu');
		add(doc, 'b', 'Dua');
		add(doc, 'c', 'Tiga');
		const title = getItemText(doc, 'b', 'title');
		title?.delete(0, title.length);
		title?.insert(0, '   ');
		const snap = finalizeSnapshot(doc, ctx);
		expect(snap.usulan.map((u) => [u.rank, u.id])).toEqual([
			[1, 'a'],
			[2, 'c']
		]);
		expect(snap.invalid).toEqual([
			{ id: 'b', status: 'active', reasons: [{ field: 'title', code: 'empty' }], title: '   ' }
		]);
		setText(doc, 'b', 'title', 'Dua lagi');
		expect(finalizeSnapshot(doc, ctx).usulan).toHaveLength(3);
	});

	it('is empty for an empty doc', () => {
		expect(finalizeSnapshot(new Y.Doc(), ctx)).toEqual({ usulan: [], invalid: [] });
	});
});
