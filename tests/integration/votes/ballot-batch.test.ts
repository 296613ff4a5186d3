import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/db/client.ts';
import { ballot } from '../../../src/lib/server/db/schema/index.ts';
import { onDomainEvent, type DomainEvent } from '../../../src/lib/server/events.ts';
import { logger } from '../../../src/lib/server/log.ts';
import { advanceMeetingPhase } from '../../../src/lib/server/meetings/service.ts';
import {
	mergeParticipants,
	removeParticipant,
	verifyParticipant
} from '../../../src/lib/server/participants/service.ts';
import { createBallotBatcher } from '../../../src/lib/server/votes/ballot-batch.ts';
import { closeVoteWithTally } from '../../../src/lib/server/votes/record.ts';
import { computeTally } from '../../../src/lib/server/votes/tally.ts';
import { vote as voteTable } from '../../../src/lib/server/db/schema/index.ts';
import { VoteServiceError } from '../../../src/lib/server/votes/service.ts';
import { seedRealtimeFixture } from '../../support/realtime-server.ts';
import { refusalOf } from '../../support/refusal.ts';
import { openApprovalVote } from '../../support/votes.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

const refusal = (p: Promise<unknown>) => refusalOf(p, VoteServiceError);
const log = logger('ballots-test');

let keyN = 0;
const key = () => `batch-${Date.now()}-${keyN++}`;

