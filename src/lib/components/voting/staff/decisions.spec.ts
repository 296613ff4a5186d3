import { describe, expect, it } from 'vitest';
import { tally } from '$lib/domain/votes/tally';
import {
	electionPrefill,
	finalOrder,
	hasTies,
	priorityOutcomes,
	sameOrder,
	seatsOf,
	type FinalRow
} from './decisions.ts';

const labels = [
	{ id: 'a', label: 'Drainase RW 05' },
	{ id: 'b', label: 'Posyandu lansia' },
	{ id: 'c', label: 'Pelatihan menjahit' },
	{ id: 'd', label: 'Lampu jalan' }
];
const opts = [
	{ id: 'a', cost: 200 },
	{ id: 'b', cost: 150 },
	{ id: 'c', cost: 100 },
	{ id: 'd', cost: 50 }
];
const notes = { noRoom: 'Tidak cukup pagu', noSupport: 'Tidak ada yang memilih' };

describe('finalOrder', () => {
	it('is the order the result bars show, best first, with labels and ties', () => {
		const s = { method: 'approval', maxChoices: 2 } as const;
		const r = tally(s, opts, [
			{ optionIds: ['c', 'b'] },
			{ optionIds: ['c'] },
			{ optionIds: ['b', 'd'] }
		]);
		expect(finalOrder(r, labels, s)).toEqual([
			{ id: 'b', label: 'Posyandu lansia', place: 1, tied: true },
			{ id: 'c', label: 'Pelatihan menjahit', place: 1, tied: true },
			{ id: 'd', label: 'Lampu jalan', place: 3, tied: false },
			{ id: 'a', label: 'Drainase RW 05', place: 4, tied: false }
		]);
	});

	it('orders a ranked vote by Borda points', () => {
		const s = { method: 'ranked', fullRanking: false } as const;
		const r = tally(s, opts, [
			{ ranking: ['d', 'a'] },
			{ ranking: ['d', 'b'] },
			{ ranking: ['a'] }
		]);
		expect(finalOrder(r, labels, s)?.map((x) => x.id)).toEqual(['d', 'a', 'b', 'c']);
	});

	it('marks budget rows that do not fit the pagu or have no support', () => {
		const s = { method: 'budget', ceiling: 300 } as const;
		const r = tally(s, opts, [
			{ optionIds: ['a', 'c'] },
			{ optionIds: ['a'] },
			{ optionIds: ['b'] }
		]);
		expect(finalOrder(r, labels, s)?.map((x) => [x.id, x.status])).toEqual([
			['a', 'selected'],
			['b', 'does_not_fit'],
			['c', 'selected'],
			['d', 'no_support']
		]);
	});

	it('has no order for a yes / no vote', () => {
		const s = { method: 'yes_no', threshold: 'majority' } as const;
		expect(finalOrder(tally(s, [], [{ answer: 'yes' }]), [], s)).toBeNull();
	});
});

describe('priorityOutcomes', () => {
	it('ranks every option 1..n in list order (ties too), agreed, with the note', () => {
		const rows: FinalRow[] = [
			{ id: 'b', label: 'B', place: 1, tied: true },
			{ id: 'c', label: 'C', place: 1, tied: true },
			{ id: 'a', label: 'A', place: 3, tied: false }
		];
		expect(hasTies(rows)).toBe(true);
		expect(priorityOutcomes(rows, 'Forum sepakat', notes)).toEqual([
			{ optionId: 'b', outcome: 'agreed', rank: 1, note: 'Forum sepakat' },
			{ optionId: 'c', outcome: 'agreed', rank: 2, note: 'Forum sepakat' },
			{ optionId: 'a', outcome: 'agreed', rank: 3, note: 'Forum sepakat' }
		]);
	});

	it('defers budget usulan that do not fit the pagu or nobody chose, saying why', () => {
		const s = { method: 'budget', ceiling: 300 } as const;
		const r = tally(s, opts, [
			{ optionIds: ['a', 'c'] },
			{ optionIds: ['a'] },
			{ optionIds: ['b'] }
		]);
		const rows = finalOrder(r, labels, s)!;
		expect(priorityOutcomes(rows, '', notes)).toEqual([
			{ optionId: 'a', outcome: 'agreed', rank: 1, note: '' },
			{ optionId: 'b', outcome: 'deferred', rank: 2, note: 'Tidak cukup pagu' },
			{ optionId: 'c', outcome: 'agreed', rank: 3, note: '' },
			{ optionId: 'd', outcome: 'deferred', rank: 4, note: 'Tidak ada yang memilih' }
		]);
		expect(priorityOutcomes(rows, 'Rapat 2', notes)[1].note).toBe('Tidak cukup pagu. Rapat 2');
	});
});

describe('sameOrder', () => {
	it('is true only for the same ids in the same order', () => {
		const rows: FinalRow[] = [
			{ id: 'a', label: 'A', place: 1, tied: false },
			{ id: 'b', label: 'B', place: 2, tied: false }
		];
		expect(sameOrder(rows, ['a', 'b'])).toBe(true);
		expect(sameOrder(rows, ['b', 'a'])).toBe(false);
		expect(sameOrder(rows, ['a'])).toBe(false);
	});
});

describe('seatsOf', () => {
	it('reads the seats from an approval vote’s limit only', () => {
		expect(seatsOf({ method: 'approval', maxChoices: 3 })).toBe(3);
		expect(seatsOf({ method: 'ranked', fullRanking: false })).toBeNull();
		expect(seatsOf({ method: 'dots', dots: 5, maxPerOption: 2 })).toBeNull();
	});
});

describe('electionPrefill', () => {
	const row = (id: string, place: number, tied = false): FinalRow => ({
		id,
		label: id,
		place,
		tied
	});

	it('elects the top candidates for the seats and not the rest', () => {
		const rows = [row('a', 1), row('b', 2), row('c', 3), row('d', 4)];
		expect(electionPrefill(rows, 2)).toEqual({
			outcomes: { a: 'elected', b: 'elected', c: 'rejected', d: 'rejected' },
			undecided: []
		});
	});

	it('leaves a tie across the last seat undecided, and elects a tie that fits', () => {
		const across = [row('a', 1), row('b', 2, true), row('c', 2, true), row('d', 4)];
		expect(electionPrefill(across, 2)).toEqual({
			outcomes: { a: 'elected', d: 'rejected' },
			undecided: ['b', 'c']
		});
		expect(electionPrefill(across, 3).outcomes).toEqual({
			a: 'elected',
			b: 'elected',
			c: 'elected',
			d: 'rejected'
		});
	});

	it('prefills nothing without seats', () => {
		expect(electionPrefill([row('a', 1), row('b', 2)], null)).toEqual({
			outcomes: {},
			undecided: []
		});
	});
});
