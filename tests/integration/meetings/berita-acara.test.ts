/**
 * The berita acara: its data (the record plus the attendance list, delegates, chain head and
 * signature names), the PDF made from it (read back as text with pdfjs), and who may download it —
 * through the endpoint's own handler on each database, and over HTTP against the built server.
 */
import { isHttpError } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChainHead } from '../../../src/lib/server/audit/log.ts';
import { openDatabase } from '../../../src/lib/server/db/client.ts';
import { participant } from '../../../src/lib/server/db/schema/index.ts';
import {
	beritaAcara,
	beritaAcaraFileName,
	parseSigners,
	staffMeetingFor,
	type BeritaAcara
} from '../../../src/lib/server/meetings/berita-acara.ts';
import { beritaAcaraPdf, toWinAnsi } from '../../../src/lib/server/meetings/berita-acara-pdf.ts';
import {
	mergeParticipants,
	removeParticipant,
	verifyParticipant
} from '../../../src/lib/server/participants/service.ts';
import {
	addHybridCount,
	closeVoteWithTally,
	recordDecisions
} from '../../../src/lib/server/votes/record.ts';
import { castBallot, createVote, openVote } from '../../../src/lib/server/votes/service.ts';
import { GET } from '../../../src/routes/staff/meetings/[meetingId=id]/berita-acara.pdf/+server.ts';
import { startApp, type AppProcess } from '../../support/app-process.ts';
import { getPage, setCookies, signInOverHttp } from '../../support/http.ts';
import {
	prepareAppFolder,
	seedFinalList,
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';
import { createUser } from '../../factories/users.ts';

const RUNTIME = Symbol.for('rembuk.runtime');
type Holder = Record<symbol, unknown>;

let keyN = 0;
const key = () => `ba-${Date.now()}-${keyN++}`;

const CHAIR = 'Drs. Hendra Gunawan';
const SECRETARY = 'Rina Kartika Sari';
/** Enough extra attendees that the attendance list runs over a page. */
const CROWD = 70;

/** The PDF's text, page by page, with the runs of each page joined by single spaces. */
async function pdfPages(buf: Buffer): Promise<string[]> {
	const doc = await pdfjs.getDocument({ data: new Uint8Array(buf), verbosity: 0 }).promise;
	const pages: string[] = [];
	for (let i = 1; i <= doc.numPages; i++) {
		const page = await doc.getPage(i);
		const content = await page.getTextContent();
		pages.push(
			content.items
				.map((item) => ('str' in item ? item.str : ''))
				.join(' ')
				.replace(/\s+/g, ' ')
				.trim()
		);
	}
	await doc.destroy();
	return pages;
}

describe.each(drivers)('berita acara on %s', (driver) => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	let ba: BeritaAcara;
	let pdf: Buffer;
	let pages: string[];
	let text: string;
	let approvalId = '';
	let electionId = '';
	let before: unknown;
	const people: Record<string, { participantId: string; meetingId: string }> = {};

	async function join(name: string, rt: number | null, rw: number | null) {
		const p = await fx.participant(fx.meeting.id, name);
		await db.db.update(participant).set({ rt, rw }).where(eq(participant.id, p.participantId));
		people[name] = { participantId: p.participantId, meetingId: fx.meeting.id };
		return people[name];
	}

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		const meetingId = fx.meeting.id;
		await seedFinalList(db.db, server.realtime, fx, [
			{ title: 'Drainase RW 05', estimatedCost: 85_000_000, rt: 3, rw: 5 },
			{ title: 'Pelatihan menjahit', estimatedCost: 25_000_000, rt: 1, rw: 2 },
			{ title: 'Posyandu lansia', estimatedCost: 6_500_000, rt: 2, rw: 1 }
		]);

		const siti = await join('Siti Rahmawati', 3, 5);
		const bambang = await join('Bambang Wicaksono', 1, 2);
		const nur = await join('Nur Hidayah', null, null);
		const yohanes = await join('Yohanes Dikeluarkan', 4, 5);
		const twin = await join('Siti R. Ganda', 3, 5);
		for (let i = 1; i <= CROWD; i++) await join(`Warga Tambahan ${i}`, (i % 6) + 1, (i % 3) + 1);
		await verifyParticipant(db.db, fx.actor, { participantId: siti.participantId, verified: true });

		// Priorities: an approval vote on the list, three phones and a show of hands.
		const approval = await createVote(db.db, fx.actor, {
			meetingId,
			vote: {
				title: 'Prioritas usulan',
				subject: 'usulan',
				settings: { method: 'approval', maxChoices: 2 }
			}
		});
		approvalId = approval.vote.id;
		const [a, b, c] = approval.options.map((o) => o.id);
		await openVote(db.db, fx.actor, { voteId: approvalId });
		for (const [who, optionIds] of [
			[siti, [a, b]],
			[bambang, [a]],
			[nur, [c]]
		] as const) {
			await castBallot(db.db, who, {
				voteId: approvalId,
				choice: { optionIds },
				idempotencyKey: key()
			});
		}
		await addHybridCount(db.db, fx.actor, {
			voteId: approvalId,
			count: { source: 'hands', voters: 10, counts: { [a]: 7, [b]: 4 } },
			note: 'Peserta tanpa HP'
		});
		await closeVoteWithTally(db.db, fx.actor, { voteId: approvalId });
		await recordDecisions(db.db, fx.actor, {
			voteId: approvalId,
			decisions: {
				outcomes: [
					{ optionId: a, outcome: 'agreed', rank: 1, note: 'Disepakati bersama' },
					{ optionId: b, outcome: 'deferred', note: 'Tahun depan' }
				]
			}
		});

		// A delegate election: phones and a show of hands; Siti is elected, Bambang is not.
		const election = await createVote(db.db, fx.actor, {
			meetingId,
			vote: {
				title: 'Pemilihan utusan ke Musrenbang Kecamatan',
				subject: 'candidates',
				candidateIds: [siti.participantId, bambang.participantId],
				settings: { method: 'approval', maxChoices: 1 }
			}
		});
		electionId = election.vote.id;
		const [forSiti, forBambang] = election.options.map((o) => o.id);
		await openVote(db.db, fx.actor, { voteId: electionId });
		for (const [who, optionId] of [
			[siti, forSiti],
			[bambang, forSiti],
			[nur, forBambang]
		] as const) {
			await castBallot(db.db, who, {
				voteId: electionId,
				choice: { optionIds: [optionId] },
				idempotencyKey: key()
			});
		}
		await addHybridCount(db.db, fx.actor, {
			voteId: electionId,
			count: { source: 'hands', voters: 6, counts: { [forSiti]: 4, [forBambang]: 2 } }
		});
		await closeVoteWithTally(db.db, fx.actor, { voteId: electionId });
		await recordDecisions(db.db, fx.actor, {
			voteId: electionId,
			decisions: {
				outcomes: [
					{ optionId: forSiti, outcome: 'elected', rank: 1 },
					{ optionId: forBambang, outcome: 'rejected' }
				]
			}
		});

		// Someone who should not be on the list, and a second phone of Siti's merged into her.
		await removeParticipant(db.db, fx.actor, { participantId: yohanes.participantId });
		await mergeParticipants(db.db, fx.actor, {
			duplicateId: twin.participantId,
			survivorId: siti.participantId
		});

		ba = (await beritaAcara(db.db, meetingId, { chair: CHAIR, secretary: SECRETARY }))!;
		pdf = await beritaAcaraPdf(ba);
		pages = await pdfPages(pdf);
		text = pages.join(' ');

		before = (globalThis as Holder)[RUNTIME];
		(globalThis as Holder)[RUNTIME] = Promise.resolve({ database: db });
	});
	afterAll(async () => {
		(globalThis as Holder)[RUNTIME] = before;
		await server?.close();
		await db?.cleanup();
	});

	describe('data', () => {
		it('lists who attended, in joining order: no removed participant, a merged one once', () => {
			const names = ba.attendees.map((p) => p.displayName);
			expect(names.slice(0, 3)).toEqual(['Siti Rahmawati', 'Bambang Wicaksono', 'Nur Hidayah']);
			expect(names).not.toContain('Yohanes Dikeluarkan');
			expect(names).not.toContain('Siti R. Ganda');
			expect(names.filter((n) => n === 'Siti Rahmawati')).toHaveLength(1);
			expect(ba.attendees).toHaveLength(3 + CROWD);
			expect(ba.attendees.map((p) => p.number)).toEqual(
				Array.from({ length: 3 + CROWD }, (_, i) => i + 1)
			);
			expect(ba.attendees[0]).toMatchObject({ rt: 3, rw: 5, verified: true });
			expect(ba.attendees[1]).toMatchObject({ rt: 1, rw: 2, verified: false });
			expect(ba.attendees[2]).toMatchObject({ rt: null, rw: null });
			expect(ba.attendees[0].joinedAt).toBeInstanceOf(Date);
			// the figures count the same people
			expect(ba.record.attendance.total).toBe(ba.attendees.length);
			expect(ba.record.attendance.verified).toBe(1);
		});

		it('has both votes with their tallies and the decisions of the record', () => {
			expect(ba.record.votes.map((v) => v.id)).toEqual([approvalId, electionId]);
			const [approval, election] = ba.record.votes;
			expect(approval.breakdown.turnout).toEqual({ phone: 3, hands: 10, paper: 0, total: 13 });
			expect(approval.breakdown.rows.map((r) => [r.label, r.phone, r.hands, r.total])).toEqual([
				['Drainase RW 05', 2, 7, 9],
				['Pelatihan menjahit', 1, 4, 5],
				['Posyandu lansia', 1, 0, 1]
			]);
			expect(election.breakdown.rows.map((r) => [r.label, r.phone, r.hands, r.total])).toEqual([
				['Siti Rahmawati', 2, 4, 6],
				['Bambang Wicaksono', 1, 2, 3]
			]);
			expect(ba.record.decisions.map((d) => d.outcome)).toEqual([
				'agreed',
				'deferred',
				'elected',
				'rejected'
			]);
		});

		it('names the elected delegates and the signers', () => {
			expect(ba.delegates).toHaveLength(1);
			expect(ba.delegates[0]).toMatchObject({
				name: 'Siti Rahmawati',
				rt: 3,
				rw: 5,
				rank: 1,
				voteTitle: 'Pemilihan utusan ke Musrenbang Kecamatan'
			});
			expect(ba.signatures).toEqual({
				chair: CHAIR,
				secretary: SECRETARY,
				delegates: ['Siti Rahmawati']
			});
		});

		it('prints the audit chain head as it is now', async () => {
			const head = await auditChainHead(db.db);
			expect(head.id).toBeGreaterThan(0);
			expect(ba.chainHead).toEqual(head);
		});

		it('leaves the signature lines blank without names, and is null for no meeting', async () => {
			const plain = (await beritaAcara(db.db, fx.meeting.id, { chair: '  ' }))!;
			expect(plain.signatures.chair).toBeNull();
			expect(plain.signatures.secretary).toBeNull();
			expect(await beritaAcara(db.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
			expect(await beritaAcara(db.db, 'not-a-uuid')).toBeNull();
		});
	});

	describe('PDF', () => {
		it('is an A4 PDF with "Halaman N dari M" on every page', async () => {
			expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
			const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
			const page = await doc.getPage(1);
			const [, , width, height] = page.view;
			expect(Math.round(width)).toBe(595);
			expect(Math.round(height)).toBe(842);
			await doc.destroy();
			expect(pages.length).toBeGreaterThan(1);
			pages.forEach((p, i) => expect(p).toContain(`Halaman ${i + 1} dari ${pages.length}`));
		});

		it('holds the meeting, the attendance figures and the whole attendance list', () => {
			expect(text).toContain('BERITA ACARA');
			expect(text).toContain('Musrenbang uji');
			expect(text).toContain('Data musyawarah');
			expect(text).toContain(`Hadir ${3 + CROWD}`);
			expect(text).toContain('Sudah diperiksa fasilitator 1');
			expect(text).toContain(`Daftar hadir: ${3 + CROWD} peserta`);
			expect(text).toMatch(/1 Siti Rahmawati RT 03 \/ RW 05 Ya /);
			expect(text).toMatch(/2 Bambang Wicaksono RT 01 \/ RW 02 Tidak /);
			for (let i = 1; i <= CROWD; i++) expect(text).toContain(`Warga Tambahan ${i} `);
			expect(text).not.toContain('Yohanes Dikeluarkan');
			expect(text).not.toContain('Siti R. Ganda');
		});

		it('continues a long table on the next page under its caption and header', () => {
			const continued = pages.findIndex((p) => p.includes('Daftar hadir: 73 peserta (lanjutan)'));
			expect(continued).toBeGreaterThan(0);
			expect(pages[continued]).toMatch(/\(lanjutan\) No\. Nama RT\/RW Diperiksa Bergabung/);
		});

		it('gives each vote its tally with phones, hands and paper apart', () => {
			// option, HP, angkat tangan, kertas, jumlah
			expect(text).toContain('Drainase RW 05 2 7 0 9');
			expect(text).toContain('Pelatihan menjahit 1 4 0 5');
			expect(text).toContain('Posyandu lansia 1 0 0 1');
			expect(text).toContain('Jumlah pemilih (orang) 3 10 0 13');
			expect(text).toContain('Siti Rahmawati 2 4 0 6');
			expect(text).toContain('Bambang Wicaksono 1 2 0 3');
			expect(text).toContain('Jumlah pemilih (orang) 3 6 0 9');
			expect(text).toContain('Angkat tangan: 10 orang');
			expect(text).toContain('Peserta tanpa HP');
			for (const v of ba.record.votes) {
				expect(text).toContain(v.title);
				expect(text).toContain(
					`${v.turnout} orang memilih, dari ${v.eligible} yang berhak memilih lewat HP`
				);
			}
			expect(text).toContain('Dukung beberapa (pilih sampai K)');
		});

		it('lists the decisions, the delegates and the names under the signature lines', () => {
			expect(text).toContain('Disepakati');
			expect(text).toContain('Disepakati bersama');
			expect(text).toContain('Ditunda');
			expect(text).toContain('Tahun depan');
			expect(text).toContain('Terpilih');
			expect(text).toContain('Tidak terpilih');
			expect(text).toMatch(/Utusan terpilih .*1 Siti Rahmawati Peringkat 1 RT 03 \/ RW 05/);
			const last = pages.at(-1)!;
			expect(text).toContain('Pengesahan');
			expect(text).toContain(CHAIR);
			expect(text).toContain(SECRETARY);
			expect(text.lastIndexOf('Utusan 1 Siti Rahmawati')).toBeGreaterThan(text.indexOf(CHAIR));
			expect(last).toContain(SECRETARY);
		});

		it('prints the chain head hash and entry number', () => {
			expect(text).toContain(ba.chainHead.hash);
			expect(text).toContain(`catatan terakhir adalah no. ${ba.chainHead.id}`);
		});

		it('folds letters the built-in font lacks instead of dropping the text', () => {
			expect(toWinAnsi('Đặng Thị Ánh')).toBe('Dang Thi Ánh');
			expect(toWinAnsi('Budi 😀 — 3 · 4')).toBe('Budi ? — 3 · 4');
			expect(toWinAnsi('a\u202fb')).toBe('a b');
		});
	});

	describe('download', () => {
		const url = (meetingId: string, query = '') =>
			new URL(`http://localhost/staff/meetings/${meetingId}/berita-acara.pdf${query}`);
		const userOf = (u: { id: string; role: string; kelurahanId: string | null }) => ({
			id: u.id,
			username: 'x',
			displayName: 'x',
			role: u.role,
			kelurahanId: u.kelurahanId
		});
		async function get(user: unknown, meetingId: string, query = '') {
			const event = { locals: { user }, params: { meetingId }, url: url(meetingId, query) };
			try {
				return await (GET as (e: unknown) => Promise<Response>)(event);
			} catch (e) {
				if (isHttpError(e)) return e.status;
				throw e;
			}
		}

		it('gives staff of the kelurahan the PDF as an attachment with the names asked for', async () => {
			const res = await get(
				userOf(fx.actor),
				fx.meeting.id,
				`?ketua=${encodeURIComponent(CHAIR)}&sekretaris=`
			);
			if (typeof res === 'number') throw new Error(`refused with ${res}`);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('application/pdf');
			expect(res.headers.get('content-disposition')).toBe(
				`attachment; filename="${beritaAcaraFileName(ba.record.meeting, ba.generatedAt)}"`
			);
			expect(res.headers.get('content-disposition')).toMatch(
				/^attachment; filename="berita-acara-musrenbang-uji-2027-01-16\.pdf"$/
			);
			const body = Buffer.from(await res.arrayBuffer());
			const got = (await pdfPages(body)).join(' ');
			expect(got).toContain(CHAIR);
			expect(got).not.toContain(SECRETARY);
		});

		it('refuses without an account (401) and to another kelurahan (404)', async () => {
			expect(await get(null, fx.meeting.id)).toBe(401);
			const outsider = await createUser(db.db, {
				role: 'staff',
				kelurahanId: fx.otherKelurahanId
			});
			expect(outsider.role).toBe('staff');
			expect(
				await get(userOf({ ...outsider, kelurahanId: fx.otherKelurahanId }), fx.meeting.id)
			).toBe(404);
			expect(await get(userOf(fx.actor), '00000000-0000-4000-8000-000000000000')).toBe(404);
		});

		it('refuses a signer name that is too long (400)', async () => {
			expect(await get(userOf(fx.actor), fx.meeting.id, `?ketua=${'a'.repeat(101)}`)).toBe(400);
		});

		it('decides access with the meeting pages’ rule', async () => {
			const ok = await staffMeetingFor(db.db, fx.actor, fx.meeting.id);
			expect(ok.ok).toBe(true);
			expect(await staffMeetingFor(db.db, null, fx.meeting.id)).toEqual({
				ok: false,
				reason: 'unauthenticated'
			});
			expect(
				await staffMeetingFor(
					db.db,
					{ ...fx.actor, kelurahanId: fx.otherKelurahanId },
					fx.meeting.id
				)
			).toEqual({ ok: false, reason: 'not_found' });
		});
	});
});

