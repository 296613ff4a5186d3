/**
 * The shape of the `meeting/<id>/live` Yjs doc: written by the server only (clients connect
 * read-only), read by phones, the console and the projector. It carries what everybody in the
 * room may see — never personal data of participants.
 *
 * ```
 * doc
 * └── state: Y.Map
 *       ├── meeting: LiveMeeting        phase, locks, title (JSON, replaced whole)
 *       └── attendance: LiveAttendance  counts and inclusion shares (JSON, replaced whole)
 * ```
 *
 * Values are replaced whole, so a reader never sees half an update. Later issues add keys (the
 * current vote and its tally) beside these.
 */
// zod/mini, not zod: phones load this module (see board/input.ts).
import * as z from 'zod/mini';
import { affiliations, inclusionGroups } from '../../domain/attendance.ts';
import { meetingPhases } from '../../domain/meeting-phase.ts';

export const liveRoot = 'state';

export const liveKeys = { meeting: 'meeting', attendance: 'attendance' } as const;

const count = z.int().check(z.gte(0));
const shareOrNull = z.nullable(z.number().check(z.gte(0), z.lte(1)));

export const liveMeetingSchema = z.object({
	title: z.string().check(z.maxLength(200)),
	phase: z.enum(meetingPhases),
	boardLocked: z.boolean(),
	joinLocked: z.boolean()
});
export type LiveMeeting = z.infer<typeof liveMeetingSchema>;

export const liveAttendanceSchema = z.object({
	total: count,
	verified: count,
	byRw: z
		.array(z.object({ rw: count, count, verified: count, inScope: z.boolean() }))
		.check(z.maxLength(1000)),
	unknownRw: count,
	outsideScope: count,
	inclusion: z.record(
		z.enum(inclusionGroups),
		z.object({ count, answered: count, share: shareOrNull, shareOfAll: shareOrNull })
	),
	affiliation: z.record(z.enum([...affiliations, 'unknown']), count),
	warnings: z
		.array(
			z.object({
				group: z.enum(inclusionGroups),
				share: z.number(),
				threshold: z.number(),
				answered: count
			})
		)
		.check(z.maxLength(10)),
	tooFewAnswers: z.array(z.enum(inclusionGroups)).check(z.maxLength(10))
});
export type LiveAttendance = z.infer<typeof liveAttendanceSchema>;
