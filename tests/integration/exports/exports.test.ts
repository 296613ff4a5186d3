/**
 * Meeting exports on a real database: a final list, a closed vote with show-of-hands and paper
 * counts, and an attendance with answers; built as CSV and XLSX, parsed back, and checked cell by
 * cell. The download endpoint is called as SvelteKit calls it (its GET handler with `locals`):
 * access, refusals, the names list and its audit entry. Cookies through the hooks are covered by
 * http.test.ts.
 */
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, participant } from '../../../src/lib/server/db/schema/index.ts';
import {
	attendanceSheet,
	loadMeetingSheets,
	proposerCount
} from '../../../src/lib/server/exports/meeting-sheets.ts';
import {
	exportFileName,
	meetingSlug,
	parseExportRequest
} from '../../../src/lib/server/exports/request.ts';
import { toCsv, toXlsx, type Sheet } from '../../../src/lib/server/exports/sheet.ts';
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
import { GET } from '../../../src/routes/staff/meetings/[meetingId=id]/export/[sheet]/+server.ts';
import { createUser } from '../../factories/users.ts';
import {
	seedFinalList,
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

const RUNTIME = Symbol.for('rembuk.runtime');
type Holder = Record<symbol, unknown>;

let keyN = 0;
const key = () => `export-${Date.now()}-${keyN++}`;

/** Residents of the test meeting: none of these may appear in a default export. */
const residents = ['Siti Rahmawati Uji', 'Bambang Wicaksono Uji', 'Nur Hidayah Uji', 'Yohanes Uji'];
const duplicateName = 'Siti R. (dobel) Uji';
const removedName = 'Orang Pergi Uji';

const SIPD_HEADERS = [
	'Peringkat',
	'Kegiatan',
	'Lokasi',
	'RT',
	'RW',
	'Volume',
	'Satuan',
	'Bidang',
	'Perkiraan biaya (Rp)',
	'Sumber dana',
	'Masalah',
	'Jumlah pengusul',
	'Versi daftar'
];

/** A small RFC 4180 reader, written apart from the writer under test. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else field += c;
	}
	if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
	return rows;
}

/** The CSV's records after the byte-order mark, which must be there. */
function readCsv(text: string): { header: string[]; rows: string[][] } {
	expect(text.charCodeAt(0)).toBe(0xfeff);
	const [header, ...rows] = parseCsv(text.slice(1));
	return { header, rows };
}

async function readXlsx(buffer: Uint8Array | ArrayBuffer): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buffer as ArrayBuffer);
	return wb;
}

/** Every cell value of a workbook as text, to search for what must not be there. */
function workbookText(wb: ExcelJS.Workbook): string {
	const out: string[] = [];
	wb.eachSheet((ws) => {
		out.push(ws.name);
		ws.eachRow((row) => row.eachCell((cell) => out.push(String(cell.value))));
	});
	return out.join('\n');
}

/** A sheet's data rows as objects keyed by header, from a worksheet. */
function worksheetRecords(ws: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
	const headers = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
	const out: Record<string, ExcelJS.CellValue>[] = [];
	ws.eachRow((row, n) => {
		if (n === 1) return;
		const rec: Record<string, ExcelJS.CellValue> = {};
		headers.forEach((h, i) => (rec[h] = row.getCell(i + 1).value));
		out.push(rec);
	});
	return out;
}

const csvRecords = (csv: { header: string[]; rows: string[][] }) =>
	csv.rows.map((r) => Object.fromEntries(csv.header.map((h, i) => [h, r[i]])));

