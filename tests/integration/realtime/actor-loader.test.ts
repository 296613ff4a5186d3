import { eq } from 'drizzle-orm';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participant } from '../../../src/lib/server/db/schema/index.ts';
import { issueParticipantToken } from '../../../src/lib/server/participants/tokens.ts';
import { ActorLoader } from '../../../src/lib/server/realtime/actor-loader.ts';
import { seedRealtimeFixture } from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

const req = (cookie: string) => ({ headers: { cookie } }) as unknown as IncomingMessage;
const sessions = { cookieName: 'rembuk_session', ttlDays: 30, renewDays: 15 };

describe.each(drivers)('resolving socket actors in batches on %s', (driver) => {
	let db: TestDatabase;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
	});
	afterAll(async () => {
		await db?.cleanup();
	});

	it('resolves hundreds of simultaneous upgrades, each to its own actor', async () => {
		const loader = new ActorLoader(db.db, sessions);
		const issued = await Promise.all(
			Array.from({ length: 150 }, (_, i) =>
				issueParticipantToken(db.db, { meetingId: fx.meeting.id, displayName: `Warga ${i}` })
			)
		);
		const actors = await Promise.all([
			...issued.map((p) => loader.resolve(req(`rembuk_participant=${p.token}`))),
			loader.resolve(req(fx.staffCookie)),
			loader.resolve(req('rembuk_participant=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')),
			loader.resolve(req('rembuk_session=junk; rembuk_participant=junk'))
		]);
		expect(
			actors.slice(0, 150).map((a) => (a?.kind === 'participant' ? a.participantId : null))
		).toEqual(issued.map((p) => p.participantId));
		expect(actors[150]).toMatchObject({ kind: 'user', id: fx.actor.id, role: 'facilitator' });
		expect(actors[151]).toBeNull();
		expect(actors[152]).toBeNull();
	});

	it('forgets a removed participant at once, and never caches an unknown token', async () => {
		const loader = new ActorLoader(db.db, sessions);
		const p = await issueParticipantToken(db.db, { meetingId: fx.meeting.id, displayName: 'Budi' });
		expect(await loader.resolve(req(`rembuk_participant=${p.token}`))).not.toBeNull();
		await db.db
			.update(participant)
			.set({ removedAt: new Date() })
			.where(eq(participant.id, p.participantId));
		loader.forgetParticipant(p.participantId);
		expect(await loader.resolve(req(`rembuk_participant=${p.token}`))).toBeNull();
	});
});
