import { eq } from 'drizzle-orm';
import type { StaffActor } from '../../src/lib/server/auth/policy.ts';
import type { Database } from '../../src/lib/server/db/client.ts';
import { user } from '../../src/lib/server/db/schema/index.ts';
import { closeVoteWithTally, recordDecisions } from '../../src/lib/server/votes/record.ts';
import { castBallot, createVote, openVote } from '../../src/lib/server/votes/service.ts';
import {
	seedFinalList,
	type RealtimeTestServer,
	type seedRealtimeFixture
} from './realtime-server.ts';

type Fixture = Awaited<ReturnType<typeof seedRealtimeFixture>>;

/** The demo kelurahan's staff account ("staf"), which may write plans. */
export async function staffActor(db: Database, username = 'staf'): Promise<StaffActor> {
	const [u] = await db.select().from(user).where(eq(user.username, username));
	return { kind: 'user', id: u.id, role: u.role, kelurahanId: u.kelurahanId };
}

export const planUsulan = [
	{ title: 'Perbaikan saluran drainase RT 02', cost: 60_000_000, sector: 'infrastruktur', rt: 2 },
	{ title: 'Normalisasi saluran air RT 03', cost: 40_000_000, sector: 'infrastruktur', rt: 3 },
	{ title: 'Pelatihan menjahit ibu-ibu PKK', cost: 25_000_000, sector: 'ekonomi', rt: 1 },
	{ title: 'Posyandu lansia', cost: 6_500_000, sector: 'pendidikan', rt: 4 },
	{ title: 'Sanggar tari anak', cost: 90_000_000, sector: 'pendidikan', rt: 5 }
] as const;

let keyN = 0;

/**
 * A finalized list of the five `planUsulan` (proposed by `proposerName`), an approval vote on
 * them with a few phone ballots, closed; the first four agreed with ranks 1–4 and the last
 * rejected. Returns the decision ids in usulan order.
 */
export async function seedDecisions(
	db: Database,
	server: RealtimeTestServer,
	fx: Fixture,
	opts: { proposerName?: string; voterNames?: string[] } = {}
) {
	const meetingId = fx.meeting.id;
	await seedFinalList(
		db,
		server.realtime,
		fx,
		planUsulan.map((u) => ({
			title: u.title,
			estimatedCost: u.cost,
			sector: u.sector,
			rt: u.rt,
			rw: 5,
			proposers: [{ name: opts.proposerName ?? 'Pengusul Uji', rt: u.rt, rw: 5 }]
		}))
	);
	const created = await createVote(db, fx.actor, {
		meetingId,
		vote: {
			title: 'Prioritas usulan',
			subject: 'usulan',
			settings: { method: 'approval', maxChoices: 3 }
		}
	});
	const ids = created.options.map((o) => o.id);
	await openVote(db, fx.actor, { voteId: created.vote.id });
	const names = opts.voterNames ?? ['Pemilih Satu', 'Pemilih Dua', 'Pemilih Tiga'];
	const picks = [
		[ids[0], ids[1], ids[2]],
		[ids[0], ids[3]],
		[ids[1], ids[0]]
	];
	for (const [i, name] of names.entries()) {
		const { participantId } = await fx.participant(meetingId, name);
		await castBallot(
			db,
			{ participantId, meetingId },
			{
				voteId: created.vote.id,
				choice: { optionIds: picks[i % picks.length] },
				idempotencyKey: `plans-${Date.now()}-${keyN++}`
			}
		);
	}
	await closeVoteWithTally(db, fx.actor, { voteId: created.vote.id });
	const decisions = await recordDecisions(db, fx.actor, {
		voteId: created.vote.id,
		decisions: {
			outcomes: [
				...ids.slice(0, 4).map((optionId, i) => ({
					optionId,
					outcome: 'agreed' as const,
					rank: i + 1,
					note: ''
				})),
				{ optionId: ids[4], outcome: 'rejected' as const, note: 'Biaya terlalu besar' }
			]
		}
	});
	const byOption = new Map(decisions.map((d) => [d.optionId, d.id]));
	return {
		voteId: created.vote.id,
		optionIds: ids,
		decisionIds: ids.map((id) => byOption.get(id)!)
	};
}
