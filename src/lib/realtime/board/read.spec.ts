import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardItems, boardMeta, readBoard, type BoardItemView } from './read.ts';
import { limits, type FieldError } from './schema.ts';
import { ctx, OMIT, syncAll, writeRawItem } from './testing.ts';

function reasonsOf(doc: Y.Doc, id: string): FieldError[] | undefined {
	return readBoard(doc, ctx).invalid.find((i) => i.id === id)?.reasons;
}

const proposers = (...values: unknown[]) => Y.Array.from(values as never[]);
const text = (s: string) => new Y.Text(s);
const record = (overrides: Record<string, unknown> = {}) => ({
	id: 'old',
	title: 'Lampu jalan',
	problem: 'Gelap',
	proposers: [{ name: 'Pak Budi' }],
	mergedAt: 1,
	mergedBy: 'u1',
	...overrides
});

describe('readBoard: a valid item', () => {
	it('reads every field into a plain view', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'item1');
		const board = readBoard(doc, ctx);
		expect(board.invalid).toEqual([]);
		expect(board.items).toEqual([
			{
				id: 'item1',
				title: 'Perbaikan jalan',
				problem: 'Jalan berlubang di depan balai RW',
				locationText: 'RT 01',
				rt: 1,
				rw: 2,
				sector: 'infrastruktur',
				volume: 120,
				unit: 'm',
				estimatedCost: 15_000_000,
				fundingSource: 'dana_kelurahan',
				proposers: [{ participantId: 'p1', name: 'Bu Siti', rt: 1, rw: 2 }],
				order: 'a0',
				createdAt: 1_700_000_000_000,
				createdBy: 'p1',
				mergedFrom: [],
				mergedIds: []
			} satisfies BoardItemView
		]);
	});

	it('reads absent optional fields as empty or null', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'item1', {
			locationText: OMIT,
			rt: OMIT,
			rw: null,
			volume: OMIT,
			unit: OMIT,
			estimatedCost: null,
			proposers: OMIT,
			mergedFrom: OMIT,
			deleted: OMIT
		});
		const [item] = readBoard(doc, ctx).items;
		expect(item).toMatchObject({
			locationText: '',
			rt: null,
			rw: null,
			volume: null,
			unit: '',
			estimatedCost: null,
			proposers: [],
			mergedFrom: []
		});
	});

	it('accepts the limits themselves', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'x'.repeat(limits.itemIdMax), {
			title: text('t'.repeat(limits.titleMax)),
			problem: text('p'.repeat(limits.problemMax)),
			locationText: 'l'.repeat(limits.locationTextMax),
			unit: 'u'.repeat(limits.unitMax),
			rt: limits.rtRwMax,
			rw: limits.rtRwMin,
			volume: limits.volumeMax,
			estimatedCost: limits.estimatedCostMax,
			createdBy: 'c'.repeat(limits.actorIdMax),
			order: 'a' + 'V'.repeat(limits.orderKeyMax - 1),
			proposers: Y.Array.from(
				Array.from({ length: limits.proposersMax }, (_, i) => ({ name: `Warga ${i}` }))
			),
			mergedFrom: Y.Array.from(
				Array.from({ length: limits.mergedFromMax }, (_, i) => record({ id: `m${i}` }))
			)
		});
		const board = readBoard(doc, ctx);
		expect(board.invalid).toEqual([]);
		expect(board.items).toHaveLength(1);
	});

	it('accepts zero volume and zero cost, and fractional volume', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'a', { volume: 0, estimatedCost: 0 });
		writeRawItem(doc, 'b', { volume: 2.5, order: 'a1' });
		expect(readBoard(doc, ctx).items.map((i) => [i.volume, i.estimatedCost])).toEqual([
			[0, 0],
			[2.5, 15_000_000]
		]);
	});

	it('returns plain JSON', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'a');
		writeRawItem(doc, 'b', { mergedInto: 'a' });
		writeRawItem(doc, 'c', { deleted: true });
		writeRawItem(doc, 'd', { volume: NaN });
		const board = readBoard(doc, ctx);
		expect(JSON.parse(JSON.stringify(board))).toEqual(board);
	});
});

