/**
 * The pure half of binding a text input to a `Y.Text`: turning what the browser's input now holds
 * into the one small edit that produced it (so a concurrent edit elsewhere in the text survives),
 * and keeping the caret where the person left it when someone else's edit arrives.
 */

/** One contiguous edit: at `index`, remove `remove` characters and insert `insert`. */
export type TextChange = { index: number; remove: number; insert: string };

/** A Yjs text delta (`YTextEvent.delta`): retain / insert / delete ops from the start. */
export type TextDelta = ReadonlyArray<{ retain?: number; insert?: unknown; delete?: number }>;

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

function commonPrefix(a: string, b: string, max: number) {
	let n = 0;
	while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
	return n;
}

function commonSuffix(a: string, b: string, max: number) {
	let n = 0;
	while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
	return n;
}

/**
 * The single edit that turns `prev` into `next`, or null when they are equal.
 *
 * `caret` is where the caret sits in `next` after the edit. Typing "a" into "aa" could be an
 * insertion at 0, 1 or 2; the caret says which, so the edit lands where the person typed and
 * merges correctly with a concurrent edit next to it. Without a caret the edit goes as late as
 * possible. A surrogate pair (an emoji) is never cut in two.
 */
export function diffText(prev: string, next: string, caret?: number): TextChange | null {
	if (prev === next) return null;
	const shorter = Math.min(prev.length, next.length);
	let prefix: number;
	let suffix: number;
	if (caret === undefined || caret < 0 || caret > next.length) {
		prefix = commonPrefix(prev, next, shorter);
		suffix = commonSuffix(prev, next, shorter - prefix);
	} else {
		// The edited part ends at the caret, so the unchanged tail is at most what follows it.
		suffix = commonSuffix(prev, next, Math.min(shorter, next.length - caret));
		prefix = commonPrefix(prev, next, shorter - suffix);
	}
	if (prefix > 0 && isHighSurrogate(prev.charCodeAt(prefix - 1))) prefix--;
	if (suffix > 0 && isLowSurrogate(prev.charCodeAt(prev.length - suffix))) suffix--;
	return {
		index: prefix,
		remove: prev.length - prefix - suffix,
		insert: next.slice(prefix, next.length - suffix)
	};
}

/** `text` with `change` applied. */
export function applyChange(text: string, change: TextChange | null): string {
	if (!change) return text;
	return text.slice(0, change.index) + change.insert + text.slice(change.index + change.remove);
}

/**
 * Where a position in the text ends up after `delta` was applied to it. An insertion exactly at
 * the position pushes it along when `stickToEnd` (the end of a selection grows over it) and
 * leaves it in place otherwise (the caret stays before text someone else adds at it). A position
 * inside deleted text moves to where the deletion was, after whatever replaced it.
 */
export function transformIndex(index: number, delta: TextDelta, stickToEnd = false): number {
	let pos = 0;
	let result = index;
	// A position that a deletion pulled back stays with the text after it, so text replacing the
	// deleted part (a remote select-and-type) lands before it whatever order the delta lists them.
	let stick = stickToEnd;
	for (const op of delta) {
		if (op.retain !== undefined) {
			pos += op.retain;
		} else if (op.insert !== undefined) {
			const length = typeof op.insert === 'string' ? op.insert.length : 1;
			if (pos < result || (pos === result && stick)) result += length;
			pos += length;
		} else if (op.delete !== undefined && pos < result) {
			result -= Math.min(op.delete, result - pos);
			stick = true;
		}
		if (pos > result) break;
	}
	return result;
}

/** A selection (or caret, when `start === end`) moved through `delta`; never inverted. */
export function transformSelection(
	selection: { start: number; end: number },
	delta: TextDelta
): { start: number; end: number } {
	const collapsed = selection.start === selection.end;
	const start = transformIndex(selection.start, delta);
	const end = collapsed ? start : transformIndex(selection.end, delta, true);
	return { start, end: Math.max(start, end) };
}
