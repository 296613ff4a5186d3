/**
 * The reliability bar of DESIGN.md: kill -9 during a live vote loses no acknowledged ballot. The
 * built server takes a burst of ballots over HTTP (through the fast path and the batcher); once
 * some receipts have come back it is killed with requests still in flight. Every receipt a phone
 * got must be a stored, latest ballot of that phone, on PGlite and on PostgreSQL.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenOptions } from '../../../src/lib/server/db/client.ts';
import { ballot } from '../../../src/lib/server/db/schema/index.ts';
import { advanceMeetingPhase } from '../../../src/lib/server/meetings/service.ts';
import { PARTICIPANT_COOKIE } from '../../../src/lib/server/participants/tokens.ts';
import { startApp } from '../../support/app-process.ts';
import { seedRealtimeFixture } from '../../support/realtime-server.ts';
import { openApprovalVote } from '../../support/votes.ts';
import {
	createPgliteDir,
	createPostgresDatabase,
	dropPostgresDatabase,
	drivers,
	migrationsFolder
} from '../../support/test-db.ts';

const PHONES = 150;
/** The server is killed once this many receipts came back. */
const KILL_AFTER = 40;

type Prepared = { env: Record<string, string>; open: OpenOptions; cleanup(): Promise<void> };

async function prepare(driver: (typeof drivers)[number]): Promise<Prepared> {
	if (driver === 'pglite') {
		const { dir, cleanup } = await createPgliteDir();
		return { env: { PGLITE_DIR: dir }, open: { pgliteDir: dir }, cleanup };
	}
	const url = await createPostgresDatabase();
	return {
		env: { DATABASE_URL: url },
		open: { databaseUrl: url, migrationsFolder, poolMax: 2 },
		cleanup: () => dropPostgresDatabase(url)
	};
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const c of cleanups) await c();
});

describe.each(drivers)('kill -9 during a vote (%s)', (driver) => {
	it('keeps every ballot whose receipt reached a phone', { timeout: 120_000 }, async () => {
		const prepared = await prepare(driver);
		cleanups.push(prepared.cleanup);

		// The meeting, an open approval vote and the phones' tokens, written before the server starts
		// (PGlite serves one process at a time).
		let handle = await openDatabase(prepared.open);
		const fx = await seedRealtimeFixture(handle.db);
		await advanceMeetingPhase(handle.db, fx.actor, { meetingId: fx.meeting.id, to: 'voting' });
		const { vote, options } = await openApprovalVote(handle.db, fx.actor, fx.meeting.id);
		const phones = [];
		for (let i = 0; i < PHONES; i++) phones.push(await fx.participant(fx.meeting.id, `Warga ${i}`));
		await handle.close();

		const app = await startApp(prepared.env);
		cleanups.push(async () => void (await app.crash()));
		const receipts = new Map<string, string>(); // participant id → receipt id
		let crashed: Promise<void> | null = null;
		await Promise.all(
			phones.map(async (phone, i) => {
				try {
					const res = await fetch(`${app.url}/api/v1/votes/${vote.id}/ballots`, {
						method: 'POST',
						headers: {
							cookie: `${PARTICIPANT_COOKIE}=${phone.token}`,
							'content-type': 'application/json'
						},
						body: JSON.stringify({
							choice: { optionIds: [options[i % 3].id] },
							idempotencyKey: `crash-${i}-abcdefgh`
						})
					});
					if (res.status !== 201) return;
					const body = (await res.json()) as { receiptId: string };
					receipts.set(phone.participantId, body.receiptId);
					if (receipts.size >= KILL_AFTER && !crashed) crashed = app.crash();
				} catch {
					// the connection died with the server: this phone got no receipt
				}
			})
		);
		await (crashed ?? app.crash());
		expect(receipts.size).toBeGreaterThanOrEqual(KILL_AFTER);

		// Reopened after the crash (PGlite recovers from its write-ahead log).
		handle = await openDatabase({ ...prepared.open, migrationsFolder: undefined });
		try {
			const stored = await handle.db
				.select({ id: ballot.id, participantId: ballot.participantId })
				.from(ballot)
				.where(and(eq(ballot.voteId, vote.id), eq(ballot.latest, true)));
			const byParticipant = new Map(stored.map((b) => [b.participantId, b.id]));
			for (const [participantId, receiptId] of receipts) {
				expect(byParticipant.get(participantId)).toBe(receiptId);
			}
			// Nothing was stored twice, and nothing beyond the phones that posted.
			expect(stored.length).toBe(byParticipant.size);
			expect(stored.length).toBeLessThanOrEqual(PHONES);
		} finally {
			await handle.close();
		}
	});
});
