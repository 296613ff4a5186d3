import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceMeetingPhase } from '../../../src/lib/server/meetings/service.ts';
import { closeVoteWithTally } from '../../../src/lib/server/votes/record.ts';
import { createVote, openVote } from '../../../src/lib/server/votes/service.ts';
import { currentVoteState, roomVote } from '../../../src/lib/server/votes/tally.ts';
import { seedRealtimeFixture } from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

describe.each(drivers)('the vote the room sees, on %s', (driver) => {
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

	const draft = async (title: string) =>
		(
			await createVote(db.db, fx.actor, {
				meetingId: fx.meeting.id,
				vote: {
					title,
					subject: 'options',
					settings: { method: 'approval', maxChoices: 1 },
					labels: ['Ya', 'Tidak']
				}
			})
		).vote;
	const shown = async () => (await roomVote(db.db, fx.meeting.id))?.title ?? null;

	it('is an open vote if there is one, else the one closed last; a reopened vote comes back', async () => {
		expect(await shown()).toBeNull();
		expect(await currentVoteState(db.db, fx.meeting.id)).toBeNull();
		const first = await draft('Pemungutan pertama');
		const second = await draft('Pemungutan kedua');
		expect(await shown()).toBeNull(); // drafts are not shown
		await openVote(db.db, fx.actor, { voteId: first.id }, new Date(Date.now() - 60_000));
		await openVote(db.db, fx.actor, { voteId: second.id });
		expect(await shown()).toBe('Pemungutan kedua');
		await closeVoteWithTally(db.db, fx.actor, { voteId: second.id });
		// The first is still open: the room goes back to it.
		expect(await shown()).toBe('Pemungutan pertama');
		await closeVoteWithTally(db.db, fx.actor, { voteId: first.id });
		expect(await shown()).toBe('Pemungutan pertama');
		// Reopening the second brings it back to the screens: it is open again.
		await openVote(db.db, fx.actor, { voteId: second.id });
		expect(await shown()).toBe('Pemungutan kedua');
		expect((await currentVoteState(db.db, fx.meeting.id))?.status).toBe('open');
	});
});
