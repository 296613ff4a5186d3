import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	affiliations,
	ageGroups,
	attendanceFigures,
	countsAsAttendee,
	DEFAULT_MIN_ANSWERED,
	genders,
	inclusionGroups,
	type AttendanceFigures,
	type AttendanceParticipant
} from './attendance.ts';

let nextId = 0;
/** A participant who answered nothing optional; each test sets only what it is about. */
function person(overrides: Partial<AttendanceParticipant> = {}): AttendanceParticipant {
	return {
		id: `p${++nextId}`,
		verified: false,
		removed: false,
		mergedInto: null,
		rw: null,
		rt: null,
		gender: null,
		ageGroup: null,
		disability: null,
		affiliation: null,
		...overrides
	};
}
const many = (n: number, overrides: Partial<AttendanceParticipant> = {}) =>
	Array.from({ length: n }, () => person(overrides));

describe('countsAsAttendee', () => {
	it('counts present people, not removed ones or merged-away duplicates', () => {
		expect(countsAsAttendee(person())).toBe(true);
		expect(countsAsAttendee({ removed: false })).toBe(true);
		expect(countsAsAttendee(person({ removed: true }))).toBe(false);
		expect(countsAsAttendee(person({ mergedInto: 'p1' }))).toBe(false);
	});
});

