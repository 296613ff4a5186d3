import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docName } from '../../../src/lib/realtime/doc-names.ts';
import { auditLog, ballot, participant, vote } from '../../../src/lib/server/db/schema/index.ts';
import { emitDomainEvent } from '../../../src/lib/server/events.ts';
import { startVoteTimers } from '../../../src/lib/server/votes/timers.ts';
import { advanceMeetingPhase } from '../../../src/lib/server/meetings/service.ts';
import {
	addHybridCount,
	closeVoteWithTally,
	recordDecisions
} from '../../../src/lib/server/votes/record.ts';
import {
	castBallot,
	createVote,
	openVote,
	VoteServiceError
} from '../../../src/lib/server/votes/service.ts';
import { computeTally, currentVoteState } from '../../../src/lib/server/votes/tally.ts';
import { readLive } from '../../../src/lib/realtime/live/index.ts';
import { logger } from '../../../src/lib/server/log.ts';
import { createLivePublisher } from '../../../src/lib/server/meetings/live-publisher.ts';
import { meetingAttendance } from '../../../src/lib/server/participants/queries.ts';
import {
	seedFinalList,
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { refusalOf } from '../../support/refusal.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';
import { closeOtherOpenVotes } from '../../support/votes.ts';

const refusal = (p: Promise<unknown>) => refusalOf(p, VoteServiceError);

let keyN = 0;
const key = () => `key-${Date.now()}-${keyN++}`;

describe.each(drivers)('votes on %s', (driver) => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	const voters: { participantId: string; meetingId: string }[] = [];
	let usulanIds: string[] = [];

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		const final = await seedFinalList(db.db, server.realtime, fx, [
			{ title: 'Drainase RW 05', estimatedCost: 85_000_000 },
			{ title: 'Pelatihan menjahit', estimatedCost: 25_000_000 },
			{ title: 'Posyandu lansia', estimatedCost: 6_500_000 }
		]);
		usulanIds = final.usulan.map((u) => u.id);
		for (let i = 0; i < 5; i++) {
			const p = await fx.participant(fx.meeting.id, `Warga ${i}`);
			voters.push({ participantId: p.participantId, meetingId: fx.meeting.id });
		}
	});
	afterAll(async () => {
		await server?.close();
		await db?.cleanup();
	});

	const newVote = (vote: Record<string, unknown>) =>
		createVote(db.db, fx.actor, {
			meetingId: fx.meeting.id,
			vote: { title: 'Prioritas usulan', subject: 'usulan', ...vote }
		});

	it('makes a vote on the final list, opens it once (audited), and counts ballots from rows', async () => {
		const { vote: v, options } = await newVote({
			settings: { method: 'dots', dots: 3, maxPerOption: 2 }
		});
		expect(options.map((o) => o.label)).toEqual([
			'Drainase RW 05',
			'Pelatihan menjahit',
			'Posyandu lansia'
		]);
		expect(options.map((o) => o.usulanId)).toEqual(usulanIds);
		const opened = await openVote(db.db, fx.actor, { voteId: v.id });
		await openVote(db.db, fx.actor, { voteId: v.id });
		const audit = await db.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.subjectId, v.id))
			.orderBy(auditLog.id);
		expect(audit.map((a) => a.action)).toEqual(['vote.created', 'vote.opened']);

		const [a, b] = options.map((o) => o.id);
		const r1 = await castBallot(db.db, voters[0], {
			voteId: v.id,
			choice: { dots: { [a]: 2, [b]: 1 } },
			idempotencyKey: key()
		});
		expect(r1).toMatchObject({ replaced: false, duplicate: false });
		await castBallot(db.db, voters[1], {
			voteId: v.id,
			choice: { dots: { [b]: 2 } },
			idempotencyKey: key()
		});
		const t = await computeTally(db.db, opened);
		expect(t.phoneBallots).toBe(2);
		expect(t.result.turnout.total).toBe(2);
		expect(JSON.stringify(t.result)).toContain(a);
	});

	it('returns the same receipt for a retry with the same key, and keeps one latest ballot when a phone changes its vote', async () => {
		const { vote: v } = await newVote({ settings: { method: 'yes_no', threshold: 'majority' } });
		await openVote(db.db, fx.actor, { voteId: v.id });
		const k = key();
		const first = await castBallot(db.db, voters[0], {
			voteId: v.id,
			choice: { answer: 'yes' },
			idempotencyKey: k
		});
		const retry = await castBallot(db.db, voters[0], {
			voteId: v.id,
			choice: { answer: 'yes' },
			idempotencyKey: k
		});
		expect(retry).toMatchObject({ receiptId: first.receiptId, duplicate: true });
		const changed = await castBallot(db.db, voters[0], {
			voteId: v.id,
			choice: { answer: 'no' },
			idempotencyKey: key()
		});
		expect(changed.replaced).toBe(true);
		// Two ballots from one phone at the same moment: one latest ballot remains.
		await Promise.all([
			castBallot(db.db, voters[0], {
				voteId: v.id,
				choice: { answer: 'abstain' },
				idempotencyKey: key()
			}),
			castBallot(db.db, voters[0], {
				voteId: v.id,
				choice: { answer: 'yes' },
				idempotencyKey: key()
			})
		]);
		const rows = await db.db
			.select()
			.from(ballot)
			.where(and(eq(ballot.voteId, v.id), eq(ballot.participantId, voters[0].participantId)));
		expect(rows).toHaveLength(4);
		expect(rows.filter((r) => r.latest)).toHaveLength(1);
		const t = await computeTally(db.db, v);
		expect(t.result.turnout.total).toBe(1);
	});

	it('refuses ballots that are early, late, from elsewhere, from the unverified, or invalid for the method', async () => {
		const { vote: v, options } = await newVote({
			settings: { method: 'approval', maxChoices: 1 },
			eligibility: 'verified',
			durationSeconds: 60
		});
		const ids = options.map((o) => o.id);
		const choice = { optionIds: [ids[0]] };
		expect(
			(await refusal(castBallot(db.db, voters[2], { voteId: v.id, choice, idempotencyKey: key() })))
				.code
		).toBe('not_open');
		const opened = await openVote(db.db, fx.actor, { voteId: v.id });
		expect(
			(await refusal(castBallot(db.db, voters[2], { voteId: v.id, choice, idempotencyKey: key() })))
				.code
		).toBe('not_eligible');
		await db.db
			.update(participant)
			.set({ verifiedAt: new Date() })
			.where(eq(participant.id, voters[2].participantId));
		const tooMany = await refusal(
			castBallot(db.db, voters[2], {
				voteId: v.id,
				choice: { optionIds: ids.slice(0, 2) },
				idempotencyKey: key()
			})
		);
		expect(tooMany).toMatchObject({
			code: 'invalid_ballot',
			details: { ballotCode: 'too_many_approvals' }
		});
		const other = await fx.participant(fx.other.id, 'Tamu');
		expect(
			(
				await refusal(
					castBallot(
						db.db,
						{ participantId: other.participantId, meetingId: fx.other.id },
						{ voteId: v.id, choice, idempotencyKey: key() }
					)
				)
			).code
		).toBe('forbidden');
		expect(
			(await refusal(castBallot(db.db, null, { voteId: v.id, choice, idempotencyKey: key() }))).code
		).toBe('forbidden');
		expect(
			(await refusal(castBallot(db.db, voters[2], { voteId: v.id, choice, idempotencyKey: 'x' })))
				.code
		).toBe('invalid');
		await castBallot(db.db, voters[2], { voteId: v.id, choice, idempotencyKey: key() });
		// After the timer: closed, whether or not the timer has fired yet.
		const later = new Date(opened.closesAt!.getTime() + 1000);
		expect(
			(
				await refusal(
					castBallot(db.db, voters[2], { voteId: v.id, choice, idempotencyKey: key() }, later)
				)
			).code
		).toBe('closed');
	});

	it('closes with a final tally including a show of hands, hides results until then when asked, and records decisions', async () => {
		const { vote: v, options } = await newVote({
			title: 'Setuju tiga usulan?',
			settings: { method: 'approval', maxChoices: 2 },
			results: 'after_close'
		});
		await openVote(db.db, fx.actor, { voteId: v.id });
		const [a, b] = options.map((o) => o.id);
		await castBallot(db.db, voters[3], {
			voteId: v.id,
			choice: { optionIds: [a, b] },
			idempotencyKey: key()
		});
		let live = await currentVoteState(db.db, fx.meeting.id);
		expect(live).toMatchObject({ id: v.id, status: 'open', turnout: 1, result: null });
		await addHybridCount(db.db, fx.actor, {
			voteId: v.id,
			count: { source: 'hands', voters: 12, counts: { [a]: 10, [b]: 4 } },
			note: 'Peserta tanpa HP'
		});
		const bad = await refusal(
			addHybridCount(db.db, fx.actor, {
				voteId: v.id,
				count: { source: 'hands', voters: 1, counts: { nope: 1 } }
			})
		);
		expect(bad.code).toBe('invalid');
		// Votes of earlier tests are still open, and the room looks at an open vote first.
		await closeOtherOpenVotes(db.db, fx.actor, fx.meeting.id, v.id);
		const closed = await closeVoteWithTally(db.db, fx.actor, { voteId: v.id });
		expect(closed.finalTally).toMatchObject({
			phoneBallots: 1,
			hybrid: [{ source: 'hands', voters: 12 }]
		});
		live = await currentVoteState(db.db, fx.meeting.id);
		expect(live?.id).toBe(v.id);
		expect(live?.status).toBe('closed');
		expect(live?.turnout).toBe(13);
		expect(live?.result).not.toBeNull();
		const decisions = await recordDecisions(db.db, fx.actor, {
			voteId: v.id,
			decisions: {
				outcomes: [
					{ optionId: a, outcome: 'agreed', note: 'Disepakati' },
					{ optionId: b, outcome: 'deferred', note: 'Dibahas tahun depan' }
				]
			}
		});
		expect(decisions.map((d) => [d.usulanId, d.outcome])).toEqual([
			[usulanIds[0], 'agreed'],
			[usulanIds[1], 'deferred']
		]);
		expect(decisions[0].tallySnapshot).toEqual(closed.finalTally);
		const outsider = { ...fx.actor, kelurahanId: fx.otherKelurahanId };
		expect((await refusal(closeVoteWithTally(db.db, outsider, { voteId: v.id }))).code).toBe(
			'forbidden'
		);
		expect(
			(
				await refusal(
					recordDecisions(db.db, null, {
						voteId: v.id,
						decisions: { outcomes: [{ outcome: 'agreed' }] }
					})
				)
			).code
		).toBe('forbidden');
	});

	it('refuses votes on usulan of a meeting without a final list, bad settings, and residents', async () => {
		const bad = await refusal(newVote({ settings: { method: 'dots', dots: 0, maxPerOption: 5 } }));
		expect(bad.code).toBe('invalid');
		expect(bad.details.fields?.[0].field).toMatch(/^settings\./);
		const other = await refusal(
			createVote(db.db, fx.actor, {
				meetingId: fx.other.id,
				vote: {
					title: 'Tanpa daftar',
					subject: 'usulan',
					settings: { method: 'yes_no', threshold: 'majority' }
				}
			})
		);
		expect(other.code).toBe('no_final_list');
		expect(
			(await refusal(createVote(db.db, null, { meetingId: fx.meeting.id, vote: {} }))).code
		).toBe('forbidden');
	});

	/** The live publisher as the runtime makes it, on this file's server. */
	const livePublisher = (opts: { coalesceMs: number; audience?: (meetingId: string) => number }) =>
		createLivePublisher({
			db: db.db,
			realtime: server.realtime,
			log: logger('live-test'),
			attendance: meetingAttendance,
			currentVote: (d, id) => currentVoteState(d, id),
			...opts
		});

	it('puts turnout and the tally into the live doc, a handful of writes for a burst of ballots', async () => {
		const publisher = livePublisher({ coalesceMs: 30 });
		const live = await server.realtime.openDoc(docName.live(fx.meeting.id));
		try {
			const { vote: v } = await newVote({
				settings: { method: 'yes_no', threshold: 'two_thirds' }
			});
			await openVote(db.db, fx.actor, { voteId: v.id });
			let writes = 0;
			const count = () => writes++;
			live.doc.on('update', count);
			await Promise.all(
				voters.map((p, i) =>
					castBallot(db.db, p, {
						voteId: v.id,
						choice: { answer: i < 4 ? 'yes' : 'no' },
						idempotencyKey: key()
					})
				)
			);
			const deadline = Date.now() + 5000;
			while (readLive(live.doc).vote?.turnout !== 5 && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 20));
			}
			live.doc.off('update', count);
			const view = readLive(live.doc).vote;
			expect(view).toMatchObject({ id: v.id, status: 'open', turnout: 5, method: 'yes_no' });
			expect(view?.result).toMatchObject({ method: 'yes_no', passed: true });
			expect(writes).toBeLessThanOrEqual(3);
		} finally {
			live.release();
			await publisher.stop();
		}
	});

	it('writes the live doc of a big room less often: twice the gap at 1,000 phones', async () => {
		const asked: string[] = [];
		const publisher = livePublisher({
			coalesceMs: 40,
			audience: (meetingId) => {
				asked.push(meetingId);
				return 1000;
			}
		});
		const live = await server.realtime.openDoc(docName.live(fx.meeting.id));
		try {
			const { vote: v } = await newVote({ settings: { method: 'yes_no', threshold: 'majority' } });
			await openVote(db.db, fx.actor, { voteId: v.id });
			// Let the opening's write pass, then time one ballot's.
			await until(async () => (readLive(live.doc).vote?.id === v.id ? true : null));
			const startedAt = performance.now();
			await castBallot(db.db, voters[0], {
				voteId: v.id,
				choice: { answer: 'yes' },
				idempotencyKey: key()
			});
			await until(async () => (readLive(live.doc).vote?.turnout === 1 ? true : null));
			// Timers never fire early: the write waited the doubled gap (80 ms), not 40.
			expect(performance.now() - startedAt).toBeGreaterThanOrEqual(75);
			expect(asked).toContain(fx.meeting.id);
		} finally {
			live.release();
			await publisher.stop();
		}
	});

	it('closes a vote when its timer runs out, and the open votes of a meeting that closes', async () => {
		const timers = startVoteTimers({ db: db.db, log: logger('timers-test') });
		try {
			const { vote: v } = await newVote({
				settings: { method: 'yes_no', threshold: 'majority' },
				durationSeconds: 30
			});
			await openVote(db.db, fx.actor, { voteId: v.id });
			await castBallot(db.db, voters[0], {
				voteId: v.id,
				choice: { answer: 'yes' },
				idempotencyKey: key()
			});
			// Bring the timer forward instead of waiting 30 s.
			await db.db
				.update(vote)
				.set({ closesAt: new Date(Date.now() + 150) })
				.where(eq(vote.id, v.id));
			emitDomainEvent({ type: 'vote.changed', meetingId: v.meetingId, voteId: v.id });
			const closedRow = await until(async () => {
				const [row] = await db.db.select().from(vote).where(eq(vote.id, v.id));
				return row.closedAt ? row : null;
			});
			expect(closedRow.finalTally).toMatchObject({ phoneBallots: 1 });
			const audit = await db.db
				.select()
				.from(auditLog)
				.where(eq(auditLog.subjectId, v.id))
				.orderBy(auditLog.id);
			expect(audit.at(-1)).toMatchObject({ action: 'vote.closed', actorKind: 'system' });

			const { vote: untimed } = await newVote({
				settings: { method: 'yes_no', threshold: 'majority' }
			});
			await openVote(db.db, fx.actor, { voteId: untimed.id });
			await advanceMeetingPhase(db.db, fx.actor, { meetingId: fx.meeting.id, to: 'closed' });
			const closedWithMeeting = await until(async () => {
				const [row] = await db.db.select().from(vote).where(eq(vote.id, untimed.id));
				return row.closedAt ? row : null;
			});
			expect(closedWithMeeting.finalTally).not.toBeNull();
		} finally {
			timers.stop();
		}
	});
});

async function until<T>(check: () => Promise<T | null>, timeoutMs = 5000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 25));
	}
}
