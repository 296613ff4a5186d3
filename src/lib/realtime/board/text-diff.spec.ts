import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	applyChange,
	diffText,
	transformIndex,
	transformSelection,
	type TextDelta
} from './text-diff.ts';

describe('diffText', () => {
	it('finds nothing to do for equal texts', () => {
		expect(diffText('jalan', 'jalan')).toBeNull();
	});

	it('turns typing at the end into one insertion', () => {
		expect(diffText('Perbaikan jal', 'Perbaikan jala', 14)).toEqual({
			index: 13,
			remove: 0,
			insert: 'a'
		});
	});

	it('uses the caret to place a repeated letter where it was typed', () => {
		expect(diffText('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
		expect(diffText('aa', 'aaa', 2)).toEqual({ index: 1, remove: 0, insert: 'a' });
		expect(diffText('aa', 'aaa', 3)).toEqual({ index: 2, remove: 0, insert: 'a' });
		expect(diffText('aa', 'aaa')).toEqual({ index: 2, remove: 0, insert: 'a' });
	});

	it('turns a backspace into one deletion at the caret', () => {
		expect(diffText('aaa', 'aa', 0)).toEqual({ index: 0, remove: 1, insert: '' });
		expect(diffText('got ong', 'gotong', 3)).toEqual({ index: 3, remove: 1, insert: '' });
	});

	it('turns pasting over a selection into one replacement', () => {
		expect(diffText('jalan rusak', 'jalan berlubang', 15)).toEqual({
			index: 6,
			remove: 5,
			insert: 'berlubang'
		});
	});

	it('never cuts an emoji (a surrogate pair) in two', () => {
		const change = diffText('a😀b', 'a😃b');
		expect(change).toEqual({ index: 1, remove: 2, insert: '😃' });
	});

	it('ignores a caret outside the text', () => {
		expect(diffText('ab', 'abc', 99)).toEqual({ index: 2, remove: 0, insert: 'c' });
		expect(diffText('ab', 'abc', -1)).toEqual({ index: 2, remove: 0, insert: 'c' });
	});

	it('always produces an edit that turns the old text into the new one', () => {
		const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '😀', 'é'), maxLength: 12 });
		fc.assert(
			fc.property(text, text, fc.integer({ min: -1, max: 30 }), (prev, next, caret) => {
				const change = diffText(prev, next, caret);
				expect(applyChange(prev, change)).toBe(next);
				if (change) {
					expect(change.index).toBeGreaterThanOrEqual(0);
					expect(change.remove).toBeGreaterThanOrEqual(0);
					expect(change.index + change.remove).toBeLessThanOrEqual(prev.length);
				}
			})
		);
	});
});

/** The delta Yjs reports for a remote edit, as a binding sees it. */
function deltaOf(initial: string, edit: (t: Y.Text) => void): TextDelta {
	const doc = new Y.Doc();
	const text = doc.getText('t');
	text.insert(0, initial);
	let delta: TextDelta = [];
	text.observe((e) => {
		delta = e.delta;
	});
	edit(text);
	return delta;
}

describe('transformIndex', () => {
	it('moves the caret along when text is inserted before it', () => {
		const delta = deltaOf('jalan rusak', (t) => t.insert(0, 'Perbaikan '));
		expect(transformIndex(5, delta)).toBe(15);
	});

	it('keeps the caret where it is when text is inserted after it', () => {
		const delta = deltaOf('jalan rusak', (t) => t.insert(11, ' parah'));
		expect(transformIndex(5, delta)).toBe(5);
	});

	it('keeps the caret before text inserted exactly at it, unless asked to stick to the end', () => {
		const delta = deltaOf('jalan', (t) => t.insert(5, ' rusak'));
		expect(transformIndex(5, delta)).toBe(5);
		expect(transformIndex(5, delta, true)).toBe(11);
	});

	it('moves the caret back when text before it is deleted', () => {
		const delta = deltaOf('Perbaikan jalan', (t) => t.delete(0, 10));
		expect(transformIndex(15, delta)).toBe(5);
	});

	it('puts a caret inside deleted text where the deletion was', () => {
		const delta = deltaOf('Perbaikan jalan', (t) => t.delete(2, 6));
		expect(transformIndex(5, delta)).toBe(2);
	});

	it('follows several edits in one delta', () => {
		const delta = deltaOf('abcdef', (t) => {
			t.doc!.transact(() => {
				t.delete(0, 1);
				t.insert(2, 'XY');
			});
		});
		// "abcdef" → "bcdef" → "bcXYdef": the caret before "e" (4) is now at 5.
		expect(transformIndex(4, delta)).toBe(5);
	});

	it('keeps the caret next to the same text through any remote edit', () => {
		const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), maxLength: 10 });
		fc.assert(
			fc.property(
				text.filter((s) => s.length > 0),
				fc.nat(),
				fc.nat(),
				fc.nat(),
				text,
				(initial, caretSeed, atSeed, removeSeed, insert) => {
					const caret = caretSeed % (initial.length + 1);
					const at = atSeed % (initial.length + 1);
					const remove = Math.min(removeSeed % 3, initial.length - at);
					const delta = deltaOf(initial, (t) =>
						t.doc!.transact(() => {
							t.delete(at, remove);
							t.insert(at, insert);
						})
					);
					const moved = transformIndex(caret, delta);
					if (caret <= at) expect(moved).toBe(caret);
					else if (caret < at + remove) expect(moved).toBe(at + insert.length);
					else expect(moved).toBe(caret - remove + insert.length);
				}
			)
		);
	});
});

describe('transformSelection', () => {
	it('grows a selection over text inserted at its end and keeps a caret collapsed', () => {
		const delta = deltaOf('abc', (t) => t.insert(3, 'd'));
		expect(transformSelection({ start: 1, end: 3 }, delta)).toEqual({ start: 1, end: 4 });
		expect(transformSelection({ start: 3, end: 3 }, delta)).toEqual({ start: 3, end: 3 });
	});

	it('collapses a selection whose text was deleted', () => {
		const delta = deltaOf('abcdef', (t) => t.delete(1, 4));
		expect(transformSelection({ start: 2, end: 4 }, delta)).toEqual({ start: 1, end: 1 });
	});
});