describe('attendanceFigures', () => {
	it('gives zeros and null shares for an empty room', () => {
		const f = attendanceFigures([]);
		expect(f.total).toBe(0);
		expect(f.verified).toBe(0);
		expect(f.byRw).toEqual([]);
		expect(f.inclusion.women).toEqual({ count: 0, answered: 0, share: null, shareOfAll: null });
		expect(f.affiliation).toEqual({
			warga: 0,
			lsm: 0,
			swasta: 0,
			pemerintah: 0,
			tokoh: 0,
			unknown: 0
		});
		expect(f.warnings).toEqual([]);
	});

	it('counts total and verified, leaving out removed and merged-away participants', () => {
		const survivor = person({ verified: true });
		const f = attendanceFigures([
			survivor,
			person({ mergedInto: survivor.id, verified: true }),
			person({ removed: true, verified: true }),
			person(),
			person({ verified: true })
		]);
		expect(f.total).toBe(3);
		expect(f.verified).toBe(2);
	});

	it('does not let a removed or merged participant touch any figure', () => {
		const ghost = {
			removed: true,
			rw: 4,
			gender: 'female',
			affiliation: 'lsm',
			disability: true
		} as const;
		const f = attendanceFigures([
			person(ghost),
			person({ ...ghost, removed: false, mergedInto: 'x' })
		]);
		expect(f.byRw).toEqual([]);
		expect(f.inclusion.women.answered).toBe(0);
		expect(f.inclusion.disability.answered).toBe(0);
		expect(f.affiliation.lsm).toBe(0);
	});

	describe('by RW', () => {
		it('lists RWs ascending with verified counts, and counts those without an RW', () => {
			const f = attendanceFigures([
				person({ rw: 3 }),
				person({ rw: 1, verified: true }),
				person({ rw: 3, verified: true }),
				person({ rw: 1 }),
				person({ rw: 1 }),
				person()
			]);
			expect(f.byRw).toEqual([
				{ rw: 1, count: 3, verified: 1, inScope: true },
				{ rw: 3, count: 2, verified: 1, inScope: true }
			]);
			expect(f.unknownRw).toBe(1);
			expect(f.outsideScope).toBe(0);
		});

		it('with a scope, lists every scoped RW (0 if nobody came) and marks the others as outside', () => {
			const f = attendanceFigures(
				[person({ rw: 2 }), person({ rw: 7 }), person({ rw: 7 }), person()],
				{
					rwScope: [5, 2]
				}
			);
			expect(f.byRw).toEqual([
				{ rw: 2, count: 1, verified: 0, inScope: true },
				{ rw: 5, count: 0, verified: 0, inScope: true },
				{ rw: 7, count: 2, verified: 0, inScope: false }
			]);
			expect(f.outsideScope).toBe(2);
			// Not knowing someone's RW is not the same as them being from elsewhere.
			expect(f.unknownRw).toBe(1);
		});

		it('treats an empty scope as the whole kelurahan', () => {
			const f = attendanceFigures([person({ rw: 9 })], { rwScope: [] });
			expect(f.byRw).toEqual([{ rw: 9, count: 1, verified: 0, inScope: true }]);
			expect(f.outsideScope).toBe(0);
		});
	});

	describe('inclusion shares', () => {
		it('gives the share among those who answered and among everyone', () => {
			const f = attendanceFigures([
				...many(3, { gender: 'female' }),
				...many(3, { gender: 'male' }),
				...many(4) // did not say
			]);
			expect(f.inclusion.women).toEqual({ count: 3, answered: 6, share: 0.5, shareOfAll: 0.3 });
		});

		it('counts youth and elderly from one age question, adults in neither', () => {
			const f = attendanceFigures([
				person({ ageGroup: 'youth' }),
				person({ ageGroup: 'adult' }),
				person({ ageGroup: 'adult' }),
				person({ ageGroup: 'elderly' }),
				person()
			]);
			expect(f.inclusion.youth).toEqual({ count: 1, answered: 4, share: 0.25, shareOfAll: 0.2 });
			expect(f.inclusion.elderly).toEqual({ count: 1, answered: 4, share: 0.25, shareOfAll: 0.2 });
		});

		it('tells "no disability" (answered) from no answer', () => {
			const f = attendanceFigures([
				person({ disability: true }),
				person({ disability: false }),
				person({ disability: null })
			]);
			expect(f.inclusion.disability).toMatchObject({ count: 1, answered: 2, share: 0.5 });
		});

		it('has a null share when nobody answered, but a 0 share of all', () => {
			const f = attendanceFigures(many(5));
			expect(f.inclusion.disability).toEqual({ count: 0, answered: 0, share: null, shareOfAll: 0 });
		});
	});

	it('counts affiliations, with no answer as unknown', () => {
		const f = attendanceFigures([
			...many(4, { affiliation: 'warga' }),
			person({ affiliation: 'lsm' }),
			person({ affiliation: 'swasta' }),
			person({ affiliation: 'pemerintah' }),
			...many(2, { affiliation: 'tokoh' }),
			person()
		]);
		expect(f.affiliation).toEqual({
			warga: 4,
			lsm: 1,
			swasta: 1,
			pemerintah: 1,
			tokoh: 2,
			unknown: 1
		});
	});

	describe('warnings', () => {
		const room = (women: number, men: number) => [
			...many(women, { gender: 'female' }),
			...many(men, { gender: 'male' })
		];

		it('warns when a share is below its threshold', () => {
			const f = attendanceFigures(room(2, 8), { thresholds: { women: 0.3 } });
			expect(f.warnings).toEqual([{ group: 'women', share: 0.2, threshold: 0.3, answered: 10 }]);
			expect(f.tooFewAnswers).toEqual([]);
		});

		it('does not warn when the threshold is met exactly', () => {
			expect(attendanceFigures(room(3, 7), { thresholds: { women: 0.3 } }).warnings).toEqual([]);
			// 333 of 1000 against a threshold typed as 33.3 %.
			expect(
				attendanceFigures(room(333, 667), { thresholds: { women: 33.3 / 100 } }).warnings
			).toEqual([]);
		});

		it('only warns about groups that have a threshold', () => {
			const f = attendanceFigures([...room(0, 20), ...many(20, { ageGroup: 'adult' })], {
				thresholds: { youth: 0.2 }
			});
			expect(f.warnings.map((w) => w.group)).toEqual(['youth']);
		});

		it('lists several warnings in a fixed order', () => {
			const f = attendanceFigures(
				many(12, { gender: 'male', ageGroup: 'adult', disability: false }),
				{ thresholds: { disability: 0.05, women: 0.3, elderly: 0.1, youth: 0.1 } }
			);
			expect(f.warnings.map((w) => w.group)).toEqual(['women', 'youth', 'elderly', 'disability']);
		});

		it(`holds back below ${DEFAULT_MIN_ANSWERED} answers and says so`, () => {
			const f = attendanceFigures([...room(0, DEFAULT_MIN_ANSWERED - 1), ...many(50)], {
				thresholds: { women: 0.3, youth: 0.1 }
			});
			expect(f.warnings).toEqual([]);
			expect(f.tooFewAnswers).toEqual(['women', 'youth']);
		});

		it('warns from the minimum number of answers on', () => {
			const f = attendanceFigures(room(0, DEFAULT_MIN_ANSWERED), { thresholds: { women: 0.3 } });
			expect(f.warnings).toHaveLength(1);
		});

		it('lets a small meeting lower the minimum', () => {
			const f = attendanceFigures(room(0, 4), { thresholds: { women: 0.3 }, minAnswered: 4 });
			expect(f.warnings).toEqual([{ group: 'women', share: 0, threshold: 0.3, answered: 4 }]);
		});

		it('never warns about an empty room, even with a minimum of 0', () => {
			const f = attendanceFigures([], { thresholds: { women: 0.3 }, minAnswered: 0 });
			expect(f.warnings).toEqual([]);
			expect(f.tooFewAnswers).toEqual(['women']);
		});

		it('ignores a threshold that is not a number', () => {
			const f = attendanceFigures(room(0, 20), { thresholds: { women: NaN } });
			expect(f.warnings).toEqual([]);
			expect(f.tooFewAnswers).toEqual([]);
		});
	});
});