// Each case: the field written, the value, and the refusal expected for it.
const refusals: [string, () => unknown, FieldError][] = [
	['title', () => OMIT, { field: 'title', code: 'required' }],
	['title', () => 'a plain string', { field: 'title', code: 'wrongType' }],
	['title', () => new Y.XmlText('xml'), { field: 'title', code: 'wrongType' }],
	['title', () => new Y.Map(), { field: 'title', code: 'wrongType' }],
	['title', () => text('t'.repeat(limits.titleMax + 1)), { field: 'title', code: 'tooLong' }],
	['title', () => text('x'.repeat(1_000_000)), { field: 'title', code: 'tooLong' }],
	['problem', () => OMIT, { field: 'problem', code: 'required' }],
	['problem', () => 42, { field: 'problem', code: 'wrongType' }],
	['problem', () => text('p'.repeat(limits.problemMax + 1)), { field: 'problem', code: 'tooLong' }],
	['locationText', () => 5, { field: 'locationText', code: 'wrongType' }],
	[
		'locationText',
		() => 'l'.repeat(limits.locationTextMax + 1),
		{ field: 'locationText', code: 'tooLong' }
	],
	['locationText', () => text('x'), { field: 'locationText', code: 'wrongType' }],
	['rt', () => 0, { field: 'rt', code: 'outOfRange' }],
	['rt', () => -1, { field: 'rt', code: 'outOfRange' }],
	['rt', () => limits.rtRwMax + 1, { field: 'rt', code: 'outOfRange' }],
	['rt', () => 1.5, { field: 'rt', code: 'notInteger' }],
	['rt', () => '3', { field: 'rt', code: 'wrongType' }],
	['rt', () => NaN, { field: 'rt', code: 'notFinite' }],
	['rw', () => Infinity, { field: 'rw', code: 'notFinite' }],
	['rw', () => true, { field: 'rw', code: 'wrongType' }],
	['sector', () => OMIT, { field: 'sector', code: 'required' }],
	['sector', () => 'pertahanan', { field: 'sector', code: 'unknownSector' }],
	['sector', () => 'x'.repeat(100_000), { field: 'sector', code: 'unknownSector' }],
	['sector', () => 3, { field: 'sector', code: 'wrongType' }],
	['volume', () => -1, { field: 'volume', code: 'negative' }],
	['volume', () => limits.volumeMax * 10, { field: 'volume', code: 'tooLarge' }],
	['volume', () => NaN, { field: 'volume', code: 'notFinite' }],
	['volume', () => -Infinity, { field: 'volume', code: 'notFinite' }],
	['volume', () => '100', { field: 'volume', code: 'wrongType' }],
	['unit', () => 'u'.repeat(limits.unitMax + 1), { field: 'unit', code: 'tooLong' }],
	['unit', () => ({ a: 1 }), { field: 'unit', code: 'wrongType' }],
	['estimatedCost', () => -5_000, { field: 'estimatedCost', code: 'negative' }],
	['estimatedCost', () => 1500.5, { field: 'estimatedCost', code: 'notInteger' }],
	[
		'estimatedCost',
		() => limits.estimatedCostMax + 1,
		{ field: 'estimatedCost', code: 'tooLarge' }
	],
	['estimatedCost', () => Number.MAX_VALUE, { field: 'estimatedCost', code: 'tooLarge' }],
	['estimatedCost', () => NaN, { field: 'estimatedCost', code: 'notFinite' }],
	['estimatedCost', () => '5000', { field: 'estimatedCost', code: 'wrongType' }],
	['estimatedCost', () => 5000n, { field: 'estimatedCost', code: 'wrongType' }],
	['estimatedCost', () => new Uint8Array([1]), { field: 'estimatedCost', code: 'wrongType' }],
	['fundingSource', () => OMIT, { field: 'fundingSource', code: 'required' }],
	['fundingSource', () => 'apbn', { field: 'fundingSource', code: 'unknownValue' }],
	['fundingSource', () => 'Swadaya', { field: 'fundingSource', code: 'unknownValue' }],
	['fundingSource', () => 1, { field: 'fundingSource', code: 'wrongType' }],
	['proposers', () => 'Bu Siti', { field: 'proposers', code: 'wrongType' }],
	['proposers', () => [{ name: 'plain array' }], { field: 'proposers', code: 'wrongType' }],
	['proposers', () => proposers('Bu Siti'), { field: 'proposers.0', code: 'wrongType' }],
	['proposers', () => proposers(null), { field: 'proposers.0', code: 'wrongType' }],
	['proposers', () => proposers(['x']), { field: 'proposers.0', code: 'wrongType' }],
	['proposers', () => proposers({}), { field: 'proposers.0.name', code: 'required' }],
	['proposers', () => proposers({ name: '  ' }), { field: 'proposers.0.name', code: 'empty' }],
	[
		'proposers',
		() => proposers({ name: 'ok' }, { name: 'n'.repeat(limits.proposerNameMax + 1) }),
		{ field: 'proposers.1.name', code: 'tooLong' }
	],
	[
		'proposers',
		() => proposers({ name: 'a', rt: 0 }),
		{ field: 'proposers.0.rt', code: 'outOfRange' }
	],
	[
		'proposers',
		() => proposers({ name: 'a', rw: NaN }),
		{ field: 'proposers.0.rw', code: 'notFinite' }
	],
	[
		'proposers',
		() => proposers({ name: 'a', participantId: 5 }),
		{ field: 'proposers.0.participantId', code: 'wrongType' }
	],
	[
		'proposers',
		() => proposers(JSON.parse('{"__proto__": {"name": "x"}}')),
		{ field: 'proposers.0', code: 'wrongType' }
	],
	[
		'proposers',
		() =>
			Y.Array.from(Array.from({ length: limits.proposersMax + 1 }, (_, i) => ({ name: `W${i}` }))),
		{ field: 'proposers', code: 'tooMany' }
	],
	['order', () => OMIT, { field: 'order', code: 'required' }],
	['order', () => 7, { field: 'order', code: 'wrongType' }],
	['order', () => '', { field: 'order', code: 'malformed' }],
	['order', () => 'a', { field: 'order', code: 'malformed' }],
	['order', () => 'b1', { field: 'order', code: 'malformed' }],
	['order', () => 'a00', { field: 'order', code: 'malformed' }],
	['order', () => 'a0 ', { field: 'order', code: 'malformed' }],
	['order', () => '!!', { field: 'order', code: 'malformed' }],
	['order', () => 'a0é', { field: 'order', code: 'malformed' }],
	['order', () => 'A' + '0'.repeat(26), { field: 'order', code: 'malformed' }],
	['order', () => 'a' + '1'.repeat(limits.orderKeyMax), { field: 'order', code: 'tooLong' }],
	['createdAt', () => OMIT, { field: 'createdAt', code: 'required' }],
	['createdAt', () => -1, { field: 'createdAt', code: 'negative' }],
	['createdAt', () => 1.5, { field: 'createdAt', code: 'notInteger' }],
	['createdAt', () => 1e20, { field: 'createdAt', code: 'tooLarge' }],
	['createdAt', () => 'now', { field: 'createdAt', code: 'wrongType' }],
	['createdBy', () => OMIT, { field: 'createdBy', code: 'required' }],
	['createdBy', () => '   ', { field: 'createdBy', code: 'empty' }],
	['createdBy', () => 'c'.repeat(limits.actorIdMax + 1), { field: 'createdBy', code: 'tooLong' }],
	['createdBy', () => 3, { field: 'createdBy', code: 'wrongType' }],
	['mergedInto', () => 5, { field: 'mergedInto', code: 'wrongType' }],
	['mergedInto', () => 'not an id!', { field: 'mergedInto', code: 'malformed' }],
	['mergedFrom', () => 'x', { field: 'mergedFrom', code: 'wrongType' }],
	['mergedFrom', () => Y.Array.from([5]), { field: 'mergedFrom.0', code: 'wrongType' }],
	[
		'mergedFrom',
		() => Y.Array.from([record({ title: 't'.repeat(limits.titleMax + 1) })]),
		{ field: 'mergedFrom.0.title', code: 'tooLong' }
	],
	[
		'mergedFrom',
		() => Y.Array.from([record({ id: '../x' })]),
		{ field: 'mergedFrom.0.id', code: 'malformed' }
	],
	[
		'mergedFrom',
		() => Y.Array.from([record({ proposers: 'all' })]),
		{ field: 'mergedFrom.0.proposers', code: 'wrongType' }
	],
	[
		'mergedFrom',
		() => Y.Array.from([record({ proposers: [{ name: '' }] })]),
		{ field: 'mergedFrom.0.proposers.0.name', code: 'empty' }
	],
	[
		'mergedFrom',
		() => Y.Array.from([record({ mergedAt: NaN })]),
		{ field: 'mergedFrom.0.mergedAt', code: 'notFinite' }
	],
	[
		'mergedFrom',
		() => Y.Array.from([record({ mergedBy: undefined })]),
		{ field: 'mergedFrom.0.mergedBy', code: 'required' }
	],
	[
		'mergedFrom',
		() => Y.Array.from(Array.from({ length: limits.mergedFromMax + 1 }, () => record())),
		{ field: 'mergedFrom', code: 'tooMany' }
	],
	['deleted', () => 'yes', { field: 'deleted', code: 'wrongType' }],
	['deleted', () => 1, { field: 'deleted', code: 'wrongType' }]
];

