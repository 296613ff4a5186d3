import { describe, expect, it } from 'vitest';
import { dropIndex, moveTargetFor } from './reorder.ts';

describe('dropIndex', () => {
	const middles = [50, 150, 250, 350];

	it('keeps the place while the pointer stays over the dragged row', () => {
		expect(dropIndex(middles, 1, 140)).toBe(1);
		expect(dropIndex(middles, 1, 160)).toBe(1);
	});

	it('moves past every row whose middle the pointer crossed', () => {
		expect(dropIndex(middles, 0, 260)).toBe(2);
		expect(dropIndex(middles, 3, 40)).toBe(0);
		expect(dropIndex(middles, 0, 9999)).toBe(3);
	});
});

describe('moveTargetFor', () => {
	const ids = ['a', 'b', 'c', 'd'];

	it('places the item before the one now at the target place', () => {
		expect(moveTargetFor(ids, 3, 0)).toEqual({ before: 'a' });
		expect(moveTargetFor(ids, 0, 2)).toEqual({ before: 'd' });
	});

	it('places the item after the last one when dropped at the end', () => {
		expect(moveTargetFor(ids, 0, 3)).toEqual({ after: 'd' });
		expect(moveTargetFor(ids, 1, 99)).toEqual({ after: 'd' });
	});

	it('does nothing when the item stays where it is or is not in the list', () => {
		expect(moveTargetFor(ids, 2, 2)).toBeNull();
		expect(moveTargetFor(ids, -1, 0)).toBeNull();
		expect(moveTargetFor(ids, 4, 0)).toBeNull();
	});
});