describe.each(drivers)('meeting exports on %s', (driver) => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	let before: unknown;
	let staffUser: Record<string, unknown>;
	let outsiderUser: Record<string, unknown>;
	let optionIds: string[] = [];
	const voters: { participantId: string; meetingId: string }[] = [];

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		const meetingId = fx.meeting.id;
		await seedFinalList(db.db, server.realtime, fx, [
			{
				title: 'Drainase RW 05',
				problem: 'Banjir tiap hujan, "air" masuk rumah',
				locationText: 'Gang Melati, dekat masjid',
				rt: 3,
				rw: 5,
				volume: 120.5,
				unit: 'meter',
				estimatedCost: 85_000_000,
				sector: 'infrastruktur',
				fundingSource: 'dana_kelurahan',
				// the same person twice (a merged duplicate), and someone else
				proposers: [
					{ name: residents[0], rt: 3, rw: 5 },
					{ name: residents[0], rt: 3, rw: 5 },
					{ name: residents[1], rt: 1, rw: 5 }
				]
			},
			{
				title: '=HYPERLINK("http://contoh.test","klik")',
				problem: '+62 812 tanpa spasi',
				locationText: '@SUM(A1)',
				rt: 1,
				rw: 2,
				volume: 2,
				unit: 'paket',
				estimatedCost: 25_000_000,
				sector: 'ekonomi',
				fundingSource: 'swadaya',
				proposers: [{ name: residents[2], rt: 1, rw: 2 }]
			},
			{
				title: 'Posyandu lansia',
				problem: 'Lansia jauh dari puskesmas',
				locationText: '',
				sector: 'pendidikan',
				fundingSource: 'csr',
				estimatedCost: 6_500_000,
				proposers: [{ name: residents[3] }]
			}
		]);

		// The room: four residents with answers, one merged duplicate, one who was removed.
		const answers = [
			{
				rt: 3,
				rw: 5,
				gender: 'female',
				ageGroup: 'youth',
				disability: false,
				affiliation: 'warga'
			},
			{ rt: 1, rw: 5, gender: 'male', ageGroup: 'adult', disability: true, affiliation: 'lsm' },
			{ rt: 1, rw: 2, gender: 'female', ageGroup: 'elderly', disability: null, affiliation: null },
			{ rt: null, rw: null, gender: null, ageGroup: null, disability: null, affiliation: 'warga' }
		] as const;
		for (const [i, name] of residents.entries()) {
			const p = await fx.participant(meetingId, name);
			voters.push({ participantId: p.participantId, meetingId });
			await db.db.update(participant).set(answers[i]).where(eq(participant.id, p.participantId));
		}
		await verifyParticipant(db.db, fx.actor, {
			participantId: voters[0].participantId,
			verified: true
		});
		await verifyParticipant(db.db, fx.actor, {
			participantId: voters[1].participantId,
			verified: true
		});
		const dup = await fx.participant(meetingId, duplicateName);
		await mergeParticipants(db.db, fx.actor, {
			duplicateId: dup.participantId,
			survivorId: voters[0].participantId
		});
		const gone = await fx.participant(meetingId, removedName);
		await removeParticipant(db.db, fx.actor, { participantId: gone.participantId });

		// An approval vote on the list: 3 phones, a show of hands before closing, paper after.
		const approval = await createVote(db.db, fx.actor, {
			meetingId,
			vote: {
				title: 'Prioritas usulan',
				subject: 'usulan',
				settings: { method: 'approval', maxChoices: 2 },
				secret: true
			}
		});
		optionIds = approval.options.map((o) => o.id);
		const [a, b, c] = optionIds;
		await openVote(db.db, fx.actor, { voteId: approval.vote.id });
		for (const [i, chosen] of [[a, b], [a], [c]].entries()) {
			await castBallot(db.db, voters[i], {
				voteId: approval.vote.id,
				choice: { optionIds: chosen },
				idempotencyKey: key()
			});
		}
		await addHybridCount(db.db, fx.actor, {
			voteId: approval.vote.id,
			count: { source: 'hands', voters: 10, counts: { [a]: 7, [b]: 4 } }
		});
		await closeVoteWithTally(db.db, fx.actor, { voteId: approval.vote.id });
		await addHybridCount(db.db, fx.actor, {
			voteId: approval.vote.id,
			count: { source: 'paper', voters: 5, counts: { [a]: 2, [c]: 3 } }
		});
		await recordDecisions(db.db, fx.actor, {
			voteId: approval.vote.id,
			decisions: {
				outcomes: [
					{ optionId: a, outcome: 'agreed', rank: 1, note: 'Disepakati bersama' },
					{ optionId: b, outcome: 'deferred', note: 'Tahun depan' }
				]
			}
		});

		// A motion: yes / no with a show of hands.
		const motion = await createVote(db.db, fx.actor, {
			meetingId,
			vote: {
				title: 'Setuju daftar prioritas?',
				subject: 'options',
				settings: { method: 'yes_no', threshold: 'majority' }
			}
		});
		await openVote(db.db, fx.actor, { voteId: motion.vote.id });
		for (const [i, answer] of (['yes', 'yes', 'no'] as const).entries()) {
			await castBallot(db.db, voters[i], {
				voteId: motion.vote.id,
				choice: { answer },
				idempotencyKey: key()
			});
		}
		await addHybridCount(db.db, fx.actor, {
			voteId: motion.vote.id,
			count: { source: 'hands', voters: 6, counts: { yes: 5, no: 0, abstain: 1 } }
		});
		await closeVoteWithTally(db.db, fx.actor, { voteId: motion.vote.id });

		// Staff of another kelurahan, signed in.
		const outsider = await createUser(db.db, {
			role: 'staff',
			kelurahanId: fx.otherKelurahanId
		});
		staffUser = {
			id: fx.actor.id,
			username: 'fasilitator',
			displayName: 'Fasilitator',
			role: fx.actor.role,
			kelurahanId: fx.actor.kelurahanId
		};
		outsiderUser = {
			id: outsider.id,
			username: outsider.username,
			displayName: outsider.displayName,
			role: 'staff',
			kelurahanId: fx.otherKelurahanId
		};

		// The endpoint takes the database from the process runtime.
		before = (globalThis as Holder)[RUNTIME];
		(globalThis as Holder)[RUNTIME] = Promise.resolve({ database: db });
	});
	afterAll(async () => {
		(globalThis as Holder)[RUNTIME] = before;
		await server?.close();
		await db?.cleanup();
	});

	const meeting = () => ({ ...fx.meeting });
	const sheets = (keys: Parameters<typeof loadMeetingSheets>[2]) =>
		loadMeetingSheets(db.db, meeting(), keys);

	/** The endpoint's GET, as SvelteKit calls it. */
	async function download(
		sheet: string,
		query: string,
		user: Record<string, unknown> | null = staffUser,
		meetingId = fx.meeting.id
	): Promise<Response> {
		const url = new URL(`http://localhost/staff/meetings/${meetingId}/export/${sheet}?${query}`);
		const event = { locals: { user }, params: { meetingId, sheet }, url };
		try {
			return await (GET as (e: unknown) => Promise<Response>)(event);
		} catch (e) {
			// SvelteKit's error(): an HttpError with a status and a body
			const err = e as { status?: number; body?: { message: string } };
			if (typeof err.status !== 'number') throw e;
			return new Response(err.body?.message ?? '', { status: err.status });
		}
	}

	const auditOf = (action: string) =>
		db.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, action), eq(auditLog.subjectId, fx.meeting.id)))
			// In the order they were written: PostgreSQL returns rows in no fixed order otherwise.
			.orderBy(auditLog.id);

	describe('usulan', () => {
		it('has the SIPD columns in order, in rank order, with numbers as numbers (CSV)', async () => {
			const [sheet] = await sheets(['usulan']);
			const text = toCsv(sheet);
			expect(text.endsWith('\r\n')).toBe(true);
			const csv = readCsv(text);
			expect(csv.header).toEqual(SIPD_HEADERS);
			const [first, second, third] = csvRecords(csv);
			expect(first).toEqual({
				Peringkat: '1',
				Kegiatan: 'Drainase RW 05',
				Lokasi: 'Gang Melati, dekat masjid',
				RT: '3',
				RW: '5',
				Volume: '120.5',
				Satuan: 'meter',
				Bidang: 'Infrastruktur & lingkungan',
				'Perkiraan biaya (Rp)': '85000000',
				'Sumber dana': 'Dana kelurahan / APBD',
				Masalah: 'Banjir tiap hujan, "air" masuk rumah',
				'Jumlah pengusul': '2',
				'Versi daftar': '1'
			});
			expect(second).toMatchObject({
				Peringkat: '2',
				RT: '1',
				RW: '2',
				'Sumber dana': 'Swadaya warga'
			});
			expect(third).toMatchObject({ Peringkat: '3', RT: '', RW: '', Lokasi: '', Volume: '' });
			// the quotes and the comma are escaped, not lost
			expect(text).toContain('"Banjir tiap hujan, ""air"" masuk rumah"');
		});

		it('defuses text a spreadsheet would run as a formula (CSV), keeps it as text (XLSX)', async () => {
			const [sheet] = await sheets(['usulan']);
			const row = csvRecords(readCsv(toCsv(sheet)))[1];
			expect(row.Kegiatan).toBe('\'=HYPERLINK("http://contoh.test","klik")');
			expect(row.Masalah).toBe("'+62 812 tanpa spasi");
			expect(row.Lokasi).toBe("'@SUM(A1)");

			const wb = await readXlsx(await toXlsx([sheet]));
			const cell = wb.worksheets[0].getRow(3).getCell(2);
			expect(cell.type).toBe(ExcelJS.ValueType.String);
			expect(cell.formula).toBeUndefined();
			expect(cell.value).toBe('=HYPERLINK("http://contoh.test","klik")');
		});

		it('is a worksheet with a bold frozen header, widths and Rupiah as numbers (XLSX)', async () => {
			const wb = await readXlsx(await toXlsx(await sheets(['usulan'])));
			const ws = wb.getWorksheet('Usulan')!;
			expect(ws).toBeDefined();
			expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(SIPD_HEADERS);
			expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
			expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
			expect(ws.getColumn(2).width).toBe(40);
			const [first] = worksheetRecords(ws);
			expect(first).toMatchObject({
				Peringkat: 1,
				RT: 3,
				RW: 5,
				Volume: 120.5,
				'Perkiraan biaya (Rp)': 85_000_000,
				'Jumlah pengusul': 2
			});
			expect(ws.getRow(2).getCell(9).numFmt).toBe('#,##0');
			expect(ws.rowCount).toBe(4);
		});

		it('counts proposers once each and never names them', async () => {
			expect(
				proposerCount([
					{ name: 'A', participantId: 'p1' },
					{ name: 'A again', participantId: 'p1' },
					{ name: ' b ', rt: 1 },
					{ name: 'B', rt: 1 }
				])
			).toBe(2);
			const [sheet] = await sheets(['usulan']);
			const text = toCsv(sheet) + workbookText(await readXlsx(await toXlsx([sheet])));
			for (const name of residents) expect(text).not.toContain(name);
		});
	});

	describe('votes', () => {
		it('gives one row per option with phone, hands and paper apart (CSV)', async () => {
			const [sheet] = await sheets(['votes']);
			const rows = csvRecords(readCsv(toCsv(sheet)));
			const approval = rows.filter((r) => r['Pemungutan suara'] === 'Prioritas usulan');
			expect(
				approval.map((r) => [
					r.Pilihan,
					r['Suara lewat HP'],
					r['Angkat tangan'],
					r.Kertas,
					r['Jumlah suara'],
					r.Peringkat,
					r.Keputusan
				])
			).toEqual([
				['Drainase RW 05', '2', '7', '2', '11', '1', 'Disepakati'],
				['\'=HYPERLINK("http://contoh.test","klik")', '1', '4', '0', '5', '2', 'Ditunda'],
				['Posyandu lansia', '1', '0', '3', '4', '3', '']
			]);
			expect(approval[0]).toMatchObject({
				Status: 'Ditutup',
				'Dibuka (WIB)': expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
				'Jumlah pemilih': '18',
				'Kuorum terpenuhi': 'Tanpa kuorum',
				'Catatan keputusan': 'Disepakati bersama'
			});

			const motion = rows.filter((r) => r['Pemungutan suara'] === 'Setuju daftar prioritas?');
			expect(
				motion.map((r) => [r.Pilihan, r['Suara lewat HP'], r['Angkat tangan'], r['Jumlah suara']])
			).toEqual([
				['Setuju', '2', '5', '7'],
				['Tidak setuju', '1', '0', '1'],
				['Abstain', '0', '1', '1']
			]);
			expect(motion.every((r) => r.Hasil === 'Disetujui')).toBe(true);
		});

		it('writes counts as numbers and times as dates in WIB (XLSX)', async () => {
			const [sheet] = await sheets(['votes']);
			const wb = await readXlsx(await toXlsx([sheet]));
			const records = worksheetRecords(wb.worksheets[0]);
			expect(records[0]).toMatchObject({
				'Suara lewat HP': 2,
				'Angkat tangan': 7,
				Kertas: 2,
				'Jumlah suara': 11,
				'Jumlah pemilih': 18
			});
			const opened = records[0]['Dibuka (WIB)'];
			expect(opened).toBeInstanceOf(Date);
			// The cell shows the kelurahan's clock: the same as the CSV's text.
			const csvOpened = csvRecords(readCsv(toCsv(sheet)))[0]['Dibuka (WIB)'];
			expect((opened as Date).toISOString().slice(0, 16).replace('T', ' ')).toBe(csvOpened);
		});
	});

	describe('attendance', () => {
		it('gives figures only: present, verified, groups, RW and RT', async () => {
			const [sheet] = await sheets(['attendance']);
			const csv = readCsv(toCsv(sheet));
			expect(csv.header).toEqual(['Bagian', 'Uraian', 'Jumlah orang', 'Persen dari yang hadir']);
			const get = (section: string, item: string) =>
				csvRecords(csv).find((r) => r.Bagian === section && r.Uraian === item)?.['Jumlah orang'];
			// four residents; the merged duplicate and the removed person are not counted
			expect(get('Kehadiran', 'Hadir')).toBe('4');
			expect(get('Kehadiran', 'Diverifikasi fasilitator')).toBe('2');
			expect(get('Jenis kelamin', 'Perempuan')).toBe('2');
			expect(get('Jenis kelamin', 'Laki-laki')).toBe('1');
			expect(get('Jenis kelamin', 'Tidak disebut')).toBe('1');
			expect(get('Kelompok umur', 'Lansia (60 tahun ke atas)')).toBe('1');
			expect(get('Penyandang disabilitas', 'Ya')).toBe('1');
			expect(get('Hadir sebagai', 'Warga')).toBe('2');
			expect(get('Per RW', 'RW 05')).toBe('2');
			expect(get('Per RW', 'Tidak disebut')).toBe('1');
			expect(get('Per RT', 'RT 01 / RW 05')).toBe('1');
			expect(get('Per RT', 'RT 03 / RW 05')).toBe('1');

			const wb = await readXlsx(await toXlsx([sheet]));
			const women = worksheetRecords(wb.worksheets[0]).find((r) => r.Uraian === 'Perempuan');
			expect(women).toMatchObject({ 'Jumlah orang': 2, 'Persen dari yang hadir': 0.5 });
		});

		it('lists every RW of the meeting’s area, even one nobody came from', () => {
			const sheet = attendanceSheet([], [7]);
			expect(sheet.rows.find((r) => r.item === 'RW 07')).toMatchObject({ count: 0, share: null });
		});
	});

	describe('the download endpoint', () => {
		it('sends a CSV with its name, type and no cache', async () => {
			const res = await download('usulan', 'format=csv');
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
			expect(res.headers.get('content-disposition')).toBe(
				'attachment; filename="usulan-musrenbang-uji-2027-01-16.csv"'
			);
			expect(res.headers.get('cache-control')).toBe('private, no-store');
			const bytes = new Uint8Array(await res.arrayBuffer());
			expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			const csv = readCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
			expect(csv.header).toEqual(SIPD_HEADERS);
			expect(csv.rows).toHaveLength(3);
		});

		it('sends every table in one workbook, without names', async () => {
			const res = await download('all', 'format=xlsx');
			expect(res.status).toBe(200);
			expect(res.headers.get('content-disposition')).toContain('data-rapat-musrenbang-uji-');
			const wb = await readXlsx(await res.arrayBuffer());
			expect(wb.worksheets.map((w) => w.name)).toEqual([
				'Usulan',
				'Hasil pemungutan suara',
				'Kehadiran'
			]);
			const text = workbookText(wb);
			for (const name of [...residents, duplicateName, removedName])
				expect(text).not.toContain(name);
		});

		it('leaves names out of every default export and writes no audit entry for them', async () => {
			const bodies: string[] = [];
			for (const sheet of ['usulan', 'votes', 'attendance'])
				bodies.push(await (await download(sheet, 'format=csv')).text());
			bodies.push(
				workbookText(
					await readXlsx(await (await download('attendance', 'format=xlsx')).arrayBuffer())
				)
			);
			for (const body of bodies)
				for (const name of [...residents, duplicateName, removedName])
					expect(body).not.toContain(name);
			expect(await auditOf('attendance.exported_with_names')).toEqual([]);
		});

		it('adds the attendance list only with names=1, and audits who took it', async () => {
			const res = await download('attendance', 'format=xlsx&names=1');
			expect(res.status).toBe(200);
			expect(res.headers.get('content-disposition')).toContain('daftar-hadir-musrenbang-uji-');
			const wb = await readXlsx(await res.arrayBuffer());
			expect(wb.worksheets.map((w) => w.name)).toEqual(['Kehadiran', 'Daftar hadir']);
			const list = worksheetRecords(wb.getWorksheet('Daftar hadir')!);
			expect(list.map((r) => [r['No.'], r.Nama, r.RT, r.RW, r.Diverifikasi])).toEqual([
				[1, residents[0], 3, 5, 'Ya'],
				[2, residents[1], 1, 5, 'Ya'],
				[3, residents[2], 1, 2, 'Tidak'],
				[4, residents[3], null, null, 'Tidak']
			]);
			const text = workbookText(wb);
			expect(text).not.toContain(duplicateName);
			expect(text).not.toContain(removedName);

			const csvRes = await download('attendance', 'format=csv&names=1');
			const csv = readCsv(
				new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csvRes.arrayBuffer())
			);
			expect(csv.header).toEqual(['No.', 'Nama', 'RT', 'RW', 'Diverifikasi']);
			expect(csv.rows.map((r) => r[1])).toEqual(residents);

			const entries = await auditOf('attendance.exported_with_names');
			expect(entries).toHaveLength(2);
			expect(entries[0]).toMatchObject({
				actorKind: 'user',
				actorId: fx.actor.id,
				subjectType: 'meeting',
				subjectId: fx.meeting.id,
				after: { format: 'xlsx', people: 4 }
			});
			expect(entries[1].after).toEqual({ format: 'csv', people: 4 });
			const logged = JSON.stringify(entries);
			for (const name of residents) expect(logged).not.toContain(name);
		});

		it('refuses without an account (a resident has none): 401, no data', async () => {
			const res = await download('attendance', 'format=csv&names=1', null);
			expect(res.status).toBe(401);
			const body = await res.text();
			for (const name of residents) expect(body).not.toContain(name);
		});

		it('answers 404 to staff of another kelurahan, and for a meeting that does not exist', async () => {
			const res = await download('usulan', 'format=csv', outsiderUser);
			expect(res.status).toBe(404);
			expect(await res.text()).not.toContain('Drainase');
			const none = await download('usulan', 'format=csv', staffUser, crypto.randomUUID());
			expect(none.status).toBe(404);
		});

		it('checks access before it reads the request', async () => {
			expect((await download('nonsense', 'format=pdf', null)).status).toBe(401);
			expect((await download('nonsense', 'format=pdf', outsiderUser)).status).toBe(404);
		});

		it.each([
			['nonsense', 'format=csv', 'Data yang diminta tidak dikenal'],
			['usulan', 'format=pdf', 'Format file tidak dikenal'],
			['usulan', '', 'Format file tidak dikenal'],
			['all', 'format=csv', 'hanya tersedia sebagai file Excel'],
			['usulan', 'format=csv&names=1', 'Nama peserta hanya bisa diunduh'],
			['attendance', 'format=csv&names=yes', 'Nilai names tidak dikenal']
		])('refuses %s?%s with 400 and says why', async (sheet, query, message) => {
			const before = (await auditOf('attendance.exported_with_names')).length;
			const res = await download(sheet, query);
			expect(res.status).toBe(400);
			expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
			expect(await res.text()).toContain(message);
			expect(await auditOf('attendance.exported_with_names')).toHaveLength(before);
		});
	});
});

