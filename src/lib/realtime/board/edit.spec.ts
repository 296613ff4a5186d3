import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addItem,
	addProposer,
	deleteItem,
	getItemText,
	removeProposer,
	restoreItem,
	setLockedMirror,
	setText,
	updateField,
	type AddItemOptions
} from './edit.ts';
import type { ItemInput } from './input.ts';
import { boardItems, readBoard } from './read.ts';
import { limits } from './schema.ts';
import { ctx, seededRandom, syncAll, writeRawItem } from './testing.ts';

const input: ItemInput = {
	title: 'Pelatihan menjahit',
	problem: 'Ibu-ibu RW 02 ingin usaha jahit',
	locationText: 'Balai RW 02',
	rt: 3,
	rw: 2,
	sector: 'ekonomi',
	volume: 20,
	unit: 'orang',
	estimatedCost: 12_500_000,
	fundingSource: 'csr',
	proposers: [{ participantId: 'p7', name: 'Bu Ani', rt: 3, rw: 2 }]
};
const opts = (extra: Partial<AddItemOptions> = {}): AddItemOptions => ({
	...ctx,
	actorId: 'p7',
	now: 1_700_000_000_000,
	random: seededRandom(7),
	...extra
});

/** Counts transactions that changed the doc while `fn` runs. */
function countUpdates(doc: Y.Doc, fn: () => void) {
	let n = 0;
	const onUpdate = () => n++;
	doc.on('update', onUpdate);
	fn();
	doc.off('update', onUpdate);
	return n;
}

function add(doc: Y.Doc, id: string, extra: Partial<ItemInput> = {}) {
	const r = addItem(doc, { ...input, ...extra }, opts({ id }));
	if (!r.ok) throw new Error(JSON.stringify(r.errors));
	return r.id;
}

describe('addItem', () => {
	it('adds a valid item at the end, in one transaction', () => {
		const doc = new Y.Doc();
		add(doc, 'first');
		let result: ReturnType<typeof addItem> | undefined;
		expect(countUpdates(doc, () => (result = addItem(doc, input, opts())))).toBe(1);
		expect(result?.ok).toBe(true);
		const id = result?.ok ? result.id : '';
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		const board = readBoard(doc, ctx);
		expect(board.invalid).toEqual([]);
		expect(board.items.map((i) => i.id)).toEqual(['first', id]);
		expect(board.items[1]).toMatchObject({
			...input,
			createdAt: 1_700_000_000_000,
			createdBy: 'p7',
			mergedFrom: [],
			mergedIds: []
		});
	});

	it('stores title and problem as Y.Text for co-editing', () => {
		const doc = new Y.Doc();
		const id = add(doc, 'a');
		const title = getItemText(doc, id, 'title');
		expect(title).toBeInstanceOf(Y.Text);
		title?.insert(0, 'Usulan: ');
		expect(readBoard(doc, ctx).items[0].title).toBe('Usulan: Pelatihan menjahit');
	});

	it('trims input and fills defaults', () => {
		const doc = new Y.Doc();
		const r = addItem(
			doc,
			{ title: '  Lampu jalan ', sector: 'infrastruktur', fundingSource: 'lainnya' },
			opts()
		);
		expect(r.ok).toBe(true);
		expect(readBoard(doc, ctx).items[0]).toMatchObject({
			title: 'Lampu jalan',
			problem: '',
			rt: null,
			volume: null,
			estimatedCost: null,
			proposers: []
		});
	});

	it('refuses invalid input with codes and writes nothing', () => {
		const doc = new Y.Doc();
		const bad = { ...input, title: 'x'.repeat(limits.titleMax + 1), sector: 'militer', rt: 0 };
		let result: ReturnType<typeof addItem> | undefined;
		expect(countUpdates(doc, () => (result = addItem(doc, bad, opts())))).toBe(0);
		expect(result).toEqual({
			ok: false,
			errors: [
				{ field: 'title', code: 'tooLong' },
				{ field: 'rt', code: 'outOfRange' },
				{ field: 'sector', code: 'unknownSector' }
			]
		});
	});

	it('refuses a bad actor, time or id', () => {
		const doc = new Y.Doc();
		expect(addItem(doc, input, opts({ actorId: '', now: NaN, id: 'no spaces' }))).toEqual({
			ok: false,
			errors: [
				{ field: 'createdBy', code: 'empty' },
				{ field: 'createdAt', code: 'notFinite' },
				{ field: 'id', code: 'malformed' }
			]
		});
	});

	it('refuses an id that is taken, even by junk', () => {
		const doc = new Y.Doc();
		boardItems(doc).set('junk', 5);
		add(doc, 'a');
		expect(addItem(doc, input, opts({ id: 'a' }))).toEqual({
			ok: false,
			errors: [{ field: 'id', code: 'taken' }]
		});
		expect(addItem(doc, input, opts({ id: 'junk' }))).toMatchObject({ ok: false });
	});

	it('appends after the last listed item, ignoring invalid and hidden ones', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'x', { order: 'a5' });
		writeRawItem(doc, 'bad', { order: 'zzzz' });
		writeRawItem(doc, 'merged', { order: 'b00', mergedInto: 'x' });
		const id = add(doc, 'new');
		expect(readBoard(doc, ctx).items.map((i) => i.id)).toEqual(['x', id]);
	});

	it('passes the origin to the transaction', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr) => origins.push(tr.origin));
		const origin = { kind: 'phone' };
		addItem(doc, input, opts({ origin }));
		expect(origins).toEqual([origin]);
	});
});

