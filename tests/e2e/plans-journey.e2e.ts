import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { demo, expect, signIn, test, violations } from './fixtures.ts';

/**
 * Journeys 6–7 as issue 6 describes them, on the finished demo meeting (Musrenbang 2026): a staff
 * member turns its agreed decisions into a plan — one item from two merged decisions, one from a
 * single decision, one unfunded usulan carried over —, fills the fields, approves the plan and
 * records progress; residents' public page shows each usulan's fate without anyone's name; the
 * berita acara page and PDF hold the attendance figures, the vote tallies and the decisions; and
 * the CSV and XLSX downloads open with their rows.
 */

const MEETING = 'Musrenbang Kelurahan Rejosari 2026';
const PLAN = 'RKP Kelurahan 2027 (uji e2e)';
const DRAINASE = 'Perbaikan saluran drainase RT 02 RW 05';
const SALURAN = 'Normalisasi saluran air RT 03 RW 05';
const MENJAHIT = 'Pelatihan menjahit untuk ibu-ibu PKK';
const SANGGAR = 'Sanggar tari anak';
const LAMPU = 'Lampu penerangan jalan tembus RW 02 – RW 04';
/** Names in the demo meeting: an elected delegate and the facilitator. */
const PEOPLE = ['Sri Mulyani', 'Wahyu Hidayat', 'Sri Wahyuni'];

test.use({ viewport: { width: 1366, height: 900 }, isMobile: false, hasTouch: false });

async function fill(page: Page, values: Record<string, string>) {
	for (const [name, value] of Object.entries(values)) {
		await page.locator(`form [name="${name}"]`).first().fill(value);
	}
}

/** Ticks decisions in the inbox by their usulan titles and makes one item of them in `PLAN`. */
async function pickDecisions(page: Page, titles: string[]) {
	await page.goto('/staff/plans', { waitUntil: 'networkidle' });
	for (const t of titles) await page.getByLabel(t, { exact: true }).check();
	await page.getByLabel('Masukkan ke rencana').selectOption({ label: `${PLAN} (Draf)` });
	await page.getByRole('button', { name: 'Buat butir rencana' }).click();
	await expect(page.getByRole('button', { name: 'Simpan butir rencana' })).toBeVisible();
}

/** Pulls the text out of a PDF, page by page, with pdfjs in the browser-free legacy build. */
async function pdfText(bytes: Buffer): Promise<string> {
	const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
	const doc = await pdfjs.getDocument({
		data: new Uint8Array(bytes),
		standardFontDataUrl: `${process.cwd()}/node_modules/pdfjs-dist/standard_fonts/`
	}).promise;
	let text = '';
	for (let i = 1; i <= doc.numPages; i++) {
		const content = await (await doc.getPage(i)).getTextContent();
		text += content.items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
	}
	return text.replace(/\s+/g, ' ');
}