describe('readBoard: refusals', () => {
	it.each(refusals)('%s = %#: refused', (field, value, reason) => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'good', { order: 'a0' });
		writeRawItem(doc, 'bad', { [field]: value(), order: field === 'order' ? value() : 'a1' });
		const board = readBoard(doc, ctx);
		expect(board.invalid).toEqual([
			expect.objectContaining({ id: 'bad', reasons: [reason], status: 'active' })
		]);
		expect(board.items.map((i) => i.id)).toEqual(['good']);
	});

	it('reports the same reasons on a client that received the junk over the wire', () => {
		for (const [field, value, reason] of refusals) {
			const writer = new Y.Doc();
			const reader = new Y.Doc();
			writeRawItem(writer, 'bad', { [field]: value() });
			syncAll(writer, reader);
			expect(reasonsOf(reader, 'bad'), `${field} ${reason.code}`).toEqual([reason]);
		}
	});

	it('lists every problem of an item, not only the first', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'bad', { rt: -1, estimatedCost: -1, sector: 'nope', order: 'zz' });
		expect(reasonsOf(doc, 'bad')).toEqual([
			{ field: 'rt', code: 'outOfRange' },
			{ field: 'sector', code: 'unknownSector' },
			{ field: 'estimatedCost', code: 'negative' },
			{ field: 'order', code: 'malformed' }
		]);
	});

	it.each(['bad id', 'a/b', '', 'x'.repeat(limits.itemIdMax + 1), 'ü'])(
		'refuses the item key %j',
		(key) => {
			const doc = new Y.Doc();
			writeRawItem(doc, key);
			expect(reasonsOf(doc, key)).toEqual([{ field: 'id', code: 'malformed' }]);
		}
	);

	it('shows the title of an invalid item when it is readable, cut to the limit', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'a', { rt: 0, title: text('Judul') });
		writeRawItem(doc, 'b', { title: text('x'.repeat(1000)) });
		writeRawItem(doc, 'c', { title: 'string' });
		const titles = readBoard(doc, ctx).invalid.map((i) => i.title);
		expect(titles).toEqual(['Judul', 'x'.repeat(limits.titleMax), null]);
	});

	it('checks sectors against the meeting, not a fixed list', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'a', { sector: 'budaya' });
		expect(readBoard(doc, ctx).invalid).toHaveLength(1);
		expect(readBoard(doc, { sectors: ['budaya'] }).items).toHaveLength(1);
	});

	it('ignores unknown extra keys in a proposer and never copies them out', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'a', { proposers: proposers({ name: 'Bu Ani', evil: 'x'.repeat(10_000) }) });
		expect(readBoard(doc, ctx).items[0].proposers).toEqual([{ name: 'Bu Ani' }]);
	});

	it('reads text with formatting and ignores embedded objects', () => {
		const doc = new Y.Doc();
		const title = new Y.Text();
		writeRawItem(doc, 'a', { title });
		title.insert(0, 'Tebal', { bold: true });
		title.insertEmbed(5, { image: 'x' });
		expect(readBoard(doc, ctx).items[0].title).toBe('Tebal');
	});
});

