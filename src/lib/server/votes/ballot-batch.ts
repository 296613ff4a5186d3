/**
 * Group commit for ballots. When a hall of phones votes in the same few seconds, ballots that
 * arrive while one batch is being written wait for the next batch, and each batch is one
 * transaction with a handful of set-based statements, whatever its size. A ballot costs the
 * database a share of six statements instead of ten round trips of its own, and the answer each
 * phone gets is exactly what `castBallot` would have answered (the same checks, in the same order).
 *
 * What can only be decided per ballot against a vote that is not open (a late retry of a ballot
 * stored before the vote closed, say) goes through `castBallot` itself. If a batch fails as a
 * whole (a concurrent process raced one of its rows), each of its ballots is retried alone, so
 * one bad ballot never fails its neighbours.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { validateBallot } from '../../domain/votes/ballot.ts';
import { voteStatus } from '../../domain/votes/status.ts';
import type { Database, Queryable } from '../db/client.ts';
import { anyOf, rowsOf } from '../db/set-params.ts';
import {
	ballot,
	participant,
	vote,
	voteOption,
	type Participant,
	type Vote,
	type VoteOptionRow
} from '../db/schema/index.ts';
import { emitDomainEvent } from '../events.ts';
import type { Logger } from '../log.ts';
import {
	hashParticipantToken,
	TOKEN_PATTERN,
	verifyParticipantToken
} from '../participants/tokens.ts';
import { isEligibleVoter } from './policy.ts';
import {
	castBallot,
	IDEMPOTENCY_KEY,
	isVoteId,
	VoteServiceError,
	type BallotReceipt
} from './service.ts';

export type BallotSubmission = {
	/** The participant cookie as the phone sent it. */
	token: string;
	voteId: string;
	choice: unknown;
	idempotencyKey: unknown;
};

export type BallotBatcher = {
	/**
	 * Casts one ballot in the next batch. Resolves with its receipt; rejects with a
	 * `VoteServiceError` (`unauthenticated` when the cookie is unknown or its participant removed).
	 */
	cast(submission: BallotSubmission): Promise<BallotReceipt>;
	/** Waits for the batches in flight; later casts are refused. */
	stop(): Promise<void>;
};

export type BatcherOptions = {
	db: Database;
	log: Logger;
	/** Ballots in one transaction at most. */
	maxBatch?: number;
	/** Batches written at the same time (PGlite runs one statement at a time anyway: 1). */
	concurrency?: number;
	/** How long a batch waits for more ballots before it is written (ms). */
	gatherMs?: number;
};

type Pending = {
	submission: BallotSubmission & { idempotencyKey: string };
	tokenHash: string;
	resolve: (receipt: BallotReceipt) => void;
	reject: (error: unknown) => void;
};

/** What one ballot of a batch came to, before the promise hears of it. */
type Outcome =
	| { kind: 'receipt'; receipt: BallotReceipt }
	| { kind: 'error'; error: VoteServiceError }
	/** Decided per ballot by `castBallot` (the vote is not open, or the batch failed). */
	| { kind: 'alone'; participant: Participant }
	/** Same participant or key twice in one batch: the later one waits for the next batch. */
	| { kind: 'later' };

const OPTIONS_CACHE_MAX = 500;

