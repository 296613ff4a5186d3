import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isCanonicalJoinCode } from '../../../src/lib/domain/join-code.ts';
import { readBoard } from '../../../src/lib/realtime/board/index.ts';
import { docName } from '../../../src/lib/realtime/doc-names.ts';
import { readLive } from '../../../src/lib/realtime/live/index.ts';
import { auditLog, participant } from '../../../src/lib/server/db/schema/index.ts';
import { createLivePublisher } from '../../../src/lib/server/meetings/live-publisher.ts';
import {
	advanceMeetingPhase,
	createMeeting,
	listMeetings,
	MeetingServiceError,
	setBoardLocked,
	updateMeeting
} from '../../../src/lib/server/meetings/service.ts';
import { emitDomainEvent } from '../../../src/lib/server/events.ts';
import { logger } from '../../../src/lib/server/log.ts';
import { meetingAttendance } from '../../../src/lib/server/participants/queries.ts';
import { createYjsStore } from '../../../src/lib/server/realtime/persistence.ts';
import { DEMO_MEETING_TITLE, seedDemoMeeting } from '../../../src/lib/server/seed/demo-meeting.ts';
import { buildMeetingInput } from '../../factories/meetings.ts';
import { createUser } from '../../factories/users.ts';
import {
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { refusalOf } from '../../support/refusal.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

const refusal = (p: Promise<unknown>) => refusalOf(p, MeetingServiceError);

describe.each(drivers)('meetings on %s', (driver) => {
	let db: TestDatabase;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	let server: RealtimeTestServer;

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
	});
	afterAll(async () => {
		await server?.close();
		await db?.cleanup();
	});

	it('creates a meeting with every field, a join code of its own, and an audit entry', async () => {
		const a = await createMeeting(
			db.db,
			fx.actor,
			buildMeetingInput({
				title: '  Rembuk RW 05  ',
				kind: 'rembuk_rw',
				rwScope: [5, 5],
				budgetCeiling: 50_000_000,
				quorum: { kind: 'share', share: 0.5 },
				voters: 'verified',
				inclusionThresholds: { women: 0.3 }
			})
		);
		expect(a).toMatchObject({
			title: 'Rembuk RW 05',
			kind: 'rembuk_rw',
			rwScope: [5],
			budgetCeiling: 50_000_000,
			quorum: { kind: 'share', share: 0.5 },
			voters: 'verified',
			inclusionThresholds: { women: 0.3 }
		});
		expect(a.startsAt?.toISOString()).toBe('2027-01-16T02:00:00.000Z');
		expect(isCanonicalJoinCode(a.joinCode!)).toBe(true);
		expect(a.joinCode).not.toBe(fx.meeting.joinCode);
		const entries = await db.db.select().from(auditLog).where(eq(auditLog.subjectId, a.id));
		expect(entries.map((e) => e.action)).toEqual(['meeting.created']);
	});

	it('refuses invalid fields with one error per field, and sectors the kelurahan does not use', async () => {
		const bad = await refusal(
			createMeeting(db.db, fx.actor, {
				...buildMeetingInput(),
				title: 'x',
				budgetCeiling: -1,
				agenda: []
			})
		);
		expect(bad.code).toBe('invalid');
		expect(bad.errors.map((e) => e.field).sort()).toEqual(['agenda', 'budgetCeiling', 'title']);
		const sector = await refusal(
			createMeeting(db.db, fx.actor, buildMeetingInput({ sectors: ['perikanan'] }))
		);
		expect(sector.errors).toEqual([{ field: 'sectors', code: 'unknown_sector' }]);
		const junk = await refusal(createMeeting(db.db, fx.actor, 'not an object'));
		expect(junk.code).toBe('invalid');
	});

	it('refuses accounts without a kelurahan and anonymous callers', async () => {
		expect((await refusal(createMeeting(db.db, null, buildMeetingInput()))).code).toBe('forbidden');
		const admin = await createUser(db.db, { role: 'admin' });
		const global = { kind: 'user' as const, id: admin.id, role: admin.role, kelurahanId: null };
		expect((await refusal(createMeeting(db.db, global, buildMeetingInput()))).code).toBe(
			'forbidden'
		);
	});

	it('edits a meeting with an audit entry holding before and after; unchanged edits are not logged', async () => {
		const m = await createMeeting(db.db, fx.actor, buildMeetingInput({ title: 'Sebelum' }));
		const edited = await updateMeeting(
			db.db,
			fx.actor,
			m.id,
			buildMeetingInput({ title: 'Sesudah', place: 'Balai RW 02' })
		);
		expect(edited).toMatchObject({ title: 'Sesudah', place: 'Balai RW 02' });
		await updateMeeting(
			db.db,
			fx.actor,
			m.id,
			buildMeetingInput({ title: 'Sesudah', place: 'Balai RW 02' })
		);
		const entries = await db.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.subjectId, m.id))
			.orderBy(auditLog.id);
		expect(entries.map((e) => e.action)).toEqual(['meeting.created', 'meeting.updated']);
		expect(entries[1].before).toMatchObject({ title: 'Sebelum' });
		expect(entries[1].after).toMatchObject({ title: 'Sesudah', place: 'Balai RW 02' });
	});

	it('refuses edits by another kelurahan, of a closed meeting, and of unknown ids', async () => {
		const m = await createMeeting(db.db, fx.actor, buildMeetingInput());
		const other = await createUser(db.db, {
			role: 'facilitator',
			kelurahanId: fx.otherKelurahanId
		});
		const outsider = {
			kind: 'user' as const,
			id: other.id,
			role: other.role,
			kelurahanId: fx.otherKelurahanId
		};
		expect((await refusal(updateMeeting(db.db, outsider, m.id, buildMeetingInput()))).code).toBe(
			'forbidden'
		);
		expect(
			(await refusal(updateMeeting(db.db, fx.actor, 'not-a-uuid', buildMeetingInput()))).code
		).toBe('not_found');
		await advanceMeetingPhase(db.db, fx.actor, { meetingId: m.id, to: 'closed' });
		expect((await refusal(updateMeeting(db.db, fx.actor, m.id, buildMeetingInput()))).code).toBe(
			'closed'
		);
		expect(
			(await refusal(advanceMeetingPhase(db.db, fx.actor, { meetingId: m.id, to: 'open' }))).code
		).toBe('backwards');
	});

	it('lists only the meetings of the account’s own kelurahan', async () => {
		const other = await createUser(db.db, { role: 'staff', kelurahanId: fx.otherKelurahanId });
		const outsider = {
			kind: 'user' as const,
			id: other.id,
			role: other.role,
			kelurahanId: fx.otherKelurahanId
		};
		const mine = await listMeetings(db.db, fx.actor);
		expect(mine.length).toBeGreaterThan(0);
		expect(mine.every((m) => m.kelurahanId === fx.actor.kelurahanId)).toBe(true);
		expect(await listMeetings(db.db, outsider)).toEqual([]);
	});

	it('publishes phase, locks and attendance counts into the live doc, coalescing a burst', async () => {
		const publisher = createLivePublisher({
			db: db.db,
			realtime: server.realtime,
			log: logger('live-test'),
			attendance: meetingAttendance,
			currentVote: async () => null,
			coalesceMs: 20
		});
		try {
			const m = await createMeeting(db.db, fx.actor, buildMeetingInput({ title: 'Live' }));
			await publisher.ensurePublished(m.id);
			const live = await server.realtime.openDoc(docName.live(m.id));
			try {
				expect(readLive(live.doc).meeting).toEqual({
					title: 'Live',
					phase: 'draft',
					boardLocked: false,
					joinLocked: false
				});
				expect(readLive(live.doc).attendance?.total).toBe(0);

				await advanceMeetingPhase(db.db, fx.actor, { meetingId: m.id, to: 'collecting' });
				await setBoardLocked(db.db, fx.actor, { meetingId: m.id, locked: true });
				await db.db.insert(participant).values([
					{ meetingId: m.id, displayName: 'A', tokenHash: `a-${m.id}`, gender: 'female', rw: 2 },
					{ meetingId: m.id, displayName: 'B', tokenHash: `b-${m.id}`, gender: 'male', rw: 2 }
				]);
				// A direct insert emits no event; the next change of the meeting carries the counts along.
				await setBoardLocked(db.db, fx.actor, { meetingId: m.id, locked: false });
				const deadline = Date.now() + 5000;
				const settled = () => {
					const v = readLive(live.doc);
					return v.attendance?.total === 2 && v.meeting?.boardLocked === false;
				};
				while (!settled() && Date.now() < deadline) {
					await new Promise((r) => setTimeout(r, 20));
				}
				const view = readLive(live.doc);
				expect(view.meeting).toMatchObject({ phase: 'collecting', boardLocked: false });
				expect(view.attendance).toMatchObject({ total: 2, byRw: [{ rw: 2, count: 2 }] });
				expect(view.attendance?.inclusion.women).toMatchObject({ count: 1, answered: 2 });
				// A burst of 50 changes (a hall joining) becomes one or two writes, not 50.
				let writes = 0;
				const count = () => writes++;
				live.doc.on('update', count);
				for (let i = 0; i < 50; i++) {
					emitDomainEvent({ type: 'participant.changed', meetingId: m.id, participantId: `p${i}` });
				}
				await new Promise((r) => setTimeout(r, 300));
				await publisher.publish(m.id);
				live.doc.off('update', count);
				expect(writes).toBeGreaterThanOrEqual(1);
				expect(writes).toBeLessThanOrEqual(3);
				// Names never reach the live doc: every phone reads it.
				expect(JSON.stringify(live.doc.getMap('state').toJSON())).not.toContain('"A"');
			} finally {
				live.release();
			}
		} finally {
			await publisher.stop();
		}
	});

	it('seeds the demo meeting: collecting, with residents and five valid usulan on its board', async () => {
		const demo = await seedDemoMeeting(db.db);
		expect(demo.title).toBe(DEMO_MEETING_TITLE);
		const { updates } = await createYjsStore(db.db).load(docName.board(demo.id));
		const doc = new Y.Doc();
		for (const u of updates) Y.applyUpdate(doc, u);
		const board = readBoard(doc, { sectors: demo.sectorCodes });
		expect(board.items).toHaveLength(5);
		expect(board.invalid).toEqual([]);
		expect(board.items.every((i) => i.proposers.length === 1)).toBe(true);
		const figures = await meetingAttendance(db.db, demo);
		expect(figures.total).toBe(6);
	});
});
