/**
 * Helpers for the board's specs: raw writes (as any client, malicious or not, could make),
 * syncing docs the way y-websocket does, and a seeded random source.
 */
import * as Y from 'yjs';
import { boardItems } from './read.ts';

export const SECTORS = ['pendidikan', 'ekonomi', 'infrastruktur'] as const;
export const ctx = { sectors: SECTORS };

/** Marks a field to leave out of a raw item. */
export const OMIT = Symbol('omit');

/**
 * Writes an item straight into the doc, bypassing every operation: a valid item by default,
 * with `overrides` for the fields a test is about.
 */
export function writeRawItem(doc: Y.Doc, id: string, overrides: Record<string, unknown> = {}) {
	doc.transact(() => {
		const map = new Y.Map<unknown>();
		boardItems(doc).set(id, map);
		const fields: Record<string, unknown> = {
			title: new Y.Text('Perbaikan jalan'),
			problem: new Y.Text('Jalan berlubang di depan balai RW'),
			locationText: 'RT 01',
			rt: 1,
			rw: 2,
			sector: 'infrastruktur',
			volume: 120,
			unit: 'm',
			estimatedCost: 15_000_000,
			fundingSource: 'dana_kelurahan',
			proposers: Y.Array.from([{ participantId: 'p1', name: 'Bu Siti', rt: 1, rw: 2 }]),
			order: 'a0',
			createdAt: 1_700_000_000_000,
			createdBy: 'p1',
			mergedFrom: new Y.Array(),
			deleted: false,
			...overrides
		};
		for (const [key, value] of Object.entries(fields)) {
			if (value !== OMIT) map.set(key, value);
		}
	});
}

/** Sends `from`'s missing updates to `to`, as a y-websocket sync step 2 would. */
export function syncOneWay(from: Y.Doc, to: Y.Doc) {
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/** Brings every doc up to date with every other one. */
export function syncAll(...docs: Y.Doc[]) {
	for (const a of docs) for (const b of docs) if (a !== b) syncOneWay(a, b);
}

/** A small seeded PRNG (mulberry32), so property runs replay from their seed. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
