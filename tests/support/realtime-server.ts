import { Redis } from 'ioredis';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUpgradeHandler } from '../../server/upgrade.ts';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session.ts';
import { loadConfig, type Config } from '../../src/lib/server/config.ts';
import type { Database } from '../../src/lib/server/db/client.ts';
import { logger, setLogLevel } from '../../src/lib/server/log.ts';
import { addItem } from '../../src/lib/realtime/board/index.ts';
import { docName } from '../../src/lib/realtime/doc-names.ts';
import { advanceMeetingPhase, createMeeting } from '../../src/lib/server/meetings/service.ts';
import { finalizeBoard } from '../../src/lib/server/usulan/service.ts';
import { issueParticipantToken } from '../../src/lib/server/participants/tokens.ts';
import { createRealtimeServer, type RealtimeServer } from '../../src/lib/server/realtime/server.ts';
import { seedDemoData } from '../../src/lib/server/seed/demo.ts';
import { kelurahan, user } from '../../src/lib/server/db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { buildMeetingInput } from '../factories/meetings.ts';

export type RealtimeTestServer = {
	url: string;
	wsUrl: string;
	realtime: RealtimeServer;
	config: Config;
	close(): Promise<void>;
};

/**
 * The realtime endpoint on an HTTP server bound to port 0, in this process, on the given database.
 * (The SvelteKit handler is not needed to test sockets; plain requests get 404.)
 */
export async function startRealtimeServer(
	db: Database,
	env: Record<string, string> = {},
	opts: { redisUrl?: string; isolatedFromLocalEvents?: boolean } = {}
): Promise<RealtimeTestServer> {
	setLogLevel((process.env.TEST_LOG_LEVEL as 'error') ?? 'error');
	const config = loadConfig({ LOG_LEVEL: 'error', REALTIME_UNLOAD_GRACE_MS: '50', ...env });
	const redis = opts.redisUrl ? new Redis(opts.redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
	const realtime = createRealtimeServer({
		db,
		config,
		redis,
		log: logger('realtime-test'),
		// a server standing for another process hears domain events only through Redis
		subscribeEvents: opts.isolatedFromLocalEvents ? () => () => {} : undefined
	});
	const server: Server = createServer((_req, res) => {
		res.statusCode = 404;
		res.end();
	});
	server.on(
		'upgrade',
		createUpgradeHandler({ realtime: () => realtime.handleUpgrade, ownAllUpgrades: true })
	);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}/yjs`,
		realtime,
		config,
		async close() {
			await realtime.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			if (redis) await redis.quit();
		}
	};
}

/** Demo data plus a meeting, a facilitator session and participant tokens to connect with. */
export async function seedRealtimeFixture(db: Database) {
	await seedDemoData(db);
	const [facilitator] = await db.select().from(user).where(eq(user.username, 'fasilitator'));
	const actor = {
		kind: 'user' as const,
		id: facilitator.id,
		role: facilitator.role,
		kelurahanId: facilitator.kelurahanId
	};
	const meeting = await createMeeting(db, actor, buildMeetingInput({ title: 'Musrenbang uji' }));
	const other = await createMeeting(db, actor, buildMeetingInput({ title: 'Rembuk RW lain' }));
	const staffToken = generateSessionToken();
	await createSession(db, { ttlDays: 30, renewDays: 15 }, staffToken, facilitator.id);
	const participant = async (meetingId = meeting.id, displayName = 'Warga') =>
		issueParticipantToken(db, { meetingId, displayName });
	const [k2] = await db
		.insert(kelurahan)
		.values({ name: 'Lain', kecamatan: 'X', city: 'Y' })
		.returning();
	return {
		actor,
		meeting,
		other,
		otherKelurahanId: k2.id,
		staffCookie: `rembuk_session=${staffToken}`,
		participant
	};
}

/**
 * A PGlite folder holding the realtime fixture, closed again so that a server process can open
 * it (PGlite serves one process at a time). `collecting` opens the meeting's board for edits.
 */
export async function prepareAppFolder(opts: { collecting?: boolean } = {}) {
	const { createPgliteDir } = await import('./test-db.ts');
	const { openDatabase } = await import('../../src/lib/server/db/client.ts');
	const { advanceMeetingPhase } = await import('../../src/lib/server/meetings/service.ts');
	const { dir, cleanup } = await createPgliteDir();
	const handle = await openDatabase({ pgliteDir: dir });
	try {
		const fx = await seedRealtimeFixture(handle.db);
		if (opts.collecting) {
			await advanceMeetingPhase(handle.db, fx.actor, {
				meetingId: fx.meeting.id,
				to: 'collecting'
			});
		}
		return { dir, fx, cleanup };
	} finally {
		await handle.close();
	}
}

type BoardItemInput = Parameters<typeof addItem>[1];

/**
 * The fixture meeting with a final list: it opens for usulan, `items` go on its board (sector
 * `infrastruktur` and funding `dana_kelurahan` unless given), the board is finalized, and the
 * meeting moves to voting. Returns the finalized version and its usulan, in board order.
 */
export async function seedFinalList(
	db: Database,
	realtime: RealtimeServer,
	fx: Awaited<ReturnType<typeof seedRealtimeFixture>>,
	items: (Partial<BoardItemInput> & { title: string })[]
) {
	const meetingId = fx.meeting.id;
	await advanceMeetingPhase(db, fx.actor, { meetingId, to: 'collecting' });
	const board = await realtime.openDoc(docName.board(meetingId));
	board.transact((doc) => {
		items.forEach((item, i) => {
			const r = addItem(
				doc,
				{ sector: 'infrastruktur', fundingSource: 'dana_kelurahan', ...item },
				{ sectors: fx.meeting.sectorCodes, actorId: fx.actor.id, now: 1_000 + i }
			);
			if (!r.ok) throw new Error(JSON.stringify(r.errors));
		});
	});
	await board.flush();
	board.release();
	const final = await finalizeBoard(db, fx.actor, { meetingId }, realtime);
	await advanceMeetingPhase(db, fx.actor, { meetingId, to: 'voting' });
	return final;
}
