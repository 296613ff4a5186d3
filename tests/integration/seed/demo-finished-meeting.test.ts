import { and, asc, count, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { m } from '../../../src/lib/paraglide/messages.js';
import { readBoard } from '../../../src/lib/realtime/board/index.ts';
import { docName } from '../../../src/lib/realtime/doc-names.ts';
import { verifyAuditChain } from '../../../src/lib/server/audit/log.ts';
import type { Database } from '../../../src/lib/server/db/client.ts';
import {
	auditLog,
	ballot,
	boardVersion,
	decision,
	hybridCount,
	meeting,
	participant,
	usulan,
	vote,
	yjsUpdate,
	type Meeting
} from '../../../src/lib/server/db/schema/index.ts';
import { meetingRecord, type MeetingRecord } from '../../../src/lib/server/meetings/record.ts';
import { joinMeeting } from '../../../src/lib/server/participants/service.ts';
import { createYjsStore } from '../../../src/lib/server/realtime/persistence.ts';
import { seedDemoData, seedDemoMeetings } from '../../../src/lib/server/seed/demo.ts';
import {
	DEMO_FINISHED_MEETING_TITLE,
	seedDemoFinishedMeeting
} from '../../../src/lib/server/seed/demo-finished-meeting.ts';
import { DEMO_MEETING_TITLE, seedDemoMeeting } from '../../../src/lib/server/seed/demo-meeting.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

const tables = {
	meeting,
	participant,
	usulan,
	boardVersion,
	vote,
	ballot,
	hybridCount,
	decision,
	auditLog,
	yjsUpdate
};

async function rowCounts(db: Database) {
	const out: Record<string, number> = {};
	for (const [name, table] of Object.entries(tables)) {
		const [row] = await db.select({ n: count() }).from(table);
		out[name] = row.n;
	}
	return out;
}

/** Everything the 2027 demo meeting owns, as rows, to compare before and after. */
async function meetingState(db: Database, meetingId: string) {
	const [m] = await db.select().from(meeting).where(eq(meeting.id, meetingId));
	return {
		meeting: m,
		participants: await db
			.select()
			.from(participant)
			.where(eq(participant.meetingId, meetingId))
			.orderBy(asc(participant.id)),
		board: await db
			.select()
			.from(yjsUpdate)
			.where(eq(yjsUpdate.docName, docName.board(meetingId)))
			.orderBy(asc(yjsUpdate.id)),
		versions: await db.select().from(boardVersion).where(eq(boardVersion.meetingId, meetingId)),
		votes: await db.select().from(vote).where(eq(vote.meetingId, meetingId)),
		audit: await db
			.select()
			.from(auditLog)
			.where(eq(auditLog.subjectId, meetingId))
			.orderBy(asc(auditLog.id))
	};
}

const WIB_DAY = '2026-01-24';

describe.each(drivers)('finished demo meeting on %s', (driver) => {
	let db: TestDatabase;
	let current: Meeting;
	let finished: Meeting;
	let record: MeetingRecord;
	let currentBefore: Awaited<ReturnType<typeof meetingState>>;
	let countsAfterFirst: Record<string, number>;
	let second: Awaited<ReturnType<typeof seedDemoFinishedMeeting>>;

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		await seedDemoData(db.db);
		current = await seedDemoMeeting(db.db);
		currentBefore = await meetingState(db.db, current.id);
		const first = await seedDemoFinishedMeeting(db.db);
		expect(first.seeded).toBe(true);
		finished = first.meeting!;
		countsAfterFirst = await rowCounts(db.db);
		second = await seedDemoFinishedMeeting(db.db);
		record = (await meetingRecord(db.db, finished.id))!;
	});
	afterAll(async () => {
		await db?.cleanup();
	});

	it('adds nothing when seeded a second time', async () => {
		expect(second).toEqual({
			seeded: false,
			meeting: expect.objectContaining({ id: finished.id })
		});
		expect(await rowCounts(db.db)).toEqual(countsAfterFirst);
		const titled = await db.db
			.select({ id: meeting.id })
			.from(meeting)
			.where(eq(meeting.title, DEMO_FINISHED_MEETING_TITLE));
		expect(titled).toHaveLength(1);
	});

	it('is closed in the past, joining locked, and its code no longer lets anyone in', async () => {
		expect(finished.title).toBe(DEMO_FINISHED_MEETING_TITLE);
		expect(record.meeting).toMatchObject({
			kind: 'musrenbang_kelurahan',
			place: 'Balai Kelurahan Rejosari',
			budgetCeiling: 400_000_000,
			phase: 'closed'
		});
		expect(record.meeting.startsAt?.toISOString()).toBe('2026-01-24T02:00:00.000Z');
		expect(record.meeting.stages.map((s) => s.phase)).toEqual([
			'draft',
			'open',
			'collecting',
			'voting',
			'closed'
		]);
		for (const s of record.meeting.stages.slice(1)) {
			expect(s.at.toISOString().slice(0, 10)).toBe(WIB_DAY);
		}
		expect(finished.joinLockedAt).toBeInstanceOf(Date);
		const late = await joinMeeting(db.db, {
			code: finished.joinCode,
			displayName: 'Warga Terlambat',
			rt: 1,
			rw: 1
		});
		expect(late).toEqual({ ok: false, reason: 'ended' });
	});

	it('has two dozen residents from every RW, most verified, some answers left unsaid', () => {
		const a = record.attendance;
		expect(a.total).toBe(24);
		expect(a.verified).toBe(21);
		expect(a.byRw.map((r) => r.rw)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(a.inclusion.women.count).toBeGreaterThanOrEqual(10);
		expect(a.inclusion.women.answered).toBeLessThan(24);
		expect(a.inclusion.disability.count).toBeGreaterThan(0);
		expect(a.affiliation.unknown).toBeGreaterThan(0);
		expect(a.affiliation.lsm + a.affiliation.swasta + a.affiliation.pemerintah).toBeGreaterThan(0);
	});

	it('keeps the finalized list of 8 usulan, and the board it came from', async () => {
		const list = record.finalList!;
		expect(list.version).toBe(1);
		expect(list.skipped).toBe(0);
		expect(list.usulan.map((u) => u.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(list.usulan.slice(0, 2).map((u) => [u.title, u.rt, u.rw, u.sector.code])).toEqual([
			['Perbaikan saluran drainase RT 02 RW 05', 2, 5, 'infrastruktur'],
			['Normalisasi saluran air RT 03 RW 05', 3, 5, 'infrastruktur']
		]);
		for (const u of list.usulan) {
			expect(u.estimatedCost).toBeGreaterThan(0);
			expect(u.volume).toBeGreaterThan(0);
			expect(u.unit).not.toBe('');
			expect(u.fundingSource).not.toBe('');
		}
		expect(new Set(list.usulan.map((u) => u.sector.code)).size).toBeGreaterThanOrEqual(5);
		const total = list.usulan.reduce((sum, u) => sum + u.estimatedCost!, 0);
		expect(total).toBeGreaterThan(400_000_000);

		const { updates } = await createYjsStore(db.db).load(docName.board(finished.id));
		const doc = new Y.Doc();
		for (const u of updates) Y.applyUpdate(doc, u);
		const board = readBoard(doc, { sectors: finished.sectorCodes });
		expect(board.items.map((i) => i.title)).toEqual(list.usulan.map((u) => u.title));
		expect(board.items[0].proposers).toHaveLength(2);
	});

	it('holds three closed votes whose tallies add up to the ballots and the show of hands', async () => {
		expect(record.votes.map((v) => [v.method, v.subject, v.status, v.final])).toEqual([
			['budget', 'usulan', 'closed', true],
			['yes_no', 'options', 'closed', true],
			['approval', 'candidates', 'closed', true]
		]);
		for (const v of record.votes) {
			const rows = await db.db
				.select({ choice: ballot.choice })
				.from(ballot)
				.where(and(eq(ballot.voteId, v.id), eq(ballot.latest, true)));
			expect(v.phoneBallots).toBe(rows.length);
			expect(v.phoneBallots).toBeGreaterThanOrEqual(15);
			const handsVoters = v.hybrid.reduce((n, h) => n + h.voters, 0);
			expect(v.breakdown.turnout).toEqual({
				phone: rows.length,
				hands: handsVoters,
				paper: 0,
				total: rows.length + handsVoters
			});
			expect(v.turnout).toBe(rows.length + handsVoters);
			expect(v.quorum.met).toBe(true);
			for (const r of v.breakdown.rows) {
				expect(r.total).toBe(r.phone + r.hands + r.paper);
				const byPhone = rows.filter((b) => {
					const c = b.choice as { answer?: string; optionIds?: string[] };
					return r.answer ? c.answer === r.answer : c.optionIds?.includes(r.optionId!);
				}).length;
				expect(r.phone).toBe(byPhone);
				const byHands = v.hybrid.flatMap((h) => h.counts).filter((c) => c.key === r.key);
				expect(r.hands).toBe(byHands.reduce((n, c) => n + c.count, 0));
			}
		}

		const [budget, motion, election] = record.votes;
		expect(budget.hybrid).toHaveLength(1);
		expect(budget.hybrid[0]).toMatchObject({ source: 'hands', voters: 5 });
		expect(budget.hybrid[0].note).not.toBe('');
		expect(budget.breakdown.turnout.hands).toBe(5);
		expect(motion.result).toMatchObject({ method: 'yes_no', passed: true });
		expect(motion.hybrid).toEqual([]);
		expect(election.settings).toEqual({ method: 'approval', maxChoices: 2 });
		expect(election.secret).toBe(true);
	});

	it('records the confirmed priority list, the adopted motion and the elected delegates', () => {
		const [budget, motion, election] = record.votes;
		const ofVote = (id: string) => record.decisions.filter((d) => d.voteId === id);

		const priorities = ofVote(budget.id);
		expect(priorities.map((d) => d.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		const agreed = priorities.filter((d) => d.outcome === 'agreed');
		const deferred = priorities.filter((d) => d.outcome === 'deferred');
		expect(agreed.length).toBeGreaterThanOrEqual(5);
		expect(deferred.length).toBeGreaterThanOrEqual(1);
		expect(deferred.length).toBeLessThanOrEqual(2);
		expect(agreed.length + deferred.length).toBe(8);
		// The words the votes page's confirm step writes.
		const noRoom = m.votes_priority_note_no_room({}, { locale: 'id' });
		for (const d of deferred) expect(d.note.startsWith(`${noRoom}. `)).toBe(true);
		expect(m.votes_priority_note_no_support({}, { locale: 'id' })).toBe('Tidak ada yang memilih');
		// The two drainage usulan are both agreed, so staff can plan them as one item.
		expect(agreed.map((d) => d.usulan?.rank)).toEqual(expect.arrayContaining([1, 2]));
		// What was agreed is what the budget tally selected, within the pagu.
		if (budget.result.method !== 'budget') throw new Error('not a budget result');
		const result = budget.result;
		expect(agreed.map((d) => d.optionId).sort()).toEqual([...result.selected].sort());
		expect(deferred.map((d) => d.optionId).sort()).toEqual([...result.doesNotFit].sort());
		const cost = new Map(budget.options.map((o) => [o.id, o.cost ?? 0]));
		const agreedCost = agreed.reduce((n, d) => n + cost.get(d.optionId!)!, 0);
		expect(agreedCost).toBe(result.selectedCost);
		expect(agreedCost).toBeLessThanOrEqual(400_000_000);

		expect(ofVote(motion.id).map((d) => [d.optionId, d.outcome])).toEqual([[null, 'agreed']]);

		const delegates = ofVote(election.id);
		const elected = delegates.filter((d) => d.outcome === 'elected');
		expect(elected).toHaveLength(2);
		expect(delegates.filter((d) => d.outcome === 'rejected')).toHaveLength(2);
		const votesFor = new Map(election.breakdown.rows.map((r) => [r.optionId, r.total]));
		const lowestElected = Math.min(...elected.map((d) => votesFor.get(d.optionId)!));
		for (const d of delegates.filter((x) => x.outcome === 'rejected')) {
			expect(votesFor.get(d.optionId)!).toBeLessThan(lowestElected);
		}
		for (const d of record.decisions) {
			expect(d.decidedBy).toBe('Sri Wahyuni (Fasilitator)');
			expect(d.decidedAt.toISOString().slice(0, 10)).toBe(WIB_DAY);
		}
	});

	it('leaves an intact audit chain with the meeting day on its entries', async () => {
		expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
		const voteIds = record.votes.map((v) => v.id);
		const entries = await db.db
			.select({ action: auditLog.action, at: auditLog.at })
			.from(auditLog)
			.where(inArray(auditLog.subjectId, [finished.id, ...voteIds]))
			.orderBy(asc(auditLog.id));
		const actions = entries.map((e) => e.action);
		for (const action of [
			'meeting.join_locked',
			'meeting.board_locked',
			'board.finalized',
			'vote.hybrid_count_added'
		]) {
			expect(actions.filter((a) => a === action)).toHaveLength(1);
		}
		expect(actions.filter((a) => a === 'vote.closed')).toHaveLength(3);
		expect(actions.filter((a) => a === 'vote.decided')).toHaveLength(3);
		const onTheDay = entries.filter((e) => e.at.toISOString().slice(0, 10) === WIB_DAY);
		expect(onTheDay.map((e) => e.action)).toContain('meeting.phase_changed');
	});

	it('leaves the 2027 demo meeting exactly as it was', async () => {
		expect(current.title).toBe(DEMO_MEETING_TITLE);
		expect(await meetingState(db.db, current.id)).toEqual(currentBefore);
		expect(currentBefore.participants).toHaveLength(6);
		expect(currentBefore.meeting.collectingAt).toBeInstanceOf(Date);
		expect(currentBefore.meeting.votingAt).toBeNull();
	});
});

describe.each(drivers)('demo meetings on first start on %s', (driver) => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase(driver);
	});
	afterAll(async () => {
		await db?.cleanup();
	});

	it('seeds the 2027 meeting collecting and the 2026 meeting closed', async () => {
		await seedDemoData(db.db);
		const { current, finished } = await seedDemoMeetings(db.db);
		expect(current.title).toBe(DEMO_MEETING_TITLE);
		expect(finished?.title).toBe(DEMO_FINISHED_MEETING_TITLE);
		const rows = await db.db
			.select({ title: meeting.title, closedAt: meeting.closedAt, votingAt: meeting.votingAt })
			.from(meeting)
			.orderBy(asc(meeting.startsAt));
		expect(rows.map((r) => [r.title, r.closedAt !== null])).toEqual([
			[DEMO_FINISHED_MEETING_TITLE, true],
			[DEMO_MEETING_TITLE, false]
		]);
		expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
	});
});
