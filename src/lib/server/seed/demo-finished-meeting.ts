/**
 * The finished demo meeting: "Musrenbang Kelurahan Rejosari 2026", held on 24 January 2026 and
 * closed, so a fresh start has decisions to plan, a record to print and usulan whose fate residents
 * can follow. It is built only through the services a real meeting goes through (phases, joins,
 * the board service, finalizing, votes, hybrid counts, decisions), at the times of that day, so
 * every row, tally and audit entry is what the real meeting would have left.
 */
import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Affiliation, AgeGroup, Gender } from '../../domain/attendance.ts';
import {
	electionPrefill,
	finalOrder,
	priorityOutcomes,
	seatsOf
} from '../../components/voting/staff/decisions.ts';
import type { FundingSource } from '../../realtime/board/index.ts';
import { docName } from '../../realtime/doc-names.ts';
import type { StaffActor } from '../auth/policy.ts';
import type { Database } from '../db/client.ts';
import { meeting, user, type Meeting, type VoteOptionRow } from '../db/schema/index.ts';
import {
	advanceMeetingPhase,
	createMeeting,
	getMeeting,
	setBoardLocked,
	setJoinLocked
} from '../meetings/service.ts';
import { joinMeeting, verifyParticipant } from '../participants/service.ts';
import { createYjsStore } from '../realtime/persistence.ts';
import type { ServerDoc } from '../realtime/server.ts';
import { addUsulan, type BoardDeps } from '../usulan/board-service.ts';
import { finalizeBoard } from '../usulan/service.ts';
import { addHybridCount, closeVoteWithTally, recordDecisions } from '../votes/record.ts';
import { castBallot, createVote, openVote } from '../votes/service.ts';
import type { VoteTally } from '../votes/tally.ts';

export const DEMO_FINISHED_MEETING_TITLE = 'Musrenbang Kelurahan Rejosari 2026';

/** A moment of the meeting day, in WIB, plus `seconds`. */
const at = (hhmm: string, seconds = 0) =>
	new Date(Date.parse(`2026-01-24T${hhmm}:00+07:00`) + seconds * 1000);

/** "Rather not say", as the join form sends it. */
const UNSAID = 'unsaid';
type Said<T> = T | typeof UNSAID;

/** A resident's answers to the join form's optional questions, as the form sends them. */
type Answers = [
	gender: Said<Gender>,
	ageGroup: Said<AgeGroup>,
	disability: Said<'yes' | 'no'>,
	affiliation: Said<Affiliation>
];

type Resident = {
	name: string;
	rt: number;
	rw: number;
	gender: Answers[0];
	ageGroup: Answers[1];
	disability: Answers[2];
	affiliation: Answers[3];
	/** Checked against the paper attendance list by the registration desk. */
	verified: boolean;
};

/** Who came, in the order they joined; the last three arrived late and were not verified. */
const residents: Resident[] = (
	[
		['Sutrisno', 2, 5, 'male', 'elderly', 'no', 'tokoh'],
		['Endang Wahyuningsih', 3, 5, 'female', 'adult', 'no', 'warga'],
		['Slamet Riyadi', 1, 1, 'male', 'elderly', 'yes', 'warga'],
		['Sri Mulyani', 4, 3, 'female', 'adult', 'no', 'warga'],
		['Wahyu Hidayat', 5, 2, 'male', 'youth', 'no', 'warga'],
		['Nur Aini', 2, 4, 'female', 'youth', 'no', 'warga'],
		['Heru Purnomo', 6, 7, 'male', 'adult', 'no', 'lsm'],
		['Ratna Sari Dewi', 1, 6, 'female', 'adult', 'no', 'swasta'],
		['Suparman', 7, 2, 'male', 'elderly', UNSAID, 'tokoh'],
		['Tri Handayani', 3, 8, 'female', 'adult', 'no', 'pemerintah'],
		['Yusuf Maulana', 4, 1, 'male', 'youth', 'no', 'warga'],
		['Sumarni', 5, 3, 'female', 'elderly', UNSAID, 'warga'],
		['Dwi Astuti', 2, 6, 'female', 'adult', 'no', UNSAID],
		['Eko Prasetyo', 8, 4, 'male', 'adult', 'no', 'swasta'],
		['Fitri Rahmawati', 1, 7, 'female', 'youth', 'no', 'lsm'],
		['Margono', 4, 5, 'male', 'elderly', 'yes', 'warga'],
		['Lestari Ningsih', 6, 2, 'female', 'adult', 'no', 'warga'],
		['Ahmad Fauzi', 3, 4, 'male', 'adult', 'no', 'pemerintah'],
		['Puji Rahayu', 2, 8, 'female', 'adult', 'yes', 'warga'],
		['Bayu Saputra', 5, 6, 'male', 'youth', 'no', 'warga'],
		['Anik Suryani', 1, 5, 'female', 'adult', 'no', 'tokoh'],
		['Rudi Hartono', 7, 3, UNSAID, 'adult', 'no', 'warga'],
		['Kurniawati', 4, 7, 'female', UNSAID, UNSAID, 'warga'],
		['Supriyadi', 3, 1, UNSAID, UNSAID, UNSAID, UNSAID]
	] satisfies [string, number, number, ...Answers][]
).map(([name, rt, rw, gender, ageGroup, disability, affiliation], i) => ({
	name,
	rt,
	rw,
	gender,
	ageGroup,
	disability,
	affiliation,
	verified: i < 21
}));