describe('updateField', () => {
	it.each([
		['locationText', 'Gang Mawar'],
		['rt', 9],
		['rt', null],
		['rw', 1],
		['sector', 'pendidikan'],
		['volume', 0.5],
		['volume', null],
		['unit', 'paket'],
		['estimatedCost', 0],
		['estimatedCost', null],
		['fundingSource', 'lsm'],
		['proposers', [{ name: 'Pak RT' }]]
	] as const)('sets %s to %j', (field, value) => {
		const doc = new Y.Doc();
		add(doc, 'a');
		expect(countUpdates(doc, () => updateField(doc, 'a', field, value as never, ctx))).toBe(1);
		expect(readBoard(doc, ctx).items[0][field]).toEqual(value);
	});

	it.each([
		['rt', 0, 'outOfRange'],
		['rw', 2.5, 'notInteger'],
		['sector', 'militer', 'unknownSector'],
		['volume', -1, 'negative'],
		['volume', Infinity, 'notFinite'],
		['estimatedCost', 1.5, 'notInteger'],
		['estimatedCost', -10, 'negative'],
		['estimatedCost', '10', 'wrongType'],
		['fundingSource', 'apbn', 'unknownValue'],
		['unit', 'u'.repeat(limits.unitMax + 1), 'tooLong'],
		['locationText', 7, 'wrongType']
	] as const)('refuses %s = %j (%s) and writes nothing', (field, value, code) => {
		const doc = new Y.Doc();
		add(doc, 'a');
		let r: ReturnType<typeof updateField> | undefined;
		expect(countUpdates(doc, () => (r = updateField(doc, 'a', field, value as never, ctx)))).toBe(
			0
		);
		expect(r).toEqual({ ok: false, errors: [{ field, code }] });
	});

	it('refuses a proposer list with a bad entry, naming the entry', () => {
		const doc = new Y.Doc();
		add(doc, 'a');
		expect(updateField(doc, 'a', 'proposers', [{ name: 'ok' }, { name: '' }], ctx)).toEqual({
			ok: false,
			errors: [{ field: 'proposers.1.name', code: 'empty' }]
		});
	});

	it('refuses fields that are not editable this way', () => {
		const doc = new Y.Doc();
		add(doc, 'a');
		for (const field of ['title', 'order', 'deleted', 'mergedInto', 'createdBy']) {
			expect(updateField(doc, 'a', field as never, 'x' as never, ctx)).toEqual({
				ok: false,
				errors: [{ field: 'field', code: 'unknownValue' }]
			});
		}
	});

	it('refuses a missing item or a junk entry', () => {
		const doc = new Y.Doc();
		boardItems(doc).set('junk', 'x');
		for (const id of ['nope', 'junk']) {
			expect(updateField(doc, id, 'rt', 1, ctx)).toEqual({
				ok: false,
				errors: [{ field: 'id', code: 'notFound' }]
			});
		}
	});

	it('repairs an invalid field', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'a', { estimatedCost: NaN, proposers: 'junk' });
		expect(readBoard(doc, ctx).items).toEqual([]);
		updateField(doc, 'a', 'estimatedCost', 1_000, ctx);
		updateField(doc, 'a', 'proposers', [{ name: 'Bu Siti' }], ctx);
		expect(readBoard(doc, ctx).items[0]).toMatchObject({
			estimatedCost: 1_000,
			proposers: [{ name: 'Bu Siti' }]
		});
	});
});

