/**
 * Property-based tests (fast-check): random operations on several phones in random interleavings
 * of sync, and model checks of ordering and validation.
 */
import fc from 'fast-check';
import { generateKeyBetween } from 'fractional-indexing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addItem,
	deleteItem,
	getItemText,
	itemMap,
	restoreItem,
	setText,
	updateField
} from './edit.ts';
import { finalizeSnapshot } from './finalize.ts';
import { itemInputSchema } from './input.ts';
import { keyBetween } from './key-between.ts';
import { mergeItems } from './merge.ts';
import { moveDown, moveItem, moveUp } from './move.ts';
import { isValidOrderKey } from './order-key.ts';
import { boardItems, readBoard } from './read.ts';
import { ctx, SECTORS, seededRandom, syncAll, syncOneWay, writeRawItem } from './testing.ts';

const PHONES = 3;
const phone = fc.nat(PHONES - 1);
const pick = fc.nat(50);

const junkValue = fc.constantFrom<unknown>(NaN, -1, 1.5, 1e20, 'x', '', null, { a: 1 }, [1], true);
const junkField = fc.constantFrom(
	'title',
	'problem',
	'rt',
	'sector',
	'volume',
	'estimatedCost',
	'fundingSource',
	'order',
	'proposers',
	'mergedInto',
	'deleted'
);

// Few seeds: phones often draw the same jitter, so concurrent inserts at one spot tie.
const seed = fc.nat(3);