type DemoUsulan = {
	/** Short key for the ballots below. */
	key: string;
	title: string;
	problem: string;
	locationText: string;
	rt: number | null;
	rw: number | null;
	sector: string;
	volume: number;
	unit: string;
	estimatedCost: number;
	fundingSource: FundingSource;
	/** Residents who proposed it; the first one adds it from their phone. */
	proposers: string[];
	/** Minutes after 09:20 the usulan was added. */
	minute: number;
};

/**
 * The usulan brought to the forum, in board order. The first two are one drainage problem seen from
 * two RTs: staff can plan them as one item.
 */
const usulanList: DemoUsulan[] = [
	{
		key: 'D',
		title: 'Perbaikan saluran drainase RT 02 RW 05',
		problem:
			'Saluran di sepanjang Jl. Rejosari V rusak dan dangkal. Setiap hujan deras air meluap ke jalan dan masuk ke sekitar 15 rumah warga.',
		locationText: 'Jl. Rejosari V, RT 02 RW 05',
		rt: 2,
		rw: 5,
		sector: 'infrastruktur',
		volume: 300,
		unit: 'meter',
		estimatedCost: 150_000_000,
		fundingSource: 'dana_kelurahan',
		proposers: ['Sutrisno', 'Anik Suryani'],
		minute: 0
	},
	{
		key: 'N',
		title: 'Normalisasi saluran air RT 03 RW 05',
		problem:
			'Saluran di belakang permukiman RT 03 penuh endapan lumpur dan sampah, sehingga air dari RT 02 tidak bisa mengalir dan menggenang berhari-hari.',
		locationText: 'Gang Kenanga, RT 03 RW 05',
		rt: 3,
		rw: 5,
		sector: 'infrastruktur',
		volume: 200,
		unit: 'meter',
		estimatedCost: 95_000_000,
		fundingSource: 'dana_kelurahan',
		proposers: ['Endang Wahyuningsih'],
		minute: 4
	},
	{
		key: 'J',
		title: 'Pelatihan menjahit untuk ibu-ibu PKK',
		problem:
			'Ibu-ibu PKK RW 03 ingin membuka usaha jahit rumahan, tetapi belum punya keterampilan dan tidak punya mesin untuk berlatih.',
		locationText: 'Balai RW 03',
		rt: null,
		rw: 3,
		sector: 'pendidikan',
		volume: 40,
		unit: 'orang',
		estimatedCost: 35_000_000,
		fundingSource: 'dana_kelurahan',
		proposers: ['Sri Mulyani'],
		minute: 9
	},
	{
		key: 'P',
		title: 'Posyandu lansia RW 07',
		problem:
			'Lansia RW 07 harus ke puskesmas untuk cek tekanan darah dan gula darah; banyak yang tidak sanggup berjalan sejauh itu.',
		locationText: 'Rumah Ketua RT 06 RW 07',
		rt: 6,
		rw: 7,
		sector: 'kesehatan',
		volume: 12,
		unit: 'kegiatan',
		estimatedCost: 25_000_000,
		fundingSource: 'csr',
		proposers: ['Heru Purnomo'],
		minute: 14
	},
	{
		key: 'U',
		title: 'Pelatihan pemasaran daring UMKM',
		problem:
			'Pelaku UMKM makanan ringan di Rejosari masih berjualan dari mulut ke mulut. Mereka perlu belajar memotret produk dan berjualan lewat WhatsApp Business dan lokapasar.',
		locationText: 'Aula Kelurahan Rejosari',
		rt: null,
		rw: null,
		sector: 'ekonomi',
		volume: 50,
		unit: 'orang',
		estimatedCost: 30_000_000,
		fundingSource: 'lsm',
		proposers: ['Eko Prasetyo'],
		minute: 20
	},
	{
		key: 'L',
		title: 'Lampu penerangan jalan tembus RW 02 – RW 04',
		problem:
			'Jalan tembus dari RW 02 ke RW 04 gelap pada malam hari. Warga yang pulang kerja malam, terutama perempuan, merasa tidak aman.',
		locationText: 'Jalan tembus RW 02 – RW 04',
		rt: null,
		rw: 2,
		sector: 'infrastruktur',
		volume: 40,
		unit: 'titik',
		estimatedCost: 120_000_000,
		fundingSource: 'dana_kelurahan',
		proposers: ['Wahyu Hidayat'],
		minute: 26
	},
	{
		key: 'S',
		title: 'Sanggar tari anak',
		problem:
			'Anak-anak RW 06 ingin belajar tari tradisional, tetapi tidak ada tempat latihan maupun pelatih.',
		locationText: 'Balai RW 06',
		rt: null,
		rw: 6,
		sector: 'budaya',
		volume: 1,
		unit: 'paket',
		estimatedCost: 20_000_000,
		fundingSource: 'swadaya',
		proposers: ['Dwi Astuti'],
		minute: 31
	},
	{
		key: 'B',
		title: 'Bank sampah RW 08',
		problem:
			'Sampah rumah tangga masih dibuang ke sungai. Warga ingin memilah sampah dan menjual sampah plastik lewat bank sampah yang dikelola bersama.',
		locationText: 'Lahan kosong di samping Pos RW 08',
		rt: 3,
		rw: 8,
		sector: 'partisipasi',
		volume: 1,
		unit: 'unit',
		estimatedCost: 50_000_000,
		fundingSource: 'csr',
		proposers: ['Tri Handayani'],
		minute: 37
	}
];

