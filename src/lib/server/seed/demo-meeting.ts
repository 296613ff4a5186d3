import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { addItem, type ItemInput } from '../../realtime/board/index.ts';
import { docName } from '../../realtime/doc-names.ts';
import type { Database } from '../db/client.ts';
import { participant, user, type Meeting } from '../db/schema/index.ts';
import { advanceMeetingPhase, createMeeting } from '../meetings/service.ts';
import { issueParticipantToken } from '../participants/tokens.ts';
import { createYjsStore } from '../realtime/persistence.ts';

export const DEMO_MEETING_TITLE = 'Musrenbang Kelurahan Rejosari 2027';

/** Residents already in the demo meeting (no phones: they show the attendance figures at work). */
const demoParticipants = [
	{
		displayName: 'Siti Aminah',
		rt: 4,
		rw: 3,
		gender: 'female',
		ageGroup: 'adult',
		affiliation: 'warga'
	},
	{
		displayName: 'Joko Susilo',
		rt: 2,
		rw: 5,
		gender: 'male',
		ageGroup: 'elderly',
		affiliation: 'tokoh'
	},
	{
		displayName: 'Dewi Lestari',
		rt: 1,
		rw: 1,
		gender: 'female',
		ageGroup: 'youth',
		affiliation: 'warga'
	},
	{
		displayName: 'Bambang Riyadi',
		rt: 6,
		rw: 7,
		gender: 'male',
		ageGroup: 'adult',
		affiliation: 'lsm'
	},
	{
		displayName: 'Rina Kartika',
		rt: 3,
		rw: 2,
		gender: 'female',
		ageGroup: 'youth',
		affiliation: 'warga'
	},
	{
		displayName: 'Agus Prasetyo',
		rt: 5,
		rw: 4,
		gender: 'male',
		ageGroup: 'adult',
		affiliation: 'swasta'
	}
] as const;

/** Usulan as residents of Rejosari might bring them: one per sector of the seed document's areas. */
function demoUsulan(people: Map<string, string>): ItemInput[] {
	const by = (name: string, rt: number, rw: number) => ({
		participantId: people.get(name),
		name,
		rt,
		rw
	});
	return [
		{
			title: 'Perbaikan saluran drainase Jl. Rejosari III',
			problem:
				'Setiap hujan deras air menggenang setinggi 30 cm di depan rumah warga RT 02 karena saluran tersumbat dan rusak.',
			locationText: 'Jl. Rejosari III, depan musala Al-Ikhlas',
			rt: 2,
			rw: 5,
			sector: 'infrastruktur',
			volume: 250,
			unit: 'meter',
			estimatedCost: 85_000_000,
			fundingSource: 'dana_kelurahan',
			proposers: [by('Joko Susilo', 2, 5)]
		},
		{
			title: 'Pelatihan menjahit dan jualan daring untuk ibu-ibu PKK',
			problem:
				'Banyak ibu rumah tangga ingin menambah penghasilan, tetapi belum punya keterampilan dan tidak tahu cara berjualan lewat HP.',
			locationText: 'Balai RW 03',
			rt: null,
			rw: 3,
			sector: 'ekonomi',
			volume: 30,
			unit: 'orang',
			estimatedCost: 25_000_000,
			fundingSource: 'dana_kelurahan',
			proposers: [by('Siti Aminah', 4, 3)]
		},
		{
			title: 'Bimbingan belajar gratis untuk anak SD',
			problem:
				'Anak-anak dari keluarga kurang mampu tertinggal pelajaran membaca dan berhitung; orang tua tidak sanggup membayar les.',
			locationText: 'Pos RW 01',
			rt: null,
			rw: 1,
			sector: 'pendidikan',
			volume: 40,
			unit: 'anak',
			estimatedCost: 12_000_000,
			fundingSource: 'swadaya',
			proposers: [by('Dewi Lestari', 1, 1)]
		},
		{
			title: 'Alat cek tekanan darah dan gula untuk posyandu lansia',
			problem:
				'Posyandu lansia RW 07 meminjam alat dari puskesmas, sehingga pemeriksaan hanya tiga bulan sekali.',
			locationText: 'Posyandu Melati, RW 07',
			rt: 6,
			rw: 7,
			sector: 'kesehatan',
			volume: 4,
			unit: 'paket',
			estimatedCost: 6_500_000,
			fundingSource: 'csr',
			proposers: [by('Bambang Riyadi', 6, 7)]
		},
		{
			title: 'Sanggar tari dan gamelan untuk remaja',
			problem: 'Remaja kehilangan tempat berlatih kesenian sejak gedung serbaguna dipakai gudang.',
			locationText: 'Gedung serbaguna RW 02',
			rt: 3,
			rw: 2,
			sector: 'budaya',
			volume: 1,
			unit: 'paket',
			estimatedCost: 15_000_000,
			fundingSource: 'lsm',
			proposers: [by('Rina Kartika', 3, 2)]
		}
	];
}

/**
 * The demo meeting: "Musrenbang Kelurahan Rejosari 2027", collecting usulan, with six residents
 * and five usulan on its board, so a fresh `npm start` shows a living example. Runs once, right
 * after the demo kelurahan is seeded (before the realtime server opens any doc).
 */
export async function seedDemoMeeting(db: Database): Promise<Meeting> {
	const [f] = await db.select().from(user).where(eq(user.username, 'fasilitator'));
	const actor = { kind: 'user' as const, id: f.id, role: f.role, kelurahanId: f.kelurahanId };
	const meeting = await createMeeting(db, actor, {
		title: DEMO_MEETING_TITLE,
		kind: 'musrenbang_kelurahan',
		startsAt: '2027-01-16T09:00:00+07:00',
		place: 'Balai Kelurahan Rejosari',
		agenda: [
			'Pembukaan oleh Lurah',
			'Paparan pagu indikatif dan hasil Rembuk RW',
			'Penyampaian dan pembahasan usulan warga',
			'Penentuan prioritas usulan',
			'Pemilihan delegasi Musrenbang Kecamatan',
			'Penutup dan penandatanganan berita acara'
		],
		budgetCeiling: 300_000_000,
		quorum: { kind: 'none' },
		voters: 'joined',
		sectors: ['pendidikan', 'ekonomi', 'partisipasi', 'infrastruktur', 'kesehatan', 'budaya'],
		inclusionThresholds: { women: 0.3, youth: 0.2 }
	});
	await advanceMeetingPhase(db, actor, { meetingId: meeting.id, to: 'collecting' });

	const people = new Map<string, string>();
	for (const p of demoParticipants) {
		const { participantId } = await issueParticipantToken(db, {
			meetingId: meeting.id,
			displayName: p.displayName
		});
		await db
			.update(participant)
			.set({
				rt: p.rt,
				rw: p.rw,
				gender: p.gender,
				ageGroup: p.ageGroup,
				affiliation: p.affiliation
			})
			.where(eq(participant.id, participantId));
		people.set(p.displayName, participantId);
	}

	const doc = new Y.Doc();
	const now = Date.now();
	demoUsulan(people).forEach((input, i) => {
		const result = addItem(doc, input, {
			sectors: meeting.sectorCodes,
			actorId: input.proposers?.[0]?.participantId ?? actor.id,
			now: now + i
		});
		if (!result.ok) throw new Error(`demo usulan ${i} refused: ${JSON.stringify(result.errors)}`);
	});
	await createYjsStore(db).append(docName.board(meeting.id), Y.encodeStateAsUpdate(doc));
	return meeting;
}