describe('setText', () => {
	it('replaces the text with the smallest edit, so a concurrent edit survives', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		add(a, 'x', { title: 'Perbaikan jalan' });
		syncAll(a, b);
		expect(setText(a, 'x', 'title', 'Perbaikan jalan desa')).toEqual({ ok: true });
		getItemText(b, 'x', 'title')?.insert(0, 'Usulan: ');
		syncAll(a, b);
		expect(readBoard(a, ctx).items[0].title).toBe('Usulan: Perbaikan jalan desa');
		expect(readBoard(b, ctx).items[0].title).toBe('Usulan: Perbaikan jalan desa');
	});

	it('keeps surrogate pairs whole', () => {
		const doc = new Y.Doc();
		add(doc, 'x', { title: 'Taman 🌳 RW' });
		setText(doc, 'x', 'title', 'Taman 🌲 RW');
		expect(readBoard(doc, ctx).items[0].title).toBe('Taman 🌲 RW');
		setText(doc, 'x', 'problem', '🌳🌳');
		setText(doc, 'x', 'problem', '🌳🌲🌳');
		expect(readBoard(doc, ctx).items[0].problem).toBe('🌳🌲🌳');
	});

	it('refuses a blank title or an overlong text', () => {
		const doc = new Y.Doc();
		add(doc, 'x');
		expect(setText(doc, 'x', 'title', '  ')).toEqual({
			ok: false,
			errors: [{ field: 'title', code: 'empty' }]
		});
		expect(setText(doc, 'x', 'problem', 'p'.repeat(limits.problemMax + 1))).toEqual({
			ok: false,
			errors: [{ field: 'problem', code: 'tooLong' }]
		});
		expect(setText(doc, 'x', 'problem', '')).toEqual({ ok: true });
	});

	it('repairs a text field that is missing or of the wrong type', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'x', { title: 'plain string', problem: 5 });
		expect(getItemText(doc, 'x', 'title')).toBeNull();
		setText(doc, 'x', 'title', 'Judul');
		setText(doc, 'x', 'problem', 'Masalah');
		expect(readBoard(doc, ctx).items[0]).toMatchObject({ title: 'Judul', problem: 'Masalah' });
	});

	it('refuses a missing item', () => {
		expect(setText(new Y.Doc(), 'x', 'title', 'a')).toEqual({
			ok: false,
			errors: [{ field: 'id', code: 'notFound' }]
		});
	});
});

describe('getItemText', () => {
	it('returns null for missing items, junk and non-text fields', () => {
		const doc = new Y.Doc();
		boardItems(doc).set('junk', new Y.Text('not an item'));
		writeRawItem(doc, 'xml', { title: new Y.XmlText('x') });
		expect(getItemText(doc, 'nope', 'title')).toBeNull();
		expect(getItemText(doc, 'junk', 'title')).toBeNull();
		expect(getItemText(doc, 'xml', 'title')).toBeNull();
		expect(getItemText(doc, 'xml', 'problem')).toBeInstanceOf(Y.Text);
	});
});