/** The pagu indikatif: Rp 400 juta. The usulan ask for Rp 525 juta in all. */
const PAGU = 400_000_000;

/**
 * Budget ballots from phones, by usulan key, in the order the verified residents voted (each
 * stays within the pagu). With the show of hands below, two usulan do not fit what is left.
 */
const budgetBallots = [
	'DNPJUS',
	'DNL',
	'DLPJS',
	'NPJUBS',
	'DNPB',
	'PJUSBL',
	'DNPJ',
	'DLU',
	'DNPJS',
	'DNL',
	'DNPU',
	'DNPJ',
	'DNL',
	'DPJSU',
	'DNPJ',
	'DNB',
	'DLJ',
	'DNP',
	'D'
];
/** Five elderly residents without a phone raised their hands (one hand per usulan they chose). */
const budgetHands = { voters: 5, counts: { D: 5, N: 4, P: 4, J: 2, L: 3, S: 1 } };

const motionAnswers = [
	...Array<'yes'>(16).fill('yes'),
	...Array<'no'>(2).fill('no'),
	...Array<'abstain'>(2).fill('abstain')
];

const candidates = ['Sri Mulyani', 'Wahyu Hidayat', 'Sutrisno', 'Fitri Rahmawati'];
/** Each ballot names up to two candidates, by their index in `candidates`. */
const electionBallots = [
	[0, 1],
	[0, 2],
	[1, 3],
	[0, 1],
	[0, 2],
	[1, 2],
	[0, 3],
	[0, 1],
	[1, 3],
	[0],
	[0, 1],
	[2, 3],
	[0, 2],
	[1],
	[0, 1],
	[2, 3],
	[0, 2],
	[1, 3]
];

