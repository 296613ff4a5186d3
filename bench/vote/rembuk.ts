/**
 * Rembuk as bench:vote runs it: `node dist-server/index.js` (bench/realtime/targets/rembuk.ts
 * starts it) on a fresh PGlite folder, or on a fresh PostgreSQL database next to
 * `BENCH_DATABASE_URL`. Before the server starts, Rembuk's own services prepare one meeting in its
 * voting phase, N participants with their tokens, and an open approval vote with live results.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { docName } from '../../src/lib/realtime/doc-names.ts';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { user } from '../../src/lib/server/db/schema/index.ts';
import { advanceMeetingPhase, createMeeting } from '../../src/lib/server/meetings/service.ts';
import {
	issueParticipantToken,
	PARTICIPANT_COOKIE
} from '../../src/lib/server/participants/tokens.ts';
import { seedDemoData } from '../../src/lib/server/seed/demo.ts';
import { createVote, openVote } from '../../src/lib/server/votes/service.ts';
import { buildMeetingInput } from '../../tests/factories/meetings.ts';
import { FACILITATOR, ORIGIN, root, signIn, startRembuk } from '../realtime/targets/rembuk.ts';
import { TargetUnavailable } from '../realtime/targets/target.ts';
import type { RunningVoteTarget } from './targets.ts';

/** Five usulan-like options; each phone approves two of them. */
const LABELS = [
	'Pelatihan menjahit untuk ibu-ibu RW 03',
	'Perbaikan saluran air RT 02',
	'Bazar UMKM di balai kelurahan',
	'Lampu jalan gang Melati',
	'Kelas komputer untuk remaja'
];

interface Prepared {
	meetingId: string;
	voteId: string;
	optionIds: string[];
	tokens: string[];
}

async function prepare(
	where: { pgliteDir: string } | { databaseUrl: string },
	phones: number
): Promise<Prepared> {
	const handle = await openDatabase({ ...where, migrationsFolder: join(root, 'drizzle') });
	try {
		const { db } = handle;
		await seedDemoData(db);
		const [f] = await db.select().from(user).where(eq(user.username, FACILITATOR.username));
		const actor = { kind: 'user' as const, id: f.id, role: f.role, kelurahanId: f.kelurahanId };
		const m = await createMeeting(
			db,
			actor,
			buildMeetingInput({ title: 'Bench: pemungutan suara' })
		);
		await advanceMeetingPhase(db, actor, { meetingId: m.id, to: 'voting' });
		const tokens: string[] = [];
		for (let i = 0; i < phones; i++) {
			const { token } = await issueParticipantToken(db, {
				meetingId: m.id,
				displayName: `Warga ${i + 1}`
			});
			tokens.push(token);
		}
		const { vote, options } = await createVote(db, actor, {
			meetingId: m.id,
			vote: {
				title: 'Pilih dua usulan prioritas',
				subject: 'options',
				settings: { method: 'approval', maxChoices: 2 },
				results: 'live',
				labels: LABELS
			}
		});
		await openVote(db, actor, { voteId: vote.id });
		return { meetingId: m.id, voteId: vote.id, optionIds: options.map((o) => o.id), tokens };
	} finally {
		await handle.close();
	}
}

/** A new, empty database on the server of `baseUrl`; the server migrates it. */
async function createDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `rembuk_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = () => postgres(baseUrl, { max: 1, onnotice: () => {} });
	const create = admin();
	try {
		await create.unsafe(`create database "${name}"`);
	} finally {
		await create.end({ timeout: 1 });
	}
	const url = new URL(baseUrl);
	url.pathname = '/' + name;
	return {
		url: url.toString(),
		async drop() {
			const sql = admin();
			try {
				await sql.unsafe(`drop database if exists "${name}" with (force)`);
			} finally {
				await sql.end({ timeout: 1 });
			}
		}
	};
}

/**
 * Prepares and starts Rembuk for `phones` phones. Phone i connects to the live doc with the cookie
 * of participant i and approves two options chosen from i.
 */
export async function startRembukVote(
	phones: number,
	postgresBaseUrl: string | null
): Promise<RunningVoteTarget> {
	for (const built of ['dist-server/index.js', 'build/handler.js']) {
		if (!existsSync(join(root, built)))
			throw new TargetUnavailable(`${built} is missing: run \`npm run build\` first`);
	}
	const dataDir = await mkdtemp(join(tmpdir(), 'rembuk-bench-vote-'));
	const database = postgresBaseUrl ? await createDatabase(postgresBaseUrl) : null;
	const cleanUp = async () => {
		await rm(dataDir, { recursive: true, force: true });
		await database?.drop();
	};
	let prepared: Prepared;
	try {
		prepared = await prepare(
			database ? { databaseUrl: database.url } : { pgliteDir: join(dataDir, 'pglite') },
			phones
		);
	} catch (error) {
		await cleanUp();
		throw error;
	}
	const server = await startRembuk(dataDir, { databaseUrl: database?.url }).catch(
		async (error: unknown) => {
			await database?.drop();
			throw error;
		}
	);
	const stop = async () => {
		await server.stop(); // removes dataDir
		await database?.drop();
	};
	try {
		const staffCookie = await signIn(server.baseUrl);
		const { voteId, optionIds, tokens } = prepared;
		const live = docName.live(prepared.meetingId);
		const n = optionIds.length;
		return {
			mode: 'api',
			protocol: 'y-websocket',
			serverUrl: server.baseUrl.replace(/^http/, 'ws') + '/yjs',
			pid: server.pid,
			ballotUrl: `${server.baseUrl}/api/v1/votes/${voteId}/ballots`,
			phone: (i) => ({
				id: i,
				docName: live,
				headers: { cookie: `${PARTICIPANT_COOKIE}=${tokens[i]}`, origin: ORIGIN },
				// Two different options: i mod n, and 1 to 3 places further on.
				choice: { optionIds: [optionIds[i % n], optionIds[(i + 1 + (i % 3)) % n]] }
			}),
			finalTally: async () => {
				const response = await fetch(`${server.baseUrl}/api/v1/votes/${voteId}`, {
					headers: { cookie: staffCookie, origin: ORIGIN },
					signal: AbortSignal.timeout(15_000)
				});
				if (!response.ok) throw new Error(`GET /api/v1/votes/<id>: HTTP ${response.status}`);
				const body = (await response.json()) as { tally?: unknown };
				return body.tally ?? null;
			},
			stop
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