describe('readBoard: junk at the top level', () => {
	it('reports non-map entries and keeps listing the good items', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'good');
		const items = boardItems(doc);
		items.set('str', 'hello');
		items.set('num', NaN);
		items.set('nil', null);
		items.set('obj', { title: 'looks like an item' });
		items.set('arr', [1, 2]);
		items.set('bin', new Uint8Array([1, 2, 3]));
		items.set('txt', new Y.Text('text'));
		items.set('yarr', new Y.Array());
		items.set('sub', new Y.Doc());
		const board = readBoard(doc, ctx);
		expect(board.items.map((i) => i.id)).toEqual(['good']);
		expect(board.invalid.map((i) => i.id)).toEqual([
			'arr',
			'bin',
			'nil',
			'num',
			'obj',
			'str',
			'sub',
			'txt',
			'yarr'
		]);
		for (const i of board.invalid) {
			expect(i).toEqual({
				id: i.id,
				status: 'active',
				reasons: [{ field: 'item', code: 'wrongType' }],
				title: null
			});
		}
	});

	it('does not break on wrong top-level types for items or meta', () => {
		const doc = new Y.Doc();
		boardMeta(doc).set('locked', 'yes');
		expect(readBoard(doc, ctx)).toEqual({
			items: [],
			mergedItems: [],
			deletedItems: [],
			invalid: [],
			locked: false
		});
	});

	it('mirrors the lock only when it is exactly true', () => {
		const doc = new Y.Doc();
		boardMeta(doc).set('locked', true);
		expect(readBoard(doc, ctx).locked).toBe(true);
	});
});

