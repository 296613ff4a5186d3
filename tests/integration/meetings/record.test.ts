import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participant } from '../../../src/lib/server/db/schema/index.ts';
import { meetingRecord, type MeetingRecord } from '../../../src/lib/server/meetings/record.ts';
import {
	addHybridCount,
	closeVoteWithTally,
	recordDecisions
} from '../../../src/lib/server/votes/record.ts';
import { castBallot, createVote, openVote } from '../../../src/lib/server/votes/service.ts';
import {
	seedFinalList,
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

let keyN = 0;
const key = () => `record-${Date.now()}-${keyN++}`;

/** Residents of the test meeting: none of these may appear in the record. */
const residents = ['Siti Rahmawati Uji', 'Bambang Wicaksono Uji', 'Nur Hidayah Uji', 'Yohanes Uji'];

describe.each(drivers)('meeting record on %s', (driver) => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	let record: MeetingRecord;
	const voters: { participantId: string; meetingId: string }[] = [];
	let approvalId = '';
	let motionId = '';
	let draftId = '';
	let optionIds: string[] = [];

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		const meetingId = fx.meeting.id;
		await seedFinalList(
			db.db,
			server.realtime,
			fx,
			(
				[
					['Drainase RW 05', 85_000_000, 'infrastruktur', 5],
					['Pelatihan menjahit', 25_000_000, 'ekonomi', 2],
					['Posyandu lansia', 6_500_000, 'pendidikan', 1]
				] as const
			).map(([title, estimatedCost, sector, rw]) => ({
				title,
				estimatedCost,
				sector,
				rt: 3,
				rw,
				// a proposer's name is on the board, never in the record
				proposers: [{ name: residents[0], rt: 3, rw }]
			}))
		);
		for (const name of residents) {
			const p = await fx.participant(meetingId, name);
			voters.push({ participantId: p.participantId, meetingId });
		}

		// An approval vote on the final list: 3 phones, a show of hands and a paper count.
		const approval = await createVote(db.db, fx.actor, {
			meetingId,
			vote: {
				title: 'Prioritas usulan',
				subject: 'usulan',
				settings: { method: 'approval', maxChoices: 2 },
				secret: true
			}
		});
		approvalId = approval.vote.id;
		optionIds = approval.options.map((o) => o.id);
		const [a, b, c] = optionIds;
		await openVote(db.db, fx.actor, { voteId: approvalId });
		const choices = [[a, b], [a], [c]];
		for (const [i, optionIds_] of choices.entries()) {
			await castBallot(db.db, voters[i], {
				voteId: approvalId,
				choice: { optionIds: optionIds_ },
				idempotencyKey: key()
			});
		}
		await addHybridCount(db.db, fx.actor, {
			voteId: approvalId,
			count: { source: 'hands', voters: 10, counts: { [a]: 7, [b]: 4 } },
			note: 'Peserta tanpa HP'
		});
		await closeVoteWithTally(db.db, fx.actor, { voteId: approvalId });
		// Counted after closing: it belongs in the final tally too.
		await addHybridCount(db.db, fx.actor, {
			voteId: approvalId,
			count: { source: 'paper', voters: 5, counts: { [a]: 2, [c]: 3 } }
		});
		await recordDecisions(db.db, fx.actor, {
			voteId: approvalId,
			decisions: {
				outcomes: [
					{ optionId: a, outcome: 'agreed', rank: 1, note: 'Disepakati bersama' },
					{ optionId: b, outcome: 'deferred', note: 'Tahun depan' }
				]
			}
		});

		// A motion (yes / no without options), opened after the approval vote.
		const motion = await createVote(db.db, fx.actor, {
			meetingId,
			vote: {
				title: 'Setuju daftar prioritas?',
				subject: 'options',
				settings: { method: 'yes_no', threshold: 'majority' }
			}
		});
		motionId = motion.vote.id;
		await openVote(db.db, fx.actor, { voteId: motionId });
		for (const [i, answer] of (['yes', 'yes', 'no'] as const).entries()) {
			await castBallot(db.db, voters[i], {
				voteId: motionId,
				choice: { answer },
				idempotencyKey: key()
			});
		}
		await addHybridCount(db.db, fx.actor, {
			voteId: motionId,
			count: { source: 'hands', voters: 6, counts: { yes: 5, no: 0, abstain: 1 } }
		});
		await closeVoteWithTally(db.db, fx.actor, { voteId: motionId });
		await recordDecisions(db.db, fx.actor, {
			voteId: motionId,
			decisions: { outcomes: [{ optionId: null, outcome: 'agreed' }] }
		});

		// Prepared but never opened: not part of what happened.
		const draft = await createVote(db.db, fx.actor, {
			meetingId,
			vote: {
				title: 'Draf tidak dipakai',
				subject: 'options',
				settings: { method: 'yes_no', threshold: 'majority' }
			}
		});
		draftId = draft.vote.id;

		// Someone leaves after the votes: the votes keep who could vote when they closed.
		await db.db
			.update(participant)
			.set({ removedAt: new Date() })
			.where(eq(participant.id, voters[3].participantId));

		record = (await meetingRecord(db.db, meetingId))!;
	});
	afterAll(async () => {
		await server?.close();
		await db?.cleanup();
	});

	it('gives the meeting facts, its stages and the attendance figures', () => {
		expect(record.meeting).toMatchObject({
			id: fx.meeting.id,
			title: 'Musrenbang uji',
			kind: 'musrenbang_kelurahan',
			place: 'Balai Kelurahan',
			agenda: ['Pembukaan', 'Penyampaian usulan', 'Penentuan prioritas'],
			budgetCeiling: 150_000_000,
			quorum: { kind: 'none' },
			phase: 'voting'
		});
		expect(record.meeting.startsAt?.toISOString()).toBe('2027-01-16T02:00:00.000Z');
		expect(record.meeting.kelurahan?.name).toBeTruthy();
		expect(record.meeting.stages.map((s) => s.phase)).toEqual([
			'draft',
			'open',
			'collecting',
			'voting'
		]);
		expect(record.attendance.total).toBe(3);
	});

	it('gives the latest final list with its version, RT/RW, sector names and costs', () => {
		expect(record.finalList?.version).toBe(1);
		expect(record.finalList?.usulan.map((u) => [u.rank, u.title, u.rw, u.estimatedCost])).toEqual([
			[1, 'Drainase RW 05', 5, 85_000_000],
			[2, 'Pelatihan menjahit', 2, 25_000_000],
			[3, 'Posyandu lansia', 1, 6_500_000]
		]);
		expect(record.finalList?.usulan[0].sector).toEqual({
			code: 'infrastruktur',
			nameId: 'Infrastruktur & lingkungan',
			nameEn: expect.any(String)
		});
	});

	it('lists the votes that were held, in order, with phones, hands and paper apart', () => {
		expect(record.votes.map((v) => v.id)).toEqual([approvalId, motionId]);
		expect(record.votes.map((v) => v.id)).not.toContain(draftId);

		const [approval, motion] = record.votes;
		const [a, b, c] = optionIds;
		expect(approval).toMatchObject({
			method: 'approval',
			subject: 'usulan',
			secret: true,
			status: 'closed',
			final: true,
			phoneBallots: 3,
			turnout: 18,
			// four had joined when it closed; one left afterwards
			eligible: 4
		});
		expect(approval.closedAt).toBeInstanceOf(Date);
		expect(approval.breakdown.turnout).toEqual({ phone: 3, hands: 10, paper: 5, total: 18 });
		const row = (id: string) => approval.breakdown.rows.find((r) => r.optionId === id);
		expect(row(a)).toMatchObject({
			label: 'Drainase RW 05',
			phone: 2,
			hands: 7,
			paper: 2,
			total: 11
		});
		expect(row(b)).toMatchObject({ phone: 1, hands: 4, paper: 0, total: 5 });
		expect(row(c)).toMatchObject({ phone: 1, hands: 0, paper: 3, total: 4 });
		expect(approval.hybrid.map((h) => [h.source, h.voters, h.enteredBy])).toEqual([
			['hands', 10, 'Sri Wahyuni (Fasilitator)'],
			['paper', 5, 'Sri Wahyuni (Fasilitator)']
		]);
		expect(approval.hybrid[0]).toMatchObject({
			note: 'Peserta tanpa HP',
			counts: [
				{ optionId: a, label: 'Drainase RW 05', count: 7 },
				{ optionId: b, label: 'Pelatihan menjahit', count: 4 }
			]
		});

		expect(motion).toMatchObject({ method: 'yes_no', phoneBallots: 3, turnout: 9 });
		expect(motion.breakdown.rows.map((r) => [r.answer, r.phone, r.hands, r.total])).toEqual([
			['yes', 2, 5, 7],
			['no', 1, 0, 1],
			['abstain', 0, 1, 1]
		]);
		expect(motion.result).toMatchObject({ method: 'yes_no', passed: true });
		expect(motion.hybrid[0].counts.map((x) => [x.answer, x.count])).toEqual([
			['yes', 5],
			['abstain', 1]
		]);
	});

	it('gives the decisions with their usulan, who decided and when', () => {
		expect(
			record.decisions.map((d) => [d.voteId, d.outcome, d.rank, d.label, d.usulan?.rank, d.note])
		).toEqual([
			[approvalId, 'agreed', 1, 'Drainase RW 05', 1, 'Disepakati bersama'],
			[approvalId, 'deferred', null, 'Pelatihan menjahit', 2, 'Tahun depan'],
			[motionId, 'agreed', null, null, undefined, '']
		]);
		expect(record.decisions[0].usulan).toMatchObject({ title: 'Drainase RW 05', version: 1 });
		expect(record.decisions.every((d) => d.decidedBy === 'Sri Wahyuni (Fasilitator)')).toBe(true);
		expect(record.decisions.every((d) => d.decidedAt instanceof Date)).toBe(true);
	});

	it('holds no participant names, only counts', async () => {
		const text = JSON.stringify(record);
		for (const name of residents) expect(text).not.toContain(name);
		// …and the test itself can see a name when there is one
		expect(JSON.stringify(await meetingRecord(db.db, fx.meeting.id))).toContain('Sri Wahyuni');
	});

	it('is null for a meeting that does not exist', async () => {
		expect(await meetingRecord(db.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
		expect(await meetingRecord(db.db, 'not-a-uuid')).toBeNull();
	});
});