describe('sheet writers', () => {
	const sheet: Sheet<'text' | 'n' | 'when'> = {
		name: 'Uji: [a/b]?',
		columns: [
			{ key: 'text', header: 'Teks' },
			{ key: 'n', header: 'Angka', numFmt: '#,##0' },
			{ key: 'when', header: 'Waktu', numFmt: 'dd/mm/yyyy hh:mm' }
		],
		rows: [
			{ text: 'baris\nbaru', n: -5, when: new Date('2027-01-16T02:00:00Z') },
			{ text: '-5', n: null, when: null },
			{ text: '\tTAB', n: 1.5, when: null },
			{ text: 'Ibu "Sri", RT 03', n: 0, when: null }
		]
	};

	it('writes RFC 4180 with CRLF, quoting only where needed, and defuses text only', () => {
		const text = toCsv(sheet);
		expect(text).toBe(
			'\uFEFFTeks,Angka,Waktu\r\n' +
				'"baris\nbaru",-5,2027-01-16 09:00\r\n' +
				"'-5,,\r\n" +
				"'\tTAB,1.5,\r\n" +
				'"Ibu ""Sri"", RT 03",0,\r\n'
		);
		expect(parseCsv(text.slice(1))[1]).toEqual(['baris\nbaru', '-5', '2027-01-16 09:00']);
	});

	it('names worksheets as Excel allows, each once', async () => {
		const wb = await readXlsx(await toXlsx([sheet, sheet]));
		expect(wb.worksheets.map((w) => w.name)).toEqual(['Uji   a b', 'Uji   a b (2)']);
		const ws = wb.worksheets[0];
		expect(ws.getRow(2).getCell(2).value).toBe(-5);
		expect(ws.getRow(2).getCell(2).numFmt).toBe('#,##0');
		expect(ws.getRow(3).getCell(1).value).toBe('-5');
	});

	it('parses a download request and names its file', () => {
		const parsed = parseExportRequest('attendance', new URLSearchParams('format=csv&names=1'));
		expect(parsed).toEqual({
			ok: true,
			request: {
				sheet: 'attendance',
				format: 'csv',
				withNames: true,
				keys: ['attendanceList'],
				fileStem: 'daftar-hadir'
			}
		});
		expect(meetingSlug('Musrenbang Kelurahan Sukamaju — Tahun 2027!')).toBe(
			'musrenbang-kelurahan-sukamaju-tahun-2027'
		);
		expect(meetingSlug('Rembuk Warga Désa Ñ')).toBe('rembuk-warga-desa-n');
		expect(meetingSlug('«»')).toBe('rapat');
		expect(
			exportFileName(
				{ title: 'Rembuk RW 05', startsAt: new Date('2027-03-01T18:30:00Z') },
				{ fileStem: 'usulan', format: 'xlsx' }
			)
		).toBe('usulan-rembuk-rw-05-2027-03-02.xlsx');
	});
});