describe('signer names from the query string', () => {
	it('trims, folds spaces and control characters, and refuses names over 100 characters', () => {
		const ok = parseSigners(
			new URLSearchParams({ ketua: '  Hj.  Siti\tAminah \n', sekretaris: '' })
		);
		expect(ok).toMatchObject({
			chair: 'Hj. Siti Aminah',
			secretary: null,
			values: { ketua: 'Hj. Siti Aminah', sekretaris: '' },
			errors: {}
		});
		const long = parseSigners(new URLSearchParams({ sekretaris: 'b'.repeat(101) }));
		expect(long.secretary).toBeNull();
		expect(long.errors).toEqual({ sekretaris: 'too_long' });
		expect(parseSigners(new URLSearchParams()).chair).toBeNull();
	});
});

describe('the PDF over HTTP (built server)', () => {
	let app: AppProcess;
	let fx: Awaited<ReturnType<typeof prepareAppFolder>>['fx'];
	const cleanups: Array<() => Promise<unknown>> = [];
	const OUTSIDER = { username: 'staf-kelurahan-lain', password: 'kata sandi yang panjang' };

	beforeAll(async () => {
		const prepared = await prepareAppFolder({ collecting: true });
		cleanups.push(prepared.cleanup);
		fx = prepared.fx;
		const handle = await openDatabase({ pgliteDir: prepared.dir });
		try {
			await createUser(handle.db, { ...OUTSIDER, role: 'staff', kelurahanId: fx.otherKelurahanId });
		} finally {
			await handle.close();
		}
		app = await startApp({ PGLITE_DIR: prepared.dir });
		cleanups.push(() => app.stop());
	});
	afterAll(async () => {
		for (const fn of cleanups.reverse()) await fn();
	});

	const path = () => `/staff/meetings/${fx.meeting.id}/berita-acara.pdf`;

	it('sends the PDF to staff of the kelurahan, and the page links to it', async () => {
		const { header } = await signInOverHttp(app.url, 'staf', 'rembuk-staf');
		const res = await getPage(app.url, `${path()}?ketua=Pak%20Lurah`, { cookie: header });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="berita-acara-/);
		const body = Buffer.from(await res.arrayBuffer());
		expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect((await pdfPages(body)).join(' ')).toContain('Pak Lurah');

		const page = await getPage(
			app.url,
			`/staff/meetings/${fx.meeting.id}/berita-acara?ketua=Pak%20Lurah`,
			{ cookie: header }
		);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain(`${path()}?ketua=Pak%20Lurah`);
		expect(html).toContain('Pak Lurah');
	});

	it('never sends it to a resident, an anonymous request or another kelurahan', async () => {
		const joined = await fetch(`${app.url}/api/v1/join`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify({ code: fx.meeting.joinCode, displayName: 'Bu Warga', rt: 1, rw: 1 })
		});
		expect(joined.status).toBe(201);
		const resident = setCookies(joined)
			.map((c) => `${c.name}=${c.value}`)
			.join('; ');
		expect(resident).not.toBe('');

		const asResident = await getPage(app.url, path(), { cookie: resident });
		expect(asResident.status).toBe(401);
		expect(asResident.headers.get('content-type')).not.toBe('application/pdf');

		const anonymous = await getPage(app.url, path());
		expect(anonymous.status).toBe(401);
		expect(anonymous.headers.get('content-type')).not.toBe('application/pdf');

		const { header } = await signInOverHttp(app.url, OUTSIDER.username, OUTSIDER.password);
		expect(header).toBeDefined();
		const outsider = await getPage(app.url, path(), { cookie: header });
		expect(outsider.status).toBe(404);
		expect(outsider.headers.get('content-type')).not.toBe('application/pdf');
	});
});