describe('attendanceFigures (properties)', () => {
	const participantArb: fc.Arbitrary<AttendanceParticipant> = fc.record({
		id: fc.uuid(),
		verified: fc.boolean(),
		removed: fc.constantFrom(false, false, false, false, true),
		mergedInto: fc.constantFrom(null, null, null, undefined, 'merged-into-someone'),
		rw: fc.option(fc.integer({ min: 1, max: 12 })),
		rt: fc.option(fc.integer({ min: 1, max: 20 })),
		gender: fc.option(fc.constantFrom(...genders)),
		ageGroup: fc.option(fc.constantFrom(...ageGroups)),
		disability: fc.option(fc.boolean()),
		affiliation: fc.option(fc.constantFrom(...affiliations))
	});
	const roomArb = fc.array(participantArb, { maxLength: 60 });
	const optionsArb = fc.record({
		rwScope: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 5 }),
		thresholds: fc.record(
			Object.fromEntries(
				inclusionGroups.map((g) => [g, fc.double({ min: 0, max: 1, noNaN: true })])
			),
			{ requiredKeys: [] }
		),
		minAnswered: fc.integer({ min: 0, max: 15 })
	});
	const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

	it('counts add up', () => {
		fc.assert(
			fc.property(roomArb, optionsArb, (room, options) => {
				const f = attendanceFigures(room, options);
				expect(f.total).toBe(room.filter(countsAsAttendee).length);
				expect(f.verified).toBeLessThanOrEqual(f.total);
				expect(sum(f.byRw.map((r) => r.count)) + f.unknownRw).toBe(f.total);
				expect(sum(f.byRw.map((r) => r.verified))).toBeLessThanOrEqual(f.verified);
				expect(f.outsideScope).toBe(sum(f.byRw.filter((r) => !r.inScope).map((r) => r.count)));
				expect(sum(Object.values(f.affiliation))).toBe(f.total);
				for (const rw of options.rwScope)
					expect(f.byRw.some((r) => r.rw === rw && r.inScope)).toBe(true);
				const rws = f.byRw.map((r) => r.rw);
				expect(rws).toEqual([...new Set(rws)].sort((a, b) => a - b));
			})
		);
	});

	it('keeps every share in [0, 1], and counts within answers within the room', () => {
		fc.assert(
			fc.property(roomArb, optionsArb, (room, options) => {
				const f = attendanceFigures(room, options);
				for (const g of inclusionGroups) {
					const { count, answered, share, shareOfAll } = f.inclusion[g];
					expect(count).toBeLessThanOrEqual(answered);
					expect(answered).toBeLessThanOrEqual(f.total);
					for (const s of [share, shareOfAll]) {
						if (s !== null) {
							expect(s).toBeGreaterThanOrEqual(0);
							expect(s).toBeLessThanOrEqual(1);
						}
					}
					expect(share === null).toBe(answered === 0);
					expect(shareOfAll === null).toBe(f.total === 0);
					if (share !== null && shareOfAll !== null) expect(shareOfAll).toBeLessThanOrEqual(share);
				}
				expect(f.inclusion.youth.answered).toBe(f.inclusion.elderly.answered);
				expect(f.inclusion.youth.count + f.inclusion.elderly.count).toBeLessThanOrEqual(
					f.inclusion.youth.answered
				);
			})
		);
	});

	it('warns exactly about thresholded groups below their threshold with enough answers', () => {
		fc.assert(
			fc.property(roomArb, optionsArb, (room, options) => {
				const f = attendanceFigures(room, options);
				for (const g of inclusionGroups) {
					const threshold = options.thresholds[g];
					const { answered, share } = f.inclusion[g];
					const warning = f.warnings.find((w) => w.group === g);
					const checked =
						threshold !== undefined && answered >= options.minAnswered && answered > 0;
					expect(f.tooFewAnswers.includes(g)).toBe(threshold !== undefined && !checked);
					if (!checked) expect(warning).toBeUndefined();
					else if (share! < threshold - 1e-6)
						expect(warning).toEqual({ group: g, share, threshold, answered });
					else if (share! >= threshold) expect(warning).toBeUndefined();
				}
			})
		);
	});

	it('does not depend on the order of the list', () => {
		fc.assert(
			fc.property(roomArb, optionsArb, fc.infiniteStream(fc.nat()), (room, options, keys) => {
				const random = keys[Symbol.iterator]();
				const shuffled = room
					.map((p) => ({ p, key: random.next().value as number }))
					.sort((a, b) => a.key - b.key)
					.map(({ p }) => p);
				expect(attendanceFigures(shuffled, options)).toEqual(attendanceFigures(room, options));
			})
		);
	});

	/** Every count except per RW, in a fixed order. */
	const counts = (f: AttendanceFigures) => [
		f.total,
		f.verified,
		f.unknownRw,
		f.outsideScope,
		...Object.values(f.affiliation),
		...inclusionGroups.flatMap((g) => [f.inclusion[g].count, f.inclusion[g].answered])
	];

	it('removing a participant, or marking one removed or merged, never increases a count', () => {
		fc.assert(
			fc.property(
				roomArb.filter((r) => r.length > 0),
				optionsArb,
				fc.nat(),
				fc.constantFrom('drop', 'remove', 'merge'),
				(room, options, i, how) => {
					const index = i % room.length;
					const after =
						how === 'drop'
							? room.toSpliced(index, 1)
							: room.with(index, {
									...room[index],
									...(how === 'remove' ? { removed: true } : { mergedInto: 'someone-else' })
								});
					const before = attendanceFigures(room, options);
					const now = attendanceFigures(after, options);
					expect(now.total).toBeLessThanOrEqual(before.total);
					expect(now.total).toBeGreaterThanOrEqual(before.total - 1);
					const b = counts(before);
					counts(now).forEach((n, k) => expect(n).toBeLessThanOrEqual(b[k]));
					// An RW row may vanish with its last attendee; the ones left can only shrink.
					for (const row of now.byRw) {
						const old = before.byRw.find((r) => r.rw === row.rw)!;
						expect(row.count).toBeLessThanOrEqual(old.count);
						expect(row.verified).toBeLessThanOrEqual(old.verified);
					}
				}
			)
		);
	});
});