/**
 * The notes the votes page's confirm step writes in Indonesian (`votes_priority_note_no_room`,
 * `votes_priority_note_no_support`; the test holds them equal). Written out because loading the
 * message index costs the command-line seed a second when messages are compiled one per file.
 */
const priorityNotes = { noRoom: 'Tidak cukup pagu', noSupport: 'Tidak ada yang memilih' };

export type FinishedMeetingSeed = {
	/** False when the meeting was already there (it is then returned as it is). */
	seeded: boolean;
	/** The closed meeting; null when there is no demo facilitator account to hold it. */
	meeting: Meeting | null;
};

/**
 * Seeds the finished 2026 Musrenbang of the demo kelurahan, once: when the facilitator's kelurahan
 * already has a meeting of that title, nothing is written. Runs after `seedDemoData` (it needs the
 * demo facilitator and staff accounts). A first start runs it while the server already listens:
 * its board is written straight into the Yjs log (see `seedBoard`), so nothing may open that
 * board's doc meanwhile — nothing does, the meeting is new and only reachable through staff pages
 * that read rows, not docs.
 */
export async function seedDemoFinishedMeeting(db: Database): Promise<FinishedMeetingSeed> {
	const accounts = await db.select().from(user);
	const f = accounts.find((u) => u.username === 'fasilitator');
	const s = accounts.find((u) => u.username === 'staf') ?? f;
	if (!f?.kelurahanId || !s) return { seeded: false, meeting: null };
	const [existing] = await db
		.select()
		.from(meeting)
		.where(
			and(eq(meeting.kelurahanId, f.kelurahanId), eq(meeting.title, DEMO_FINISHED_MEETING_TITLE))
		);
	if (existing) return { seeded: false, meeting: existing };

	const actor: StaffActor = { kind: 'user', id: f.id, role: f.role, kelurahanId: f.kelurahanId };
	const desk: StaffActor = { kind: 'user', id: s.id, role: s.role, kelurahanId: s.kelurahanId };

	const created = await createMeeting(
		db,
		actor,
		{
			title: DEMO_FINISHED_MEETING_TITLE,
			kind: 'musrenbang_kelurahan',
			startsAt: '2026-01-24T09:00:00+07:00',
			place: 'Balai Kelurahan Rejosari',
			agenda: [
				'Pembukaan oleh Lurah',
				'Paparan pagu indikatif dan hasil Rembuk RW',
				'Penyampaian dan pembahasan usulan warga',
				'Penentuan prioritas usulan',
				'Pengesahan daftar prioritas',
				'Pemilihan delegasi Musrenbang Kecamatan',
				'Penutup dan penandatanganan berita acara'
			],
			budgetCeiling: PAGU,
			quorum: { kind: 'share', share: 0.5 },
			voters: 'verified',
			sectors: ['pendidikan', 'ekonomi', 'partisipasi', 'infrastruktur', 'kesehatan', 'budaya'],
			inclusionThresholds: { women: 0.3, youth: 0.2 }
		},
		new Date('2026-01-10T10:00:00+07:00')
	);
	const meetingId = created.id;
	const joinCode = created.joinCode!;

	// 08:30 the doors open; residents join from their phones as they arrive.
	await advanceMeetingPhase(db, actor, { meetingId, to: 'open' }, at('08:30'));
	const people = new Map<string, { participantId: string; meetingId: string }>();
	for (const [i, r] of residents.entries()) {
		const joined = await joinMeeting(
			db,
			{
				code: joinCode,
				displayName: r.name,
				rt: r.rt,
				rw: r.rw,
				gender: r.gender,
				ageGroup: r.ageGroup,
				disability: r.disability,
				affiliation: r.affiliation
			},
			null,
			at('08:35', i * 75)
		);
		if (!joined.ok) throw new Error(`demo resident ${r.name} could not join: ${joined.reason}`);
		people.set(r.name, { participantId: joined.participantId, meetingId });
	}
	const person = (name: string) => {
		const p = people.get(name);
		if (!p) throw new Error(`no demo resident ${name}`);
		return p;
	};
	const verified = residents.filter((r) => r.verified).map((r) => person(r.name));
	for (const [i, p] of verified.entries()) {
		await verifyParticipant(
			db,
			desk,
			{ participantId: p.participantId, verified: true, meetingId },
			at('09:05', i * 20)
		);
	}

	// 09:15 the board opens; each proposer adds their usulan from their phone.
	await advanceMeetingPhase(db, actor, { meetingId, to: 'collecting' }, at('09:15'));
	const board = seedBoard(db, docName.board(meetingId));
	for (const u of usulanList) {
		const [first] = u.proposers;
		const added = await addUsulan(
			db,
			{ kind: 'participant', ...person(first), displayName: first },
			{
				meetingId,
				input: {
					title: u.title,
					problem: u.problem,
					locationText: u.locationText,
					rt: u.rt,
					rw: u.rw,
					sector: u.sector,
					volume: u.volume,
					unit: u.unit,
					estimatedCost: u.estimatedCost,
					fundingSource: u.fundingSource,
					proposers: u.proposers.map((name) => {
						const r = residents.find((x) => x.name === name)!;
						return { participantId: person(name).participantId, name, rt: r.rt, rw: r.rw };
					})
				}
			},
			board,
			at('09:20', u.minute * 60).getTime()
		);
		if (!added.ok) throw new Error(`demo usulan refused: ${JSON.stringify(added.errors)}`);
	}

	// 10:10 everyone is in: joining and the board are locked, the final list is stored.
	await setJoinLocked(db, actor, { meetingId, locked: true }, at('10:10'));
	await setBoardLocked(db, actor, { meetingId, locked: true }, at('10:12'));
	const final = await finalizeBoard(db, actor, { meetingId }, board, at('10:15'));
	if (final.usulan.length !== usulanList.length || final.skipped.length > 0) {
		throw new Error('the demo final list is incomplete');
	}
	await advanceMeetingPhase(db, actor, { meetingId, to: 'voting' }, at('10:20'));

	// 10:30 budget vote on the final list, with a show of hands; the forum confirms the ranking.
	const byKey = new Map(
		usulanList.map((u) => [u.key, final.usulan.find((row) => row.title === u.title)!.id])
	);
	const budget = await createVote(
		db,
		actor,
		{
			meetingId,
			vote: {
				title: 'Penentuan prioritas usulan dalam pagu Rp 400 juta',
				subject: 'usulan',
				settings: { method: 'budget', ceiling: PAGU }
			}
		},
		at('10:25')
	);
	const optionOf = optionsByUsulan(budget.options);
	const budgetOption = (key: string) => optionOf(byKey.get(key)!);
	await openVote(db, actor, { voteId: budget.vote.id }, at('10:30'));
	for (const [i, keys] of budgetBallots.entries()) {
		await castBallot(
			db,
			verified[i],
			{
				voteId: budget.vote.id,
				choice: { optionIds: [...keys].map(budgetOption) },
				idempotencyKey: `demo2026-budget-${i}`
			},
			at('10:31', i * 25)
		);
	}
	await addHybridCount(
		db,
		actor,
		{
			voteId: budget.vote.id,
			count: {
				source: 'hands',
				voters: budgetHands.voters,
				counts: Object.fromEntries(
					Object.entries(budgetHands.counts).map(([k, n]) => [budgetOption(k), n])
				)
			},
			note: 'Lima warga lansia tanpa HP memilih dengan angkat tangan, dihitung oleh fasilitator.'
		},
		at('10:41')
	);
	const budgetClosed = await closeVoteWithTally(db, actor, { voteId: budget.vote.id }, at('10:45'));
	const ranked = finalOrder(
		(budgetClosed.finalTally as VoteTally).result,
		budget.options,
		budgetClosed.settings
	);
	if (!ranked) throw new Error('the demo budget vote ranks nothing');
	await recordDecisions(
		db,
		actor,
		{
			voteId: budget.vote.id,
			decisions: {
				outcomes: priorityOutcomes(ranked, 'Ditetapkan forum Musrenbang Kelurahan', priorityNotes)
			}
		},
		at('10:50')
	);

	// 11:00 the forum adopts the priority list as the outcome of the meeting.
	const motion = await createVote(
		db,
		actor,
		{
			meetingId,
			vote: {
				title: 'Menyetujui daftar prioritas sebagai hasil Musrenbang',
				subject: 'options',
				settings: { method: 'yes_no', threshold: 'majority' }
			}
		},
		at('10:55')
	);
	await openVote(db, actor, { voteId: motion.vote.id }, at('11:00'));
	for (const [i, answer] of motionAnswers.entries()) {
		await castBallot(
			db,
			verified[i],
			{ voteId: motion.vote.id, choice: { answer }, idempotencyKey: `demo2026-motion-${i}` },
			at('11:01', i * 15)
		);
	}
	await closeVoteWithTally(db, actor, { voteId: motion.vote.id }, at('11:08'));
	await recordDecisions(
		db,
		actor,
		{
			voteId: motion.vote.id,
			decisions: {
				outcomes: [{ optionId: null, outcome: 'agreed', note: 'Disetujui mayoritas peserta' }]
			}
		},
		at('11:10')
	);

	// 11:20 two delegates to the Musrenbang Kecamatan, by secret ballot.
	const election = await createVote(
		db,
		actor,
		{
			meetingId,
			vote: {
				title: 'Pemilihan delegasi Musrenbang Kecamatan',
				subject: 'candidates',
				settings: { method: 'approval', maxChoices: 2 },
				secret: true,
				candidateIds: candidates.map((name) => person(name).participantId)
			}
		},
		at('11:15')
	);
	const candidateOption = (i: number) =>
		election.options.find((o) => o.participantId === person(candidates[i]).participantId)!.id;
	await openVote(db, actor, { voteId: election.vote.id }, at('11:20'));
	for (const [i, picks] of electionBallots.entries()) {
		await castBallot(
			db,
			verified[i],
			{
				voteId: election.vote.id,
				choice: { optionIds: picks.map(candidateOption) },
				idempotencyKey: `demo2026-election-${i}`
			},
			at('11:21', i * 20)
		);
	}
	const electionClosed = await closeVoteWithTally(
		db,
		actor,
		{ voteId: election.vote.id },
		at('11:30')
	);
	const standing = finalOrder(
		(electionClosed.finalTally as VoteTally).result,
		election.options,
		electionClosed.settings
	);
	const prefill = electionPrefill(standing ?? [], seatsOf(electionClosed.settings));
	if (prefill.undecided.length > 0) throw new Error('the demo election ended in a tie');
	await recordDecisions(
		db,
		actor,
		{
			voteId: election.vote.id,
			decisions: {
				outcomes: (standing ?? []).map((r) => ({
					optionId: r.id,
					outcome: prefill.outcomes[r.id],
					note:
						prefill.outcomes[r.id] === 'elected'
							? 'Delegasi ke Musrenbang Kecamatan Semarang Timur'
							: ''
				}))
			}
		},
		at('11:32')
	);

	// 12:00 the meeting ends.
	await advanceMeetingPhase(db, actor, { meetingId, to: 'closed' }, at('12:00'));
	return { seeded: true, meeting: (await getMeeting(db, meetingId))! };
}

/** Vote option ids by the usulan they stand for. */
function optionsByUsulan(options: VoteOptionRow[]) {
	const ids = new Map(options.map((o) => [o.usulanId, o.id]));
	return (usulanId: string) => {
		const id = ids.get(usulanId);
		if (!id) throw new Error(`no vote option for usulan ${usulanId}`);
		return id;
	};
}

/**
 * The board doc as the board service and finalizing use it, without going through the realtime
 * server (nobody is connected to this board): each addition is stored in the Yjs log like any
 * phone's edit, so the board opens later with the usulan on it.
 */
function seedBoard(db: Database, name: string): BoardDeps {
	const doc = new Y.Doc();
	const store = createYjsStore(db);
	const pending: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => pending.push(update));
	const handle: ServerDoc = {
		doc,
		transact: (fn) => doc.transact(() => fn(doc)),
		async flush() {
			if (pending.length > 0) await store.append(name, Y.mergeUpdates(pending.splice(0)));
		},
		release() {}
	};
	return {
		async openDoc(requested) {
			if (requested !== name) throw new Error(`the demo board cannot open ${requested}`);
			return handle;
		}
	};
}