describe('proposers', () => {
	it('adds a proposer once', () => {
		const doc = new Y.Doc();
		add(doc, 'a');
		expect(addProposer(doc, 'a', { participantId: 'p9', name: 'Pak Dedi' })).toEqual({ ok: true });
		expect(addProposer(doc, 'a', { participantId: 'p9', name: 'Dedi' })).toEqual({ ok: true });
		expect(addProposer(doc, 'a', { name: 'bu ani', rt: 3, rw: 2 })).toEqual({ ok: true });
		expect(readBoard(doc, ctx).items[0].proposers).toEqual([
			{ participantId: 'p7', name: 'Bu Ani', rt: 3, rw: 2 },
			{ participantId: 'p9', name: 'Pak Dedi' },
			{ name: 'bu ani', rt: 3, rw: 2 }
		]);
	});

	it('refuses an invalid proposer, a missing item, and a full list', () => {
		const doc = new Y.Doc();
		add(doc, 'a', { proposers: [] });
		expect(addProposer(doc, 'a', { name: '' })).toEqual({
			ok: false,
			errors: [{ field: 'proposer.name', code: 'empty' }]
		});
		expect(addProposer(doc, 'b', { name: 'x' })).toEqual({
			ok: false,
			errors: [{ field: 'id', code: 'notFound' }]
		});
		const many = Array.from({ length: limits.proposersMax }, (_, i) => ({ name: `W${i}` }));
		updateField(doc, 'a', 'proposers', many, ctx);
		expect(addProposer(doc, 'a', { name: 'one more' })).toEqual({
			ok: false,
			errors: [{ field: 'proposers', code: 'tooMany' }]
		});
	});

	it('replaces a junk proposers field when adding', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'a', { proposers: 'junk' });
		addProposer(doc, 'a', { name: 'Bu Rina' });
		expect(readBoard(doc, ctx).items[0].proposers).toEqual([{ name: 'Bu Rina' }]);
	});

	it('removes a proposer by identity', () => {
		const doc = new Y.Doc();
		add(doc, 'a');
		addProposer(doc, 'a', { name: 'Pak Dedi' });
		expect(removeProposer(doc, 'a', { participantId: 'p7', name: 'whatever' })).toEqual({
			ok: true
		});
		expect(readBoard(doc, ctx).items[0].proposers).toEqual([{ name: 'Pak Dedi' }]);
		expect(removeProposer(doc, 'a', { name: 'Nobody' })).toEqual({
			ok: false,
			errors: [{ field: 'proposer', code: 'notFound' }]
		});
	});
});

describe('deleteItem and restoreItem', () => {
	it('sets and clears the tombstone', () => {
		const doc = new Y.Doc();
		add(doc, 'a');
		add(doc, 'b');
		expect(deleteItem(doc, 'a')).toEqual({ ok: true });
		let board = readBoard(doc, ctx);
		expect(board.items.map((i) => i.id)).toEqual(['b']);
		expect(board.deletedItems.map((i) => i.id)).toEqual(['a']);
		expect(restoreItem(doc, 'a')).toEqual({ ok: true });
		board = readBoard(doc, ctx);
		expect(board.items.map((i) => i.id)).toEqual(['a', 'b']);
		expect(board.deletedItems).toEqual([]);
	});

	it('removes junk entries outright', () => {
		const doc = new Y.Doc();
		boardItems(doc).set('junk', [1, 2, 3]);
		expect(deleteItem(doc, 'junk')).toEqual({ ok: true });
		expect(boardItems(doc).has('junk')).toBe(false);
		expect(readBoard(doc, ctx).invalid).toEqual([]);
	});

	it('refuses a missing item', () => {
		const doc = new Y.Doc();
		const notFound = { ok: false, errors: [{ field: 'id', code: 'notFound' }] };
		expect(deleteItem(doc, 'x')).toEqual(notFound);
		expect(restoreItem(doc, 'x')).toEqual(notFound);
	});
});

describe('setLockedMirror', () => {
	it('writes the display mirror of the lock', () => {
		const doc = new Y.Doc();
		setLockedMirror(doc, true);
		expect(readBoard(doc, ctx).locked).toBe(true);
		setLockedMirror(doc, false);
		expect(readBoard(doc, ctx).locked).toBe(false);
	});
});