export function createBallotBatcher(opts: BatcherOptions): BallotBatcher {
	const { db, log } = opts;
	const maxBatch = opts.maxBatch ?? 500;
	const concurrency = opts.concurrency ?? 1;
	const gatherMs = opts.gatherMs ?? 3;
	let queue: Pending[] = [];
	let inFlight = 0;
	let scheduled = false;
	let stopped = false;
	const idle = new Set<() => void>();
	// A vote's options never change once it is created, so they are read once per vote.
	const optionsCache = new Map<string, Promise<VoteOptionRow[]>>();

	function optionsOf(voteId: string): Promise<VoteOptionRow[]> {
		let cached = optionsCache.get(voteId);
		if (!cached) {
			if (optionsCache.size >= OPTIONS_CACHE_MAX) {
				optionsCache.delete(optionsCache.keys().next().value!);
			}
			// A drizzle query runs again on every `then`: keep its result, not the query.
			cached = Promise.resolve(
				db
					.select()
					.from(voteOption)
					.where(eq(voteOption.voteId, voteId))
					.orderBy(asc(voteOption.position))
			);
			cached.catch(() => optionsCache.delete(voteId));
			optionsCache.set(voteId, cached);
		}
		return cached;
	}

	function schedule() {
		if (scheduled || queue.length === 0 || inFlight >= concurrency) return;
		scheduled = true;
		// A batch waits a few milliseconds for the requests that are still being read: a commit
		// costs the same for one ballot as for hundreds (on PGlite it even holds the event loop
		// while the disk syncs), so a full batch is what makes a burst cheap.
		const start = () => {
			scheduled = false;
			while (queue.length > 0 && inFlight < concurrency) {
				const batch = queue.slice(0, maxBatch);
				queue = queue.slice(batch.length);
				inFlight++;
				void run(batch).finally(() => {
					inFlight--;
					if (inFlight === 0 && queue.length === 0) for (const done of idle) done();
					schedule();
				});
			}
		};
		if (queue.length >= maxBatch || gatherMs === 0) setImmediate(start);
		else setTimeout(start, gatherMs);
	}

	async function run(batch: Pending[]) {
		let written: { outcomes: Outcome[]; castIn: Map<string, string> };
		try {
			const t0 = performance.now();
			written = await writeBatch(batch);
			if (process.env.BALLOT_DEBUG)
				console.error(`batch ${batch.length} ${(performance.now() - t0).toFixed(1)}ms`);
		} catch (error) {
			log.warn('ballot batch failed; casting its ballots one by one', {
				ballots: batch.length,
				error
			});
			await Promise.all(batch.map((p) => alone(p, null)));
			return;
		}
		const later: Pending[] = [];
		const alones: Promise<void>[] = [];
		batch.forEach((p, i) => {
			const o = written.outcomes[i];
			if (o.kind === 'receipt') p.resolve(o.receipt);
			else if (o.kind === 'error') p.reject(o.error);
			else if (o.kind === 'alone') alones.push(alone(p, o.participant));
			else later.push(p);
		});
		// After the commit, as castBallot does: the live tally hears of each vote once per batch.
		for (const [voteId, meetingId] of written.castIn) {
			emitDomainEvent({ type: 'vote.ballot_cast', meetingId, voteId });
		}
		if (later.length > 0) {
			queue = [...later, ...queue];
			schedule();
		}
		await Promise.all(alones);
	}

	/** The single-ballot path, for what a batch cannot decide. */
	async function alone(p: Pending, known: Participant | null) {
		try {
			const voter = known
				? { participantId: known.id, meetingId: known.meetingId }
				: await verifyParticipantToken(db, p.submission.token);
			if (!voter) throw new VoteServiceError('unauthenticated');
			p.resolve(await castBallot(db, voter, p.submission));
		} catch (error) {
			p.reject(error);
		}
	}

	/** One transaction for the whole batch; returns what became of each ballot, in order. */
	async function writeBatch(
		batch: Pending[]
	): Promise<{ outcomes: Outcome[]; castIn: Map<string, string> }> {
		const now = new Date();
		const voteIds = [...new Set(batch.map((p) => p.submission.voteId))];
		const options = new Map(
			await Promise.all(voteIds.map(async (id) => [id, await optionsOf(id)] as const))
		);
		return db.transaction(async (tx) => {
			// Locked in id order, as castBallot locks its one row: two processes writing ballots of
			// the same people wait for each other instead of deadlocking.
			const people = await tx
				.select()
				.from(participant)
				.where(
					and(
						anyOf(participant.tokenHash, [...new Set(batch.map((p) => p.tokenHash))], 'text'),
						isNull(participant.removedAt)
					)
				)
				.orderBy(asc(participant.id))
				.for('update');
			const byHash = new Map(people.map((p) => [p.tokenHash, p]));
			const votes = new Map(
				(await tx.select().from(vote).where(inArray(vote.id, voteIds)).for('share')).map((v) => [
					v.id,
					v
				])
			);
			const stored = await storedKeys(tx, batch, byHash);

			const outcomes: Outcome[] = [];
			const taken = new Set<string>();
			const writes: { index: number; v: Vote; p: Participant; choice: unknown }[] = [];
			for (const p of batch) {
				const { voteId, choice, idempotencyKey: key } = p.submission;
				const who = byHash.get(p.tokenHash);
				const v = votes.get(voteId);
				if (!who) {
					outcomes.push({ kind: 'error', error: new VoteServiceError('unauthenticated') });
					continue;
				}
				if (!v) {
					outcomes.push({ kind: 'error', error: new VoteServiceError('not_found') });
					continue;
				}
				if (v.meetingId !== who.meetingId) {
					outcomes.push({ kind: 'error', error: new VoteServiceError('forbidden') });
					continue;
				}
				const same = `${v.id} ${who.id}`;
				if (taken.has(same)) {
					outcomes.push({ kind: 'later' });
					continue;
				}
				const found = stored.get(`${same} ${key}`);
				if (found) {
					outcomes.push({
						kind: 'receipt',
						receipt: { receiptId: found.id, castAt: found.castAt, replaced: false, duplicate: true }
					});
					continue;
				}
				if (voteStatus(v, now) !== 'open') {
					// Not-open and closed votes, as castBallot refuses them.
					outcomes.push({ kind: 'alone', participant: who });
					continue;
				}
				const checked = validateBallot(
					v.settings,
					options.get(v.id)!.map((o) => ({ id: o.id, cost: o.cost })),
					choice
				);
				if (!checked.ok) {
					outcomes.push({
						kind: 'error',
						error: new VoteServiceError('invalid_ballot', {
							ballotCode: checked.code,
							ballotDetail: checked.detail
						})
					});
					continue;
				}
				if (!isEligibleVoter(who, v)) {
					outcomes.push({ kind: 'error', error: new VoteServiceError('not_eligible') });
					continue;
				}
				taken.add(same);
				writes.push({ index: outcomes.length, v, p: who, choice: checked.ballot });
				outcomes.push({ kind: 'later' }); // replaced by its receipt below
			}
			/** vote id → meeting id of the votes this batch stored a ballot in. */
			const castIn = new Map(writes.map((w) => [w.v.id, w.v.meetingId]));
			if (writes.length === 0) return { outcomes, castIn };

			const replaced = new Set<string>();
			for (const voteId of new Set(writes.map((w) => w.v.id))) {
				const ids = writes.filter((w) => w.v.id === voteId).map((w) => w.p.id);
				const cleared = await tx
					.update(ballot)
					.set({ latest: false })
					.where(
						and(
							eq(ballot.voteId, voteId),
							anyOf(ballot.participantId, ids, 'uuid'),
							eq(ballot.latest, true)
						)
					)
					.returning({ participantId: ballot.participantId });
				for (const c of cleared) replaced.add(`${voteId} ${c.participantId}`);
			}
			// One JSON parameter for the whole batch; cast_at is the batch's moment, as castBallot
			// stores it, so the receipt can say it without reading it back.
			const payload = writes.map((w) => ({
				v: w.v.id,
				p: w.p.id,
				c: w.choice,
				k: batch[w.index].submission.idempotencyKey
			}));
			const rows = await rowsOf<{ id: string; vote_id: string; participant_id: string }>(
				tx,
				sql`insert into ballot (vote_id, participant_id, choice, idempotency_key, cast_at)
					select (r->>'v')::uuid, (r->>'p')::uuid, r->'c', r->>'k', ${now.toISOString()}::timestamptz
					from jsonb_array_elements(${JSON.stringify(payload)}::jsonb) as r
					returning id::text, vote_id::text, participant_id::text`
			);
			const receiptOf = new Map(rows.map((r) => [`${r.vote_id} ${r.participant_id}`, r.id]));
			for (const w of writes) {
				const receiptId = receiptOf.get(`${w.v.id} ${w.p.id}`);
				if (!receiptId) throw new Error('a ballot of the batch was not stored');
				outcomes[w.index] = {
					kind: 'receipt',
					receipt: {
						receiptId,
						castAt: now,
						replaced: replaced.has(`${w.v.id} ${w.p.id}`),
						duplicate: false
					}
				};
			}
			return { outcomes, castIn };
		});
	}

	return {
		cast(s) {
			if (stopped) return Promise.reject(new Error('ballot batcher stopped'));
			// What needs no database is refused at once, as castBallot refuses it.
			if (!TOKEN_PATTERN.test(s.token)) {
				return Promise.reject(new VoteServiceError('unauthenticated'));
			}
			if (typeof s.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(s.idempotencyKey)) {
				return Promise.reject(
					new VoteServiceError('invalid', {
						fields: [{ field: 'idempotencyKey', code: 'invalid' }]
					})
				);
			}
			if (!isVoteId(s.voteId)) return Promise.reject(new VoteServiceError('not_found'));
			const submission = { ...s, idempotencyKey: s.idempotencyKey };
			return new Promise<BallotReceipt>((resolve, reject) => {
				queue.push({ submission, tokenHash: hashParticipantToken(s.token), resolve, reject });
				schedule();
			});
		},
		async stop() {
			stopped = true;
			if (inFlight === 0 && queue.length === 0) return;
			await new Promise<void>((resolve) => idle.add(resolve));
		}
	};
}

/** Ballots already stored under the batch's keys, by "vote participant key". */
async function storedKeys(
	tx: Queryable,
	batch: Pending[],
	byHash: Map<string, Participant>
): Promise<Map<string, { id: string; castAt: Date }>> {
	const participantIds = [...new Set([...byHash.values()].map((p) => p.id))];
	if (participantIds.length === 0) return new Map();
	const rows = await tx
		.select({
			id: ballot.id,
			voteId: ballot.voteId,
			participantId: ballot.participantId,
			key: ballot.idempotencyKey,
			castAt: ballot.castAt
		})
		.from(ballot)
		.where(
			and(
				anyOf(ballot.voteId, [...new Set(batch.map((p) => p.submission.voteId))], 'uuid'),
				anyOf(ballot.participantId, participantIds, 'uuid'),
				anyOf(
					ballot.idempotencyKey,
					[...new Set(batch.map((p) => p.submission.idempotencyKey))],
					'text'
				)
			)
		);
	return new Map(rows.map((r) => [`${r.voteId} ${r.participantId} ${r.key}`, r]));
}