describe.each(drivers)('ballot batches on %s', (driver) => {
	let db: TestDatabase;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		await advanceMeetingPhase(db.db, fx.actor, { meetingId: fx.meeting.id, to: 'voting' });
	});
	afterAll(async () => {
		await db.cleanup();
	});

	const approvalVote = (opts: { eligibility?: 'joined' | 'verified' } = {}) =>
		openApprovalVote(db.db, fx.actor, fx.meeting.id, opts);

	/** Batches counted by the `vote.ballot_cast` events they emit (one per vote per batch). */
	function countBatches() {
		const events: DomainEvent[] = [];
		const stop = onDomainEvent((e) => {
			if (e.type === 'vote.ballot_cast') events.push(e);
		});
		return { events, stop };
	}

	it('writes ballots that arrive together in one transaction, each with its own receipt', async () => {
		const { vote, options } = await approvalVote();
		const people = await Promise.all(Array.from({ length: 30 }, () => fx.participant()));
		const batcher = createBallotBatcher({ db: db.db, log, gatherMs: 20 });
		const batches = countBatches();
		const receipts = await Promise.all(
			people.map((p, i) =>
				batcher.cast({
					token: p.token,
					voteId: vote.id,
					choice: { optionIds: [options[i % 3].id] },
					idempotencyKey: key()
				})
			)
		);
		batches.stop();
		await batcher.stop();
		expect(new Set(receipts.map((r) => r.receiptId)).size).toBe(30);
		expect(receipts.every((r) => !r.duplicate && !r.replaced)).toBe(true);
		expect(batches.events).toHaveLength(1);
		const rows = await db.db
			.select()
			.from(ballot)
			.where(and(eq(ballot.voteId, vote.id), eq(ballot.latest, true)));
		expect(rows).toHaveLength(30);
		expect(new Set(rows.map((r) => r.participantId))).toEqual(
			new Set(people.map((p) => p.participantId))
		);
	});

	it('keeps one latest ballot when one phone sends two choices in the same batch, and counts a repeated key once', async () => {
		const { vote, options } = await approvalVote();
		const p = await fx.participant();
		const batcher = createBallotBatcher({ db: db.db, log, gatherMs: 20 });
		const sameKey = key();
		const [first, second, retry] = await Promise.all([
			batcher.cast({
				token: p.token,
				voteId: vote.id,
				choice: { optionIds: [options[0].id] },
				idempotencyKey: sameKey
			}),
			batcher.cast({
				token: p.token,
				voteId: vote.id,
				choice: { optionIds: [options[1].id] },
				idempotencyKey: key()
			}),
			batcher.cast({
				token: p.token,
				voteId: vote.id,
				choice: { optionIds: [options[0].id] },
				idempotencyKey: sameKey
			})
		]);
		await batcher.stop();
		expect(first.duplicate).toBe(false);
		expect(second.replaced).toBe(true);
		expect(retry).toMatchObject({ receiptId: first.receiptId, duplicate: true });
		const rows = await db.db.select().from(ballot).where(eq(ballot.voteId, vote.id));
		expect(rows).toHaveLength(2);
		const latest = rows.filter((r) => r.latest);
		expect(latest).toHaveLength(1);
		expect(latest[0].id).toBe(second.receiptId);
	});

	it('refuses each bad ballot of a batch on its own and stores the good ones', async () => {
		const open = await approvalVote({ eligibility: 'verified' });
		const closed = await approvalVote();
		await closeVoteWithTally(db.db, fx.actor, { voteId: closed.vote.id });
		const verified = await fx.participant();
		await verifyParticipant(db.db, fx.actor, {
			participantId: verified.participantId,
			verified: true
		});
		const unverified = await fx.participant();
		const stranger = await fx.participant(fx.other.id);
		const batcher = createBallotBatcher({ db: db.db, log, gatherMs: 20 });
		const cast = (token: string, voteId: string, optionIds: string[]) =>
			batcher.cast({ token, voteId, choice: { optionIds }, idempotencyKey: key() });
		const ids = open.options.map((o) => o.id);
		const [good, tooMany, notEligible, otherMeeting, unknown, onClosed, noVote] =
			await Promise.allSettled([
				cast(verified.token, open.vote.id, [ids[0]]),
				cast(verified.token, open.vote.id, ids),
				cast(unverified.token, open.vote.id, [ids[0]]),
				cast(stranger.token, open.vote.id, [ids[0]]),
				cast('a'.repeat(32), open.vote.id, [ids[0]]),
				cast(verified.token, closed.vote.id, [closed.options[0].id]),
				cast(verified.token, '00000000-0000-4000-8000-000000000000', [ids[0]])
			]);
		await batcher.stop();
		const code = (r: PromiseSettledResult<unknown>) =>
			r.status === 'rejected' && r.reason instanceof VoteServiceError ? r.reason.code : r.status;
		expect(good.status).toBe('fulfilled');
		expect(code(tooMany)).toBe('invalid_ballot');
		expect(code(notEligible)).toBe('not_eligible');
		expect(code(otherMeeting)).toBe('forbidden');
		expect(code(unknown)).toBe('unauthenticated');
		expect(code(onClosed)).toBe('closed');
		expect(code(noVote)).toBe('not_found');
		const rows = await db.db.select().from(ballot).where(eq(ballot.voteId, open.vote.id));
		expect(rows.map((r) => r.participantId)).toEqual([verified.participantId]);
	});

	it('refuses what needs no database at once: a malformed key, vote id or cookie', async () => {
		const { vote, options } = await approvalVote();
		const p = await fx.participant();
		const batcher = createBallotBatcher({ db: db.db, log });
		const choice = { optionIds: [options[0].id] };
		expect(
			(
				await refusal(
					batcher.cast({ token: p.token, voteId: vote.id, choice, idempotencyKey: 'x' })
				)
			).code
		).toBe('invalid');
		expect(
			(
				await refusal(
					batcher.cast({ token: p.token, voteId: 'not-a-uuid', choice, idempotencyKey: key() })
				)
			).code
		).toBe('not_found');
		expect(
			(
				await refusal(
					batcher.cast({ token: 'NOT A TOKEN', voteId: vote.id, choice, idempotencyKey: key() })
				)
			).code
		).toBe('unauthenticated');
		await batcher.stop();
	});

	it('casts the ballots of a failed batch one by one, so none is lost', async () => {
		const { vote, options } = await approvalVote();
		const people = await Promise.all(Array.from({ length: 5 }, () => fx.participant()));
		let failures = 1;
		// The batch's transaction fails once (as when another process raced one of its rows);
		// the single-ballot path then runs on the real database.
		const flaky = new Proxy(db.db, {
			get(target, prop, receiver) {
				if (prop === 'transaction' && failures > 0) {
					failures--;
					return () => Promise.reject(new Error('simulated conflict'));
				}
				const value = Reflect.get(target, prop, receiver);
				return typeof value === 'function' ? value.bind(target) : value;
			}
		}) as Database;
		const quiet = { ...log, warn: () => {} };
		const batcher = createBallotBatcher({ db: flaky, log: quiet, gatherMs: 20 });
		const receipts = await Promise.all(
			people.map((p) =>
				batcher.cast({
					token: p.token,
					voteId: vote.id,
					choice: { optionIds: [options[0].id] },
					idempotencyKey: key()
				})
			)
		);
		await batcher.stop();
		expect(failures).toBe(0);
		expect(receipts.every((r) => !r.duplicate)).toBe(true);
		const rows = await db.db
			.select()
			.from(ballot)
			.where(and(eq(ballot.voteId, vote.id), eq(ballot.latest, true)));
		expect(rows).toHaveLength(5);
	});

	it('takes the ballots of removed and merged participants out of an open vote, and so out of its final tally', async () => {
		const { vote, options } = await approvalVote();
		const [stays, removed, duplicate] = await Promise.all([
			fx.participant(),
			fx.participant(),
			fx.participant()
		]);
		const batcher = createBallotBatcher({ db: db.db, log, gatherMs: 5 });
		for (const p of [stays, removed, duplicate]) {
			await batcher.cast({
				token: p.token,
				voteId: vote.id,
				choice: { optionIds: [options[0].id] },
				idempotencyKey: key()
			});
		}
		await batcher.stop();
		const tallyNow = async () => {
			const [row] = await db.db.select().from(voteTable).where(eq(voteTable.id, vote.id));
			return computeTally(db.db, row);
		};
		expect((await tallyNow()).phoneBallots).toBe(3);
		await removeParticipant(db.db, fx.actor, { participantId: removed.participantId });
		await mergeParticipants(db.db, fx.actor, {
			duplicateId: duplicate.participantId,
			survivorId: stays.participantId
		});
		expect((await tallyNow()).phoneBallots).toBe(1);

		const closed = await closeVoteWithTally(db.db, fx.actor, { voteId: vote.id });
		const stored = closed.finalTally as {
			phoneBallots?: number;
			result: { turnout: { total: number } };
		};
		expect(stored.result.turnout.total).toBe(1);
	});
});