const op = fc.oneof(
	{
		weight: 4,
		arbitrary: fc.record({
			t: fc.constant('add'),
			doc: phone,
			title: fc.string({ minLength: 1, maxLength: 8 }),
			seed
		})
	},
	{
		weight: 3,
		arbitrary: fc.record({ t: fc.constantFrom('up', 'down'), doc: phone, pick, seed })
	},
	{
		weight: 3,
		arbitrary: fc.record({
			t: fc.constant('move'),
			doc: phone,
			pick,
			target: pick,
			side: fc.constantFrom('before', 'after', 'both'),
			seed
		})
	},
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('merge'), doc: phone, pick, target: pick }) },
	{
		weight: 1,
		arbitrary: fc.record({ t: fc.constantFrom('delete', 'restore'), doc: phone, pick })
	},
	{
		weight: 3,
		arbitrary: fc.record({
			t: fc.constant('type'),
			doc: phone,
			pick,
			field: fc.constantFrom('title', 'problem'),
			pos: fc.nat(300),
			text: fc.string({ maxLength: 4 })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			t: fc.constant('setTitle'),
			doc: phone,
			pick,
			text: fc.string({ maxLength: 12 })
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({
			t: fc.constant('cost'),
			doc: phone,
			pick,
			cost: fc.integer({ min: -5, max: 1e9 })
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({ t: fc.constant('tie'), doc: phone, pick, target: pick })
	},
	{
		weight: 1,
		arbitrary: fc.record({
			t: fc.constant('junk'),
			doc: phone,
			pick,
			field: junkField,
			value: junkValue
		})
	},
	{ weight: 5, arbitrary: fc.record({ t: fc.constant('sync'), from: phone, to: phone }) }
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** Every key of the items map, sorted, so `pick` chooses the same way whatever the doc. */
function pickId(doc: Y.Doc, n: number): string | null {
	const ids = [...boardItems(doc).keys()].sort();
	return ids.length === 0 ? null : ids[n % ids.length];
}

function apply(docs: Y.Doc[], o: Op, counter: { n: number }) {
	if (o.t === 'sync') {
		if (o.from !== o.to) syncOneWay(docs[o.from], docs[o.to]);
		return;
	}
	const doc = docs[o.doc];
	if (o.t === 'add') {
		addItem(
			doc,
			{
				title: o.title.trim() || 'x',
				sector: 'ekonomi',
				fundingSource: 'swadaya',
				proposers: [{ name: `W${counter.n}` }]
			},
			{
				...ctx,
				actorId: `p${o.doc}`,
				now: counter.n,
				id: `i${counter.n++}`,
				random: seededRandom(o.seed)
			}
		);
		return;
	}
	const id = pickId(doc, o.pick);
	if (id === null) return;
	switch (o.t) {
		case 'up':
			moveUp(doc, id, { ...ctx, random: seededRandom(o.seed) });
			break;
		case 'down':
			moveDown(doc, id, { ...ctx, random: seededRandom(o.seed) });
			break;
		case 'move': {
			const { items } = readBoard(doc, ctx);
			if (items.length === 0) break;
			const i = o.target % items.length;
			const target =
				o.side === 'before'
					? { before: items[i].id }
					: o.side === 'after'
						? { after: items[i].id }
						: { after: items[i].id, before: items[i + 1]?.id };
			moveItem(doc, id, target, { ...ctx, random: seededRandom(o.seed) });
			break;
		}
		case 'merge': {
			const other = pickId(doc, o.target);
			if (other !== null) {
				mergeItems(
					doc,
					{ keepId: id, mergeIds: [other] },
					{ ...ctx, actorId: 'f', now: counter.n++ }
				);
			}
			break;
		}
		case 'delete':
			deleteItem(doc, id);
			break;
		case 'restore':
			restoreItem(doc, id);
			break;
		case 'type': {
			const text = getItemText(doc, id, o.field);
			text?.insert(o.pos % (text.length + 1), o.text);
			break;
		}
		case 'setTitle':
			setText(doc, id, 'title', o.text);
			break;
		case 'cost':
			updateField(doc, id, 'estimatedCost', o.cost, ctx);
			break;
		case 'tie': {
			// Copy another item's key: the tie two phones can produce, or a client on purpose.
			const other = pickId(doc, o.target);
			const key = other === null ? undefined : itemMap(doc, other)?.get('order');
			if (key !== undefined) itemMap(doc, id)?.set('order', key);
			break;
		}
		case 'junk':
			itemMap(doc, id)?.set(o.field, o.value);
			break;
	}
}

describe('properties: random concurrent use', () => {
	it('all phones converge to the same board, ranks are 1..n, merged items are never ranked', () => {
		fc.assert(
			fc.property(fc.array(op, { minLength: 10, maxLength: 60, size: 'max' }), (ops) => {
				const docs = Array.from({ length: PHONES }, () => new Y.Doc());
				const counter = { n: 0 };
				// A few usulan everyone already has, then the random session.
				for (let i = 0; i < 4; i++) {
					apply(docs, { t: 'add', doc: 0, title: `U${i}`, seed: i }, counter);
				}
				syncAll(...docs);
				for (const o of ops) apply(docs, o, counter);
				syncAll(...docs);

				const boards = docs.map((d) => readBoard(d, ctx));
				for (const b of boards.slice(1)) expect(b).toEqual(boards[0]);
				const board = boards[0];

				const snaps = docs.map((d) => finalizeSnapshot(d, ctx));
				for (const s of snaps.slice(1)) expect(s).toEqual(snaps[0]);
				const { usulan } = snaps[0];
				expect(usulan.map((u) => u.rank)).toEqual(usulan.map((_, i) => i + 1));
				const merged = new Set(board.mergedItems.map((m) => m.id));
				for (const u of usulan) expect(merged.has(u.id)).toBe(false);
				const ranked = board.items.filter((i) => i.title.trim() !== '').map((i) => i.id);
				expect(usulan.map((u) => u.id)).toEqual(ranked);

				// Every entry is in at most one list; listed items are sorted and have valid keys.
				const seen = [
					...board.items,
					...board.mergedItems,
					...board.deletedItems,
					...board.invalid
				].map((i) => i.id);
				expect(new Set(seen).size).toBe(seen.length);
				for (let i = 1; i < board.items.length; i++) {
					const [a, b] = [board.items[i - 1], board.items[i]];
					expect(a.order < b.order || (a.order === b.order && a.id < b.id)).toBe(true);
				}
				for (const item of board.items) expect(isValidOrderKey(item.order)).toBe(true);
				expect(JSON.parse(JSON.stringify(board))).toEqual(board);
			}),
			{ numRuns: 150 }
		);
	});
});

describe('properties: moves', () => {
	it('follow an array model, whatever ties the keys start with', () => {
		const command = fc.record({
			kind: fc.constantFrom('up', 'down', 'before', 'after'),
			item: fc.nat(20),
			target: fc.nat(20),
			seed
		});
		fc.assert(
			fc.property(
				fc.array(fc.constantFrom('a0', 'a1', 'a2', 'a1V'), { minLength: 1, maxLength: 8 }),
				fc.array(command, { maxLength: 30 }),
				(keys, commands) => {
					const doc = new Y.Doc();
					keys.forEach((order, i) => writeRawItem(doc, `k${i}`, { order }));
					let model = readBoard(doc, ctx).items.map((i) => i.id);
					for (const c of commands) {
						const id = model[c.item % model.length];
						const target = model[c.target % model.length];
						const opts = { ...ctx, random: seededRandom(c.seed) };
						const i = model.indexOf(id);
						const without = model.filter((x) => x !== id);
						let result;
						if (c.kind === 'up' || c.kind === 'down') {
							result = (c.kind === 'up' ? moveUp : moveDown)(doc, id, opts);
							const j = Math.min(Math.max(i + (c.kind === 'up' ? -1 : 1), 0), model.length - 1);
							without.splice(j, 0, id);
							model = without;
						} else {
							const to = c.kind === 'before' ? { before: target } : { after: target };
							result = moveItem(doc, id, to, opts);
							if (target !== id) {
								const j = without.indexOf(target) + (c.kind === 'after' ? 1 : 0);
								without.splice(j, 0, id);
								model = without;
							}
						}
						expect(result.ok).toBe(target !== id || c.kind === 'up' || c.kind === 'down');
						expect(readBoard(doc, ctx).items.map((x) => x.id)).toEqual(model);
					}
				}
			),
			{ numRuns: 300 }
		);
	});
});

describe('properties: order keys', () => {
	const anyKey = fc.stringMatching(/^[A-Za-z][0-9A-Za-z]{0,28}$/);

	it('a key that passes validation never makes the library throw', () => {
		fc.assert(
			fc.property(anyKey, (key) => {
				fc.pre(isValidOrderKey(key));
				expect(() => generateKeyBetween(key, null)).not.toThrow();
				expect(() => generateKeyBetween(null, key)).not.toThrow();
			}),
			{ numRuns: 2000 }
		);
	});

	it('keyBetween stays strictly between any two valid keys', () => {
		fc.assert(
			fc.property(anyKey, anyKey, fc.nat(), (x, y, seed) => {
				fc.pre(isValidOrderKey(x) && isValidOrderKey(y) && x !== y);
				const [lo, hi] = x < y ? [x, y] : [y, x];
				const key = keyBetween(lo, hi, seededRandom(seed));
				if (key === null) return; // only when nothing fits within the length limit
				expect(isValidOrderKey(key)).toBe(true);
				expect(lo < key && key < hi).toBe(true);
			}),
			{ numRuns: 2000 }
		);
	});
});

describe('properties: validation', () => {
	const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
	const number = fc.oneof(
		fc.integer({ min: -10, max: 2000 }),
		fc.double({ noDefaultInfinity: false }),
		fc.constantFrom(NaN, Infinity, 1e13, 1e13 + 1, 0.5)
	);
	const input = fc.record({
		title: maybe(fc.oneof(fc.string({ maxLength: 210 }), fc.constant('  '))),
		problem: maybe(fc.string({ maxLength: 30 })),
		locationText: maybe(fc.string({ maxLength: 205 })),
		rt: maybe(fc.option(number, { nil: null })),
		rw: maybe(fc.option(number, { nil: null })),
		sector: maybe(fc.constantFrom(...SECTORS, 'militer', '')),
		volume: maybe(fc.option(number, { nil: null })),
		unit: maybe(fc.string({ maxLength: 45 })),
		estimatedCost: maybe(fc.option(number, { nil: null })),
		fundingSource: maybe(
			fc.constantFrom('dana_kelurahan', 'swadaya', 'csr', 'lsm', 'lainnya', 'apbn')
		),
		proposers: maybe(
			fc.array(
				fc.record({
					name: fc.string({ maxLength: 105 }),
					rt: maybe(fc.option(number, { nil: null })),
					participantId: maybe(fc.string({ maxLength: 70 }))
				}),
				{ maxLength: 3 }
			)
		)
	});

	it('addItem accepts exactly what the schema accepts, and readBoard accepts what addItem wrote', () => {
		const schema = itemInputSchema(SECTORS);
		fc.assert(
			fc.property(input, (raw) => {
				const doc = new Y.Doc();
				const r = addItem(doc, raw as never, { ...ctx, actorId: 'p1', now: 1, id: 'x' });
				const parsed = schema.safeParse(raw);
				expect(r.ok).toBe(parsed.success);
				const board = readBoard(doc, ctx);
				if (!r.ok || !parsed.success) {
					expect(boardItems(doc).size).toBe(0);
					return;
				}
				expect(board.invalid).toEqual([]);
				const {
					id: _id,
					order: _o,
					createdAt: _c,
					createdBy: _b,
					mergedFrom: _m,
					mergedIds: _i,
					...view
				} = board.items[0];
				// Compared as JSON: reading turns -0 into 0.
				expect(JSON.parse(JSON.stringify(view))).toEqual(JSON.parse(JSON.stringify(parsed.data)));
			}),
			{ numRuns: 1000 }
		);
	});
});