describe('readBoard: order', () => {
	it('sorts by order key with ordinal comparison (uppercase before lowercase)', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'c', { order: 'a1' });
		writeRawItem(doc, 'a', { order: 'a0V' });
		writeRawItem(doc, 'b', { order: 'Zz' });
		writeRawItem(doc, 'd', { order: 'a0' });
		writeRawItem(doc, 'e', { order: 'a0a' });
		expect(readBoard(doc, ctx).items.map((i) => i.id)).toEqual(['b', 'd', 'a', 'e', 'c']);
	});

	it('breaks ties between equal keys by item id, identically on every client', () => {
		// Three phones insert at the same spot with the same key, offline; they sync in different
		// orders. Every doc lists the tie by id, so all agree.
		const phones = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
		writeRawItem(phones[0], 'zeta', { order: 'a1' });
		writeRawItem(phones[1], 'alpha', { order: 'a1' });
		writeRawItem(phones[2], 'Mu', { order: 'a1' });
		writeRawItem(phones[2], 'first', { order: 'a0' });
		const [a, b, c] = phones;
		Y.applyUpdate(a, Y.encodeStateAsUpdate(c));
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		Y.applyUpdate(c, Y.encodeStateAsUpdate(b));
		syncAll(...phones);
		const orders = phones.map((d) => readBoard(d, ctx).items.map((i) => i.id));
		expect(orders[0]).toEqual(['first', 'Mu', 'alpha', 'zeta']);
		expect(orders[1]).toEqual(orders[0]);
		expect(orders[2]).toEqual(orders[0]);
	});
});

