import type { Browser, Locator, Page } from '@playwright/test';
import { demo, expect, signIn, test, violations } from './fixtures.ts';

/**
 * Journeys 4–5 as issue 5 describes them: the facilitator opens a dot vote on the final list and
 * a yes/no vote; five phones vote; the projector and every phone show the same tally; one phone
 * changes its ballot; the timer closes the dot vote; a show of hands is added to both; the
 * decisions are recorded (a confirmed priority list, an agreed motion); and the meeting record
 * holds the votes, their counts by source and the decisions. A late sixth phone without
 * JavaScript joins and votes through the server-rendered forms.
 */

const residents = ['Ani', 'Budi', 'Citra', 'Dedi', 'Eka'] as const;
const usulan = [
	{ title: 'Drainase gang Melati', sector: 'infrastruktur', estimatedCost: 85_000_000 },
	{ title: 'Pelatihan menjahit ibu-ibu', sector: 'pendidikan', estimatedCost: 25_000_000 },
	{ title: 'Posyandu lansia RW 02', sector: 'kesehatan', estimatedCost: 6_500_000 }
];
const DOTS_TITLE = 'Prioritas usulan: bagi 3 titik';
const MOTION_TITLE = 'Kerja bakti setiap Minggu pertama?';

async function phone(browser: Browser, baseURL: string) {
	const context = await browser.newContext({
		baseURL,
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true,
		locale: 'id-ID'
	});
	return { context, page: await context.newPage() };
}

async function join(page: Page, code: string, name: string) {
	await page.goto(`/j/${code}`);
	await page.getByLabel('Nama', { exact: true }).fill(name);
	await page.getByLabel('RT', { exact: true }).fill('1');
	await page.getByLabel('RW', { exact: true }).fill('2');
	await page.getByRole('button', { name: 'Masuk ke musyawarah' }).click();
	await expect(page.getByText('Tersambung')).toBeVisible();
}

/** Dots by usulan index, through the + buttons, then send and confirm. */
async function giveDots(page: Page, dots: Partial<Record<0 | 1 | 2, number>>) {
	await expect(page.getByText(/Bagikan 3 titik/)).toBeVisible();
	for (const [index, count] of Object.entries(dots)) {
		const add = page.getByRole('button', {
			name: `Tambah titik untuk ${usulan[Number(index)].title}`
		});
		for (let i = 0; i < count; i++) await add.click();
	}
	await expect(page.getByText('Sisa 0 titik')).toBeVisible();
	await page.getByRole('button', { name: 'Kirim pilihan' }).last().click();
	await page.getByRole('button', { name: 'Ya, kirim' }).click();
	await expect(page.getByText('Suara Anda tercatat.')).toBeVisible();
}

async function answer(page: Page, choice: 'Setuju' | 'Tidak setuju') {
	await expect(page.getByText(MOTION_TITLE)).toBeVisible();
	await page.getByRole('button', { name: choice, exact: true }).click();
	await page.getByRole('button', { name: 'Ya, kirim' }).click();
	await expect(page.getByText('Suara Anda tercatat.')).toBeVisible();
}

/**
 * The tally a screen shows, as "name=count" per row, sorted. Phones draw it with VoteResult and
 * the projector with TallyBars; the names and numbers must be the same.
 */
const standings = (scope: Page | Locator) =>
	scope
		.locator('.bars')
		.first()
		.locator('li')
		.evaluateAll((rows) =>
			rows
				.map((li) => {
					const name = (li.querySelector('.name')?.textContent ?? '')
						.replace(/\((seri|tied)\)/, '')
						.replace(/^\s*\d+\.\s*/, '')
						.replace(/\s+/g, ' ')
						.trim();
					const count = (li.querySelector('.amount, .value')?.textContent ?? '').match(/\d+/);
					return `${name}=${count?.[0] ?? '?'}`;
				})
				.sort()
		);

