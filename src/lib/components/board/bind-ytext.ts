/**
 * A Svelte action that binds an `<input>` or `<textarea>` to a `Y.Text`: each keystroke becomes
 * the smallest edit (so two people typing in the same title both keep their words), and an edit
 * arriving from someone else updates the field without moving the caret off the word being typed.
 *
 * While a keyboard is composing (Android keyboards compose every word), writing the field's value
 * would break the word in progress, so remote edits wait until the composition ends.
 */
import type * as Y from 'yjs';
import {
	diffText,
	transformIndex,
	transformSelection,
	type TextDelta
} from '$lib/realtime/board/text-diff';

type Field = HTMLInputElement | HTMLTextAreaElement;

/** Binds `node` to `text` (null: the field shows nothing and is left alone). */
export function bindYText(node: Field, text: Y.Text | null) {
	const origin = { kind: 'text-binding' };
	let current: Y.Text | null = null;
	/** What the field showed after the last sync with the text. */
	let shadow = '';
	let composing = false;
	/** Remote deltas that arrived during a composition, not yet shown. */
	let pending: TextDelta[] = [];

	const show = (deltas: readonly TextDelta[]) => {
		if (!current) return;
		const value = current.toString();
		shadow = value;
		if (node.value === value) return;
		const focused = node.ownerDocument.activeElement === node;
		let selection = { start: node.selectionStart ?? 0, end: node.selectionEnd ?? 0 };
		for (const delta of deltas) selection = transformSelection(selection, delta);
		node.value = value;
		if (focused) node.setSelectionRange(selection.start, selection.end);
	};

	const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
		if (transaction.origin === origin) return;
		if (composing) pending.push(event.delta as TextDelta);
		else show([event.delta as TextDelta]);
	};

	const onInput = () => {
		if (!current) return;
		const value = node.value;
		const change = diffText(shadow, value, node.selectionEnd ?? undefined);
		shadow = value;
		if (!change) return;
		// Remote edits not yet shown shift where this edit belongs in the shared text.
		let start = change.index;
		let end = change.index + change.remove;
		for (const delta of pending) {
			start = transformIndex(start, delta);
			end = Math.max(start, transformIndex(end, delta));
		}
		const target = current;
		const apply = () => {
			if (end > start) target.delete(start, end - start);
			if (change.insert) target.insert(start, change.insert);
		};
		if (target.doc) target.doc.transact(apply, origin);
		else apply();
	};

	const onCompositionStart = () => {
		composing = true;
	};
	const onCompositionEnd = () => {
		composing = false;
		// The input event of the composition's last step may come after this: let it land first.
		queueMicrotask(() => {
			if (composing) return;
			const deltas = pending;
			pending = [];
			if (deltas.length > 0) show(deltas);
		});
	};

	const attach = (next: Y.Text | null) => {
		current?.unobserve(observer);
		current = next;
		pending = [];
		if (!current) {
			shadow = node.value = '';
			return;
		}
		current.observe(observer);
		shadow = node.value = current.toString();
	};

	node.addEventListener('input', onInput);
	node.addEventListener('compositionstart', onCompositionStart);
	node.addEventListener('compositionend', onCompositionEnd);
	attach(text);

	return {
		update(next: Y.Text | null) {
			if (next !== current) attach(next);
		},
		destroy() {
			current?.unobserve(observer);
			node.removeEventListener('input', onInput);
			node.removeEventListener('compositionstart', onCompositionStart);
			node.removeEventListener('compositionend', onCompositionEnd);
		}
	};
}