test('staff plan the decisions, residents see each usulan’s fate, the minutes and exports hold the record', async ({
	page
}) => {
	test.setTimeout(180_000);
	await signIn(page, demo.staff);
	await expect(page).toHaveURL(/\/staff/);

	// The finished meeting, from the staff's list of meetings.
	await page.goto('/staff/meetings');
	await page.getByRole('link', { name: MEETING }).first().click();
	await expect(page).toHaveURL(/\/staff\/meetings\/[0-9a-f-]{36}/);
	const meetingId = /\/staff\/meetings\/([0-9a-f-]{36})/.exec(page.url())![1];

	// A plan for next year.
	await page.goto('/staff/plans', { waitUntil: 'networkidle' });
	await expect(
		page.getByRole('heading', { name: 'Keputusan yang belum masuk rencana' })
	).toBeVisible();
	await expect(page.getByLabel(DRAINASE, { exact: true })).toBeVisible();
	// The form is open while there is no plan yet (otherwise behind "Buat rencana").
	if (!(await page.getByLabel('Judul rencana').isVisible()))
		await page.getByText('Buat rencana', { exact: true }).first().click();
	await page.getByLabel('Judul rencana').fill(PLAN);
	await page.getByLabel('Tahun anggaran').fill('2027');
	await page.getByRole('button', { name: 'Buat rencana' }).click();
	await expect(page.getByRole('heading', { name: PLAN, level: 1 })).toBeVisible();

	// Item 1: the two drainage decisions are one piece of work.
	await pickDecisions(page, [DRAINASE, SALURAN]);
	await expect(page.locator('form [name="activity"]')).toHaveValue(DRAINASE);
	await fill(page, {
		activity: 'Perbaikan dan normalisasi saluran RT 02–03 RW 05',
		output: 'Saluran 350 m berfungsi',
		indicatorName: 'Rumah bebas genangan',
		indicatorUnit: 'rumah',
		indicatorBaseline: '0',
		indicatorTarget: '120',
		budget: '150 juta',
		'funding.dana_kelurahan': '120 juta',
		'funding.swadaya': '20 juta',
		responsibleName: 'Seksi Pembangunan',
		'partners.0.name': 'Karang Taruna RW 05',
		startDate: '2027-03-01',
		endDate: '2027-08-31'
	});
	await page.locator('form [name="partners.0.kind"]').selectOption('kelompok_warga');
	// The sources add up to 140 juta, not 150: refused, and nothing typed is lost.
	await page.getByRole('button', { name: 'Simpan butir rencana' }).click();
	await expect(
		page.getByText(
			/Jumlah sumber dana \(Rp\s?140\.000\.000\) belum sama dengan anggaran \(Rp\s?150\.000\.000\)/
		)
	).toBeVisible();
	await expect(page.locator('form [name="output"]')).toHaveValue('Saluran 350 m berfungsi');
	await page.locator('form [name="funding.swadaya"]').fill('30 juta');
	await page.getByRole('button', { name: 'Simpan butir rencana' }).click();
	await expect(page.getByText('Butir rencana tersimpan.')).toBeVisible();

	// Item 2: one decision.
	await pickDecisions(page, [MENJAHIT]);
	await fill(page, {
		output: '20 peserta terlatih',
		indicatorName: 'Peserta membuka usaha jahit',
		indicatorUnit: 'orang',
		indicatorBaseline: '0',
		indicatorTarget: '10',
		budget: '25 juta',
		'funding.dana_kelurahan': '',
		'funding.csr': '25 juta',
		startDate: '2027-04-01',
		endDate: '2027-06-30'
	});
	await page.locator('form [name="responsibleKind"]').selectOption('lsm');
	await page.locator('form [name="responsibleName"]').fill('Yayasan Perempuan Mandiri');
	await page.getByRole('button', { name: 'Simpan butir rencana' }).click();
	await expect(page.getByText('Butir rencana tersimpan.')).toBeVisible();

	// Item 3: agreed, but the plan cannot fund it this year.
	await pickDecisions(page, [SANGGAR]);
	await page.getByLabel('Tidak didanai tahun ini — bawa ke tahun berikutnya').check();
	await page
		.locator('form [name="carryOverReason"]')
		.fill('Pagu 2027 tidak cukup; diusulkan lagi 2028');
	await page.getByRole('button', { name: 'Simpan butir rencana' }).click();
	await expect(page.getByText('Butir rencana tersimpan.')).toBeVisible();

	// The carried-over decision waits in the inbox for next year, marked.
	await page.goto('/staff/plans', { waitUntil: 'networkidle' });
	await expect(
		page.getByText(/Dibawa dari RKP Kelurahan 2027 \(uji e2e\).*Pagu 2027 tidak cukup/)
	).toBeVisible();
	await expect(page.getByLabel(DRAINASE, { exact: true })).toHaveCount(0);

	// Approve the plan, then report progress on the merged item.
	await page.getByRole('link', { name: PLAN }).click();
	await page.getByText('Setujui rencana…').click();
	await page.getByRole('button', { name: 'Ya, Setujui rencana' }).click();
	await expect(page.getByText('Disetujui', { exact: true }).first()).toBeVisible();
	expect(await violations(page)).toEqual([]);
	await page
		.getByRole('link', { name: 'Perbaikan dan normalisasi saluran RT 02–03 RW 05' })
		.first()
		.click();
	await page.getByLabel('Tanggal laporan').fill('2027-05-15');
	await page.getByLabel('Kemajuan (%)').fill('40');
	await page.getByLabel('Realisasi anggaran (Rp)').fill('55 juta');
	await page.getByLabel(/Nilai indikator/).fill('35');
	await page.getByRole('button', { name: 'Catat kemajuan' }).click();
	await expect(page.getByText('Kemajuan dicatat.')).toBeVisible();
	await expect(page.getByRole('cell', { name: '40%', exact: true })).toBeVisible();
	// The trail back to the meeting: both usulan, the vote, proposers' RT/RW but no names.
	await expect(page.getByText(DRAINASE).first()).toBeVisible();
	await expect(page.getByText(SALURAN).first()).toBeVisible();
	await expect(
		page.getByText('Penentuan prioritas usulan dalam pagu Rp 400 juta').first()
	).toBeVisible();
	expect(await violations(page)).toEqual([]);

	// Residents: the public page, without signing in, shows each usulan's fate and no one's name.
	const visitor = await page
		.context()
		.browser()!
		.newContext({ baseURL: new URL(page.url()).origin });
	const resident = await visitor.newPage();
	await resident.setViewportSize({ width: 390, height: 844 });
	await resident.goto(`/hasil/${meetingId}`);
	const card = (title: string) =>
		resident.locator('li, article').filter({ hasText: title }).first();
	await expect(card(DRAINASE)).toContainText(/40\s?%/);
	await expect(card(SALURAN)).toContainText(/40\s?%/);
	await expect(card(MENJAHIT)).toContainText('RKP Kelurahan 2027');
	await expect(card(SANGGAR)).toContainText('Pagu 2027 tidak cukup');
	await expect(card(LAMPU)).toContainText('Ditunda');
	const html = await resident.content();
	for (const name of PEOPLE) expect(html).not.toContain(name);
	expect(await violations(resident)).toEqual([]);
	await visitor.close();

	// The berita acara: attendance figures, tallies and decisions, on the page and in the PDF.
	await page.goto(`/staff/meetings/${meetingId}/berita-acara`);
	await page.getByLabel('Nama ketua / pimpinan musyawarah').fill('Drs. Bambang Sutrisno');
	await page.getByLabel('Nama sekretaris / notulis').fill('Rina Marlina');
	await page.getByLabel('Nama sekretaris / notulis').press('Enter');
	const ba = page.locator('main');
	await expect(ba).toContainText('Drs. Bambang Sutrisno');
	await expect(ba).toContainText('24'); // came
	await expect(ba).toContainText('Penentuan prioritas usulan dalam pagu Rp 400 juta');
	await expect(ba).toContainText('Menyetujui daftar prioritas sebagai hasil Musrenbang');
	await expect(ba).toContainText('Sri Mulyani'); // elected delegate: the minutes name them
	expect(await violations(page)).toEqual([]);
	const pdfHref = await page.getByRole('link', { name: 'Unduh PDF' }).getAttribute('href');
	const pdf = await page.request.get(pdfHref!);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	const text = await pdfText(await pdf.body());
	expect(text).toContain(MEETING);
	expect(text).toContain('Drs. Bambang Sutrisno');
	expect(text).toContain('Rina Marlina');
	expect(text).toContain(DRAINASE);
	expect(text).toContain('Sri Mulyani');
	expect(text).toMatch(/Disepakati/);
	expect(text).toMatch(/Ditunda/);

	// Exports: the usulan for SIPD as CSV, every table as XLSX, the plan's items as XLSX.
	await page.goto(`/staff/meetings/${meetingId}/export`);
	await expect(page.getByRole('heading', { name: 'Semua dalam satu file Excel' })).toBeVisible();
	const exportOf = (sheet: string, format: string) =>
		`/staff/meetings/${meetingId}/export/${sheet}?format=${format}`;
	const csv = (await (await page.request.get(exportOf('usulan', 'csv'))).text()).replace(
		/^\uFEFF/,
		''
	);
	const lines = csv.split('\r\n').filter((l) => l !== '');
	expect(lines[0]).toBe(
		'Peringkat,Kegiatan,Lokasi,RT,RW,Volume,Satuan,Bidang,Perkiraan biaya (Rp),Sumber dana,Masalah,Jumlah pengusul,Versi daftar'
	);
	expect(lines).toHaveLength(9);
	expect(lines[1]).toMatch(new RegExp(`^1,${DRAINASE},`));

	const workbook = async (href: string) => {
		const res = await page.request.get(href);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
		return wb;
	};
	const all = await workbook(exportOf('all', 'xlsx'));
	expect(all.worksheets.map((w) => w.name)).toEqual([
		'Usulan',
		'Hasil pemungutan suara',
		'Kehadiran'
	]);
	const votes = all.getWorksheet('Hasil pemungutan suara')!;
	const voteRows = votes.getSheetValues().filter(Boolean) as unknown[][];
	expect(voteRows.some((r) => r.includes(DRAINASE))).toBe(true);

	await page.goto('/staff/plans');
	await page.getByRole('link', { name: PLAN }).click();
	const planXlsx = await page.getByRole('link', { name: 'Excel (XLSX)' }).getAttribute('href');
	const planBook = await workbook(planXlsx!);
	const items = planBook.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
	expect(items).toHaveLength(4); // header + 3 items
	expect(
		items.some(
			(r) => r.includes('Perbaikan dan normalisasi saluran RT 02–03 RW 05') && r.includes(40)
		)
	).toBe(true);
});
