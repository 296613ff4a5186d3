/**
 * Several phones editing one board at once: each `Y.Doc` is a phone, updates are exchanged with
 * `encodeStateAsUpdate` / `applyUpdate` as the y-websocket sync does, in the orders that matter.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, deleteItem, getItemText, updateField } from './edit.ts';
import { finalizeSnapshot } from './finalize.ts';
import { mergeItems } from './merge.ts';
import { moveDown, moveItem, moveUp } from './move.ts';
import { boardItems, readBoard } from './read.ts';
import { ctx, seededRandom, syncAll, writeRawItem } from './testing.ts';

function phones(n: number, items = ['a', 'b', 'c', 'd', 'e']) {
	const docs = Array.from({ length: n }, () => new Y.Doc());
	for (const id of items) {
		const r = addItem(
			docs[0],
			{
				title: `Usulan ${id}`,
				problem: `Masalah ${id}`,
				sector: 'pendidikan',
				fundingSource: 'swadaya',
				proposers: [{ participantId: `p-${id}`, name: `Warga ${id}` }]
			},
			{ ...ctx, actorId: 'p1', now: 1, id, random: seededRandom(id.charCodeAt(0)) }
		);
		if (!r.ok) throw new Error('setup');
	}
	syncAll(...docs);
	return docs;
}

const move = (seed: number) => ({ ...ctx, random: seededRandom(seed) });

function expectConverged(docs: Y.Doc[]) {
	const first = readBoard(docs[0], ctx);
	for (const d of docs.slice(1)) expect(readBoard(d, ctx)).toEqual(first);
	return first;
}

describe('convergence', () => {
	it('a reorder and a text edit of the same item both survive', () => {
		const [p1, p2, p3] = phones(3);
		moveUp(p1, 'c', move(1));
		moveUp(p1, 'c', move(2));
		getItemText(p2, 'c', 'title')?.insert(6, ' penting');
		getItemText(p3, 'c', 'problem')?.insert(0, 'Mendesak: ');
		syncAll(p1, p2, p3);
		const board = expectConverged([p1, p2, p3]);
		expect(board.items.map((i) => i.id)).toEqual(['c', 'a', 'b', 'd', 'e']);
		expect(board.items[0]).toMatchObject({
			title: 'Usulan penting c',
			problem: 'Mendesak: Masalah c'
		});
	});

	it('concurrent moves of different items converge to one order', () => {
		const [p1, p2, p3] = phones(3);
		moveItem(p1, 'e', { before: 'a' }, move(1));
		moveDown(p2, 'a', move(2));
		moveItem(p3, 'b', { after: 'd' }, move(3));
		syncAll(p1, p2, p3);
		const board = expectConverged([p1, p2, p3]);
		expect(board.items.map((i) => i.id).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
		// Each phone's intent holds where it does not contradict another's.
		const order = board.items.map((i) => i.id);
		expect(order[0]).toBe('e');
		expect(order.indexOf('b')).toBeGreaterThan(order.indexOf('d'));
	});

	it('two phones moving the same item both to one place keep one consistent order', () => {
		const [p1, p2] = phones(2);
		moveItem(p1, 'd', { after: 'a' }, move(1));
		moveItem(p2, 'd', { after: 'a' }, move(2));
		syncAll(p1, p2);
		expect(expectConverged([p1, p2]).items.map((i) => i.id)).toEqual(['a', 'd', 'b', 'c', 'e']);
	});

	it('two phones adding at the end at once both keep their item, in one order', () => {
		const [p1, p2] = phones(2, ['a']);
		const base = { sector: 'ekonomi', fundingSource: 'csr' } as const;
		addItem(
			p1,
			{ ...base, title: 'Dari HP 1' },
			{ ...ctx, actorId: 'x', now: 2, random: seededRandom(1) }
		);
		addItem(
			p2,
			{ ...base, title: 'Dari HP 2' },
			{ ...ctx, actorId: 'y', now: 2, random: seededRandom(2) }
		);
		syncAll(p1, p2);
		const board = expectConverged([p1, p2]);
		expect(
			board.items
				.map((i) => i.title)
				.slice(1)
				.sort()
		).toEqual(['Dari HP 1', 'Dari HP 2']);
		// Jitter kept the two keys apart although both phones inserted at the same spot.
		expect(board.items[1].order).not.toBe(board.items[2].order);
	});

	it('a merge and an edit of the merged item lose no text', () => {
		const [p1, p2] = phones(2);
		mergeItems(p1, { keepId: 'a', mergeIds: ['b'] }, { ...ctx, actorId: 'f', now: 9 });
		getItemText(p2, 'b', 'problem')?.insert(0, 'Tambahan: ');
		updateField(
			p2,
			'b',
			'proposers',
			[{ participantId: 'p-b', name: 'Warga b' }, { name: 'Baru' }],
			ctx
		);
		syncAll(p1, p2);
		const board = expectConverged([p1, p2]);
		expect(board.items.map((i) => i.id)).toEqual(['a', 'c', 'd', 'e']);
		// The snapshot has the text at merge time, the merged item the text as edited since.
		expect(board.items[0].mergedFrom[0].problem).toBe('Masalah b');
		expect(board.mergedItems[0].problem).toBe('Tambahan: Masalah b');
		// A proposer added to the duplicate during the merge still reaches the kept item.
		expect(board.items[0].proposers.map((p) => p.name)).toEqual(['Warga a', 'Warga b', 'Baru']);
		const [u] = finalizeSnapshot(p1, ctx).usulan;
		expect(u.mergedItems[0].problem).toBe('Tambahan: Masalah b');
	});

	it('a merge and an edit of the kept item both survive', () => {
		const [p1, p2] = phones(2);
		mergeItems(p1, { keepId: 'a', mergeIds: ['b'] }, { ...ctx, actorId: 'f', now: 9 });
		getItemText(p2, 'a', 'title')?.insert(0, 'Prioritas: ');
		syncAll(p1, p2);
		const [kept] = expectConverged([p1, p2]).items;
		expect(kept.title).toBe('Prioritas: Usulan a');
		expect(kept.mergedIds).toEqual(['b']);
	});

	it('opposite merges at once (a into b, b into a) keep one of them with everything', () => {
		const [p1, p2] = phones(2);
		mergeItems(p1, { keepId: 'a', mergeIds: ['b'] }, { ...ctx, actorId: 'f1', now: 9 });
		mergeItems(p2, { keepId: 'b', mergeIds: ['a'] }, { ...ctx, actorId: 'f2', now: 9 });
		syncAll(p1, p2);
		const board = expectConverged([p1, p2]);
		expect(board.items.map((i) => i.id)).toEqual(['a', 'c', 'd', 'e']);
		expect(board.items[0].mergedIds).toEqual(['b']);
		expect(board.items[0].proposers.map((p) => p.name)).toEqual(['Warga a', 'Warga b']);
		expect(board.mergedItems.map((m) => [m.id, m.rootId])).toEqual([['b', 'a']]);
	});

	it('merging into an item another phone deleted keeps both recoverable', () => {
		const [p1, p2] = phones(2);
		mergeItems(p1, { keepId: 'a', mergeIds: ['b'] }, { ...ctx, actorId: 'f', now: 9 });
		deleteItem(p2, 'a');
		syncAll(p1, p2);
		const board = expectConverged([p1, p2]);
		expect(board.items.map((i) => i.id)).toEqual(['c', 'd', 'e']);
		expect(board.deletedItems.map((i) => [i.id, i.mergedIds])).toEqual([['a', ['b']]]);
	});

	it('offline edits merge on reconnect', () => {
		const [online, offline] = phones(2);
		moveDown(offline, 'a', move(1));
		getItemText(offline, 'a', 'title')?.insert(0, 'Offline: ');
		updateField(offline, 'a', 'estimatedCost', 5_000_000, ctx);
		moveUp(online, 'e', move(2));
		getItemText(online, 'a', 'problem')?.insert(0, 'Online: ');
		syncAll(online, offline);
		const board = expectConverged([online, offline]);
		expect(board.items.map((i) => i.id)).toEqual(['b', 'a', 'c', 'e', 'd']);
		expect(board.items[1]).toMatchObject({
			title: 'Offline: Usulan a',
			problem: 'Online: Masalah a',
			estimatedCost: 5_000_000
		});
	});
});

describe('a malicious phone', () => {
	function vandalize(doc: Y.Doc) {
		const items = boardItems(doc);
		doc.transact(() => {
			items.set('str', 'x'.repeat(100_000));
			items.set('num', NaN);
			items.set('arr', new Y.Array());
			items.set('txt', new Y.Text('not an item'));
			writeRawItem(doc, 'huge', { title: new Y.Text('x'.repeat(50_000)) });
			writeRawItem(doc, 'nan', { volume: NaN, rt: Infinity });
			writeRawItem(doc, 'cost', { estimatedCost: -1_000_000 });
			writeRawItem(doc, 'sector', { sector: 'militer' });
			writeRawItem(doc, 'order', { order: '}}}garbage' });
			writeRawItem(doc, 'types', {
				title: 5,
				problem: new Y.Map(),
				proposers: 'me',
				mergedFrom: { nope: true },
				deleted: 'no',
				createdAt: 'yesterday'
			});
		});
		// And it tampers with an honest item too.
		const honest = items.get('c') as Y.Map<unknown>;
		honest.set('estimatedCost', NaN);
	}

	it('never breaks reading on other phones; the junk is reported invalid', () => {
		const [p1, p2, evil] = phones(3);
		vandalize(evil);
		syncAll(p1, p2, evil);
		const board = expectConverged([p1, p2, evil]);
		expect(board.items.map((i) => i.id)).toEqual(['a', 'b', 'd', 'e']);
		expect(board.invalid.map((i) => i.id)).toEqual([
			'arr',
			'c',
			'cost',
			'huge',
			'nan',
			'num',
			'order',
			'sector',
			'str',
			'txt',
			'types'
		]);
		expect(board.invalid.find((i) => i.id === 'types')?.reasons).toEqual([
			{ field: 'title', code: 'wrongType' },
			{ field: 'problem', code: 'wrongType' },
			{ field: 'createdAt', code: 'wrongType' },
			{ field: 'proposers', code: 'wrongType' },
			{ field: 'mergedFrom', code: 'wrongType' },
			{ field: 'deleted', code: 'wrongType' }
		]);
		expect(finalizeSnapshot(p1, ctx).usulan.map((u) => u.id)).toEqual(['a', 'b', 'd', 'e']);
	});

	it('operations keep working on a vandalized board, and junk can be cleaned up', () => {
		const [p1, evil] = phones(2);
		vandalize(evil);
		syncAll(p1, evil);
		expect(moveUp(p1, 'd', move(1))).toEqual({ ok: true });
		expect(
			mergeItems(p1, { keepId: 'a', mergeIds: ['b'] }, { ...ctx, actorId: 'f', now: 1 })
		).toEqual({
			ok: true
		});
		expect(updateField(p1, 'c', 'estimatedCost', 1_000, ctx)).toEqual({ ok: true });
		for (const id of ['str', 'num', 'huge', 'types'])
			expect(deleteItem(p1, id)).toEqual({ ok: true });
		syncAll(p1, evil);
		const board = expectConverged([p1, evil]);
		expect(board.items.map((i) => i.id)).toEqual(['a', 'd', 'c', 'e']);
		expect(board.invalid.map((i) => i.id)).toEqual([
			'arr',
			'cost',
			'nan',
			'order',
			'sector',
			'txt'
		]);
	});
});
