/**
 * The arithmetic of dragging an usulan by its handle: where in the list the finger is, and which
 * neighbour to place the item next to. Pointer handling lives in the component; this stays pure.
 */
import type { MoveTarget } from '$lib/realtime/board';

/**
 * The position (0-based, in the list after the move) an item dragged from `from` takes when the
 * pointer is at `y`: the number of other rows whose middle is above the pointer. `middles` are
 * the vertical centres of every row, in list order, measured before the drag moved anything.
 */
export function dropIndex(middles: readonly number[], from: number, y: number): number {
	let index = 0;
	middles.forEach((middle, i) => {
		if (i !== from && middle < y) index++;
	});
	return index;
}

/**
 * Where `moveItem` should put the item at `from` so that it ends up at `to`: before the item
 * now at that place, or after the last one. Null when it would not move. Only one neighbour is
 * named, so an edit another phone makes elsewhere in the list cannot make the move stale.
 */
export function moveTargetFor(ids: readonly string[], from: number, to: number): MoveTarget | null {
	if (from < 0 || from >= ids.length || to === from) return null;
	const rest = ids.filter((_, i) => i !== from);
	const clamped = Math.max(0, Math.min(to, rest.length));
	if (clamped === from) return null;
	return clamped < rest.length ? { before: rest[clamped] } : { after: rest[rest.length - 1] };
}