describe('readBoard: merged and deleted items', () => {
	it('hides merged and deleted items from the list and lists them apart', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'keep', { order: 'a0' });
		writeRawItem(doc, 'dup', {
			order: 'a1',
			mergedInto: 'keep',
			proposers: proposers({ name: 'Pak Joko' })
		});
		writeRawItem(doc, 'gone', { order: 'a2', deleted: true });
		const board = readBoard(doc, ctx);
		expect(board.items.map((i) => i.id)).toEqual(['keep']);
		expect(board.items[0].mergedIds).toEqual(['dup']);
		expect(board.mergedItems.map((i) => [i.id, i.mergedInto, i.rootId])).toEqual([
			['dup', 'keep', 'keep']
		]);
		expect(board.deletedItems.map((i) => i.id)).toEqual(['gone']);
	});

	it("joins the merged items' proposers into the kept item's, without duplicates", () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'keep', {
			proposers: proposers({ participantId: 'p1', name: 'Bu Siti' }, { name: 'Pak Joko', rt: 3 })
		});
		writeRawItem(doc, 'dup', {
			mergedInto: 'keep',
			proposers: proposers(
				{ participantId: 'p1', name: 'Siti (same phone)' },
				{ name: ' pak  JOKO ', rt: 3 },
				{ name: 'Pak Joko', rt: 4 },
				{ participantId: 'p9', name: 'Bu Rina' }
			)
		});
		expect(readBoard(doc, ctx).items[0].proposers).toEqual([
			{ participantId: 'p1', name: 'Bu Siti' },
			{ name: 'Pak Joko', rt: 3 },
			{ name: 'Pak Joko', rt: 4 },
			{ participantId: 'p9', name: 'Bu Rina' }
		]);
	});

	it('follows chains of merges to the root', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'a');
		writeRawItem(doc, 'b', { mergedInto: 'a' });
		writeRawItem(doc, 'c', { mergedInto: 'b', proposers: proposers({ name: 'Ibu C' }) });
		const board = readBoard(doc, ctx);
		expect(board.items.map((i) => i.id)).toEqual(['a']);
		expect(board.items[0].mergedIds).toEqual(['b', 'c']);
		expect(board.items[0].proposers.map((p) => p.name)).toContain('Ibu C');
		expect(board.mergedItems.map((i) => [i.id, i.mergedInto, i.rootId])).toEqual([
			['b', 'a', 'a'],
			['c', 'b', 'a']
		]);
	});

	it('breaks a merge cycle at its smallest id, so the group stays visible once', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'b', { mergedInto: 'c' });
		writeRawItem(doc, 'c', { mergedInto: 'a' });
		writeRawItem(doc, 'a', { mergedInto: 'b' });
		writeRawItem(doc, 'self', { mergedInto: 'self', order: 'a5' });
		const board = readBoard(doc, ctx);
		expect(board.items.map((i) => i.id)).toEqual(['a', 'self']);
		expect(board.mergedItems.map((i) => [i.id, i.rootId])).toEqual([
			['b', 'a'],
			['c', 'a']
		]);
	});

	it('ignores a merge into an item that does not exist', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'a', { mergedInto: 'nowhere' });
		boardItems(doc).set('junk', 'x');
		writeRawItem(doc, 'b', { mergedInto: 'junk', order: 'a1' });
		expect(readBoard(doc, ctx).items.map((i) => i.id)).toEqual(['a', 'b']);
	});

	it('keeps items merged into a deleted item hidden (deleting the kept item deletes the group)', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'a', { deleted: true });
		writeRawItem(doc, 'b', { mergedInto: 'a' });
		const board = readBoard(doc, ctx);
		expect(board.items).toEqual([]);
		expect(board.mergedItems.map((i) => i.rootId)).toEqual(['a']);
	});

	it('reports an invalid merged item with status merged, and hides deleted junk', () => {
		const doc = new Y.Doc();
		writeRawItem(doc, 'a');
		writeRawItem(doc, 'b', { mergedInto: 'a', rt: -5 });
		writeRawItem(doc, 'c', { deleted: true, rt: -5 });
		const board = readBoard(doc, ctx);
		expect(board.invalid.map((i) => [i.id, i.status])).toEqual([['b', 'merged']]);
		expect(board.deletedItems).toEqual([]);
	});
});