/** Every screen shows `expected` as its tally. */
async function sameTally(screens: Page[], expected: string[]) {
	for (const s of screens) {
		await expect.poll(() => standings(s)).toEqual([...expected].sort());
	}
}

test('issue 5 journey: a dot vote and a motion, five phones, the projector, timer, hands, decisions, record', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	const staff = await browser.newContext({
		baseURL,
		viewport: { width: 1280, height: 800 },
		locale: 'id-ID'
	});
	const console_ = await staff.newPage();
	console_.on('dialog', (d) => void d.accept());
	await signIn(console_, demo.facilitator);
	await expect(console_).toHaveURL(/\/staff$/);

	await console_.goto('/staff/meetings/new');
	await console_.getByLabel('Judul').fill('Musrenbang Kelurahan: uji pemungutan suara');
	await console_.getByLabel('Tanggal dan jam mulai').fill('2027-02-10T08:00');
	await console_.getByRole('button', { name: 'Simpan musyawarah' }).click();
	await console_.getByRole('button', { name: 'Buka pendaftaran warga' }).click();
	await expect(console_.getByText('Sekarang: Pendaftaran dibuka')).toBeVisible();
	const code = (await console_.getByText(/^Kode: /).textContent())!.replace(/^Kode: |-/g, '');
	const consoleUrl = console_.url();
	const meetingId = new URL(consoleUrl).pathname.split('/').at(-1)!;

	const phones = [];
	for (const name of residents) {
		const p = await phone(browser, baseURL!);
		await join(p.page, code, name);
		phones.push(p);
	}

	// Three usulan on the board, the final list saved, then the voting stage.
	await console_.getByRole('button', { name: 'Mulai pengumpulan usulan' }).click();
	await expect(console_.getByText('Sekarang: Pengumpulan usulan')).toBeVisible();
	for (const u of usulan) {
		const added = await console_.request.post(`/api/v1/meetings/${meetingId}/board/items`, {
			data: { ...u, fundingSource: 'dana_kelurahan', rt: 1, rw: 2 },
			headers: { origin: new URL(baseURL!).origin }
		});
		expect(added.status()).toBe(201);
	}
	await console_.reload();
	await console_.getByRole('button', { name: 'Simpan daftar usulan final' }).click();
	await expect(console_.getByText('Versi 1 tersimpan: 3 usulan.')).toBeVisible();
	await console_.getByRole('button', { name: 'Tutup usulan, mulai pemungutan suara' }).click();
	await expect(console_.getByText('Sekarang: Pemungutan suara')).toBeVisible();

	// The dot vote: 3 dots each, at most 2 on one usulan, closing itself after one minute.
	await console_.goto(`${consoleUrl}/votes`);
	await console_.getByLabel('Judul / pertanyaan').fill(DOTS_TITLE);
	await console_.getByLabel('Usulan dari daftar final').check();
	await console_.getByLabel('Cara memilih').selectOption('dots');
	await console_.getByLabel('Jumlah titik tiap orang').fill('3');
	await console_.getByLabel('Paling banyak titik pada satu pilihan').fill('2');
	await console_.getByLabel('Lama pemungutan suara (menit)').fill('1');
	await console_.getByRole('button', { name: 'Simpan sebagai draf' }).click();
	await console_.getByRole('button', { name: 'Buka', exact: true }).click();
	await expect(console_.getByText('Pemungutan suara dibuka.')).toBeVisible();

	const projector = await staff.newPage();
	await projector.setViewportSize({ width: 1366, height: 768 });
	await projector.goto(`${consoleUrl}/projector`);
	await expect(projector.getByText(DOTS_TITLE)).toBeVisible();

	const [ani, budi, citra, dedi, eka] = phones.map((p) => p.page);
	await expect(ani.getByText(/Bagikan 3 titik/)).toBeVisible();
	expect(await violations(ani), 'phone: dot ballot').toEqual([]);
	await giveDots(ani, { 0: 2, 1: 1 });
	await giveDots(budi, { 0: 1, 2: 2 });
	await giveDots(citra, { 1: 2, 2: 1 });
	await giveDots(dedi, { 0: 2, 2: 1 });
	await giveDots(eka, { 1: 1, 2: 2 });
	// Eka changes her mind while the vote is open.
	await eka.getByRole('button', { name: 'Anda sudah memilih — ubah pilihan?' }).click();
	await eka.getByRole('button', { name: `Kurangi titik untuk ${usulan[2].title}` }).click();
	await eka.getByRole('button', { name: `Kurangi titik untuk ${usulan[2].title}` }).click();
	await eka.getByRole('button', { name: `Kurangi titik untuk ${usulan[1].title}` }).click();
	await giveDots(eka, { 0: 2, 1: 1 });

	// Drainase 2+1+2+2 = 7, Pelatihan 1+2+1 = 4, Posyandu 2+1+1 = 4: the same on all six screens.
	for (const p of [...phones.map((x) => x.page), projector]) {
		await expect(p.getByText('5 dari 5 sudah memilih')).toBeVisible();
	}
	await sameTally(
		[projector, ...phones.map((p) => p.page)],
		[`${usulan[0].title}=7`, `${usulan[1].title}=4`, `${usulan[2].title}=4`]
	);

	expect(await violations(projector), 'projector: live tally').toEqual([]);

	// Nobody closes it: the timer does, and every phone shows the final result.
	for (const p of phones) {
		await expect(p.page.getByText('Hasil akhir')).toBeVisible({ timeout: 75_000 });
	}

	expect(await violations(ani), 'phone: final result').toEqual([]);

	// A show of hands from two people without a phone, then the priority list is confirmed.
	await console_.reload();
	const dotsCard = console_.locator('section.vote').filter({ hasText: DOTS_TITLE });
	await dotsCard.getByText('Tambah hitungan angkat tangan / kertas').click();
	await dotsCard.getByLabel('Jumlah orang yang ikut memilih').fill('2');
	await dotsCard.getByLabel(usulan[0].title, { exact: true }).fill('1');
	await dotsCard.getByLabel(usulan[1].title, { exact: true }).fill('3');
	await dotsCard.getByLabel(usulan[2].title, { exact: true }).fill('2');
	await dotsCard.getByLabel('Catatan (tidak wajib)').first().fill('Dua lansia tanpa HP');
	await dotsCard.getByRole('button', { name: 'Tambahkan hitungan' }).click();
	await expect(console_.getByText('Hitungan disimpan dan ditambahkan ke hasil.')).toBeVisible();
	const dotsCardAgain = console_.locator('section.vote').filter({ hasText: DOTS_TITLE });
	// The priority form stands open until the list is confirmed.
	await dotsCardAgain.getByRole('button', { name: 'Tetapkan urutan prioritas' }).click();
	await expect(console_.getByText('Urutan prioritas ditetapkan.')).toBeVisible();

	// Fajar arrives late on a phone that runs no JavaScript: he joins and votes with plain forms.
	const noScript = await browser.newContext({
		baseURL,
		javaScriptEnabled: false,
		viewport: { width: 390, height: 844 },
		locale: 'id-ID'
	});
	const fajar = await noScript.newPage();
	await fajar.goto(`/j/${code}`);
	await fajar.getByLabel('Nama', { exact: true }).fill('Fajar');
	await fajar.getByLabel('RT', { exact: true }).fill('3');
	await fajar.getByLabel('RW', { exact: true }).fill('2');
	await fajar.getByRole('button', { name: 'Masuk ke musyawarah' }).click();
	await expect(fajar).toHaveURL(/\/m\//);

	// The motion, closed by the facilitator, with hands added.
	await console_.getByLabel('Judul / pertanyaan').fill(MOTION_TITLE);
	await console_.getByLabel('Pilihan yang saya tulis sendiri').check();
	await console_.getByLabel('Cara memilih').selectOption('yes_no');
	await console_.getByRole('button', { name: 'Simpan sebagai draf' }).click();
	await console_.getByRole('button', { name: 'Buka', exact: true }).click();
	await expect(console_.getByText('Pemungutan suara dibuka.')).toBeVisible();
	await answer(ani, 'Setuju');
	await answer(budi, 'Setuju');
	await answer(citra, 'Tidak setuju');
	await answer(dedi, 'Setuju');
	await answer(eka, 'Setuju');
	await fajar.reload();
	await fajar.getByText('Setuju', { exact: true }).click();
	await fajar.getByRole('button', { name: 'Kirim pilihan' }).click();
	await expect(fajar.getByTestId('ballot-receipt')).toBeVisible();
	await expect(projector.getByText(MOTION_TITLE)).toBeVisible();
	await sameTally(
		[projector, ...phones.map((p) => p.page)],
		['Setuju=5', 'Tidak setuju=1', 'Abstain=0']
	);
	await console_.goto(consoleUrl);
	await console_.getByRole('button', { name: 'Tutup sekarang' }).click();
	for (const p of phones) await expect(p.page.getByText('Hasil akhir')).toBeVisible();

	await console_.goto(`${consoleUrl}/votes`);
	const motionCard = console_.locator('section.vote').filter({ hasText: MOTION_TITLE });
	await motionCard.getByText('Tambah hitungan angkat tangan / kertas').click();
	await motionCard.getByLabel('Jumlah orang yang ikut memilih').fill('3');
	await motionCard.getByLabel('Setuju', { exact: true }).fill('2');
	await motionCard.getByLabel('Tidak setuju', { exact: true }).fill('1');
	await motionCard.getByLabel('Abstain', { exact: true }).fill('0');
	await motionCard.getByRole('button', { name: 'Tambahkan hitungan' }).click();
	await expect(console_.getByText('Hitungan disimpan dan ditambahkan ke hasil.')).toBeVisible();
	const motionCardAgain = console_.locator('section.vote').filter({ hasText: MOTION_TITLE });
	await motionCardAgain.getByLabel('Keputusan', { exact: true }).selectOption('agreed');
	await motionCardAgain.getByRole('button', { name: 'Catat keputusan' }).click();
	await expect(console_.getByText('Keputusan dicatat.')).toBeVisible();

	expect(await violations(console_), 'votes page with counts and decisions').toEqual([]);

	// The meeting record: both votes with phone and hands counts apart, and the decisions.
	await console_.goto(`${consoleUrl}/record`);
	await expect(console_.getByRole('heading', { name: 'Catatan rapat' })).toBeVisible();
	const record = console_.locator('main');
	await expect(record).toContainText(DOTS_TITLE);
	await expect(record).toContainText(MOTION_TITLE);
	await expect(record).toContainText('Dua lansia tanpa HP');
	const decisions = console_.getByRole('table', { name: 'Keputusan musyawarah' });
	await expect(decisions).toContainText(usulan[0].title);
	await expect(decisions).toContainText('Disepakati');
	await expect(decisions.getByRole('row')).toHaveCount(1 + usulan.length + 1);
	// Drainase: 7 dots from phones and 1 by hand — 8 in all.
	const breakdown = record
		.getByRole('table', { name: 'Rincian suara: HP / angkat tangan / kertas / jumlah' })
		.first()
		.getByRole('row')
		.filter({ hasText: usulan[0].title });
	await expect(breakdown.getByRole('rowheader')).toHaveText(usulan[0].title);
	await expect(breakdown.getByRole('cell')).toHaveText(['7', '1', '0', '8']);

	expect(await violations(console_), 'meeting record').toEqual([]);

	for (const p of phones) await p.context.close();
	await noScript.close();
	await staff.close();
});
