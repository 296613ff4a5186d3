import type { Browser, Page } from '@playwright/test';
import { demo, expect, signIn, test } from './fixtures.ts';

/**
 * Journeys 4–5, first part: the facilitator puts a motion to the room (setuju / tidak setuju /
 * abstain), two phones vote and one changes its mind, everybody sees the same live tally, the
 * vote closes and the decision is recorded.
 */

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
	// Typed straight after the page arrives, before Svelte has taken over the form: a resident on
	// a slow phone does that, and what they typed must survive hydration.
	await page.goto(`/j/${code}`, { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Nama', { exact: true }).fill(name);
	await page.getByLabel('RT', { exact: true }).fill('1');
	await page.getByLabel('RW', { exact: true }).fill('2');
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Nama', { exact: true })).toHaveValue(name);
	await page.getByRole('button', { name: 'Masuk ke musyawarah' }).click();
	await expect(page.getByText('Tersambung')).toBeVisible();
}

async function vote(page: Page, answer: 'Setuju' | 'Tidak setuju' | 'Abstain') {
	await page.getByRole('button', { name: answer, exact: true }).click();
	await page.getByRole('button', { name: 'Ya, kirim' }).click();
	await expect(page.getByText('Suara Anda tercatat.')).toBeVisible();
}

test('a motion put to the room: phones vote, one changes its vote, the tally is shared, the decision is recorded', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
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
	await console_.getByLabel('Judul').fill('Rembuk RW 02: kerja bakti');
	await console_.getByLabel('Tanggal dan jam mulai').fill('2027-03-07T08:00');
	await console_.getByRole('button', { name: 'Simpan musyawarah' }).click();
	await console_.getByRole('button', { name: 'Buka pendaftaran warga' }).click();
	await expect(console_.getByText('Sekarang: Pendaftaran dibuka')).toBeVisible();
	const code = (await console_.getByText(/^Kode: /).textContent())!.replace(/^Kode: |-/g, '');
	const consoleUrl = console_.url();

	const [ani, budi] = [await phone(browser, baseURL!), await phone(browser, baseURL!)];
	await join(ani.page, code, 'Ani');
	await join(budi.page, code, 'Budi');

	// Prepare the motion, move the meeting to voting, open it.
	await console_.getByRole('button', { name: 'Mulai pengumpulan usulan' }).click();
	await expect(console_.getByText('Sekarang: Pengumpulan usulan')).toBeVisible();
	await console_.getByRole('button', { name: 'Tutup usulan, mulai pemungutan suara' }).click();
	await expect(console_.getByText('Sekarang: Pemungutan suara')).toBeVisible();
	await console_.goto(`${consoleUrl}/votes`);
	await console_.getByLabel('Judul / pertanyaan').fill('Kerja bakti setiap Minggu pertama?');
	await console_.getByLabel('Pilihan yang saya tulis sendiri').check();
	await console_.getByLabel('Cara memilih').selectOption('yes_no');
	await console_.getByRole('button', { name: 'Simpan sebagai draf' }).click();
	await console_.getByRole('button', { name: 'Buka', exact: true }).click();
	await expect(console_.getByText('Pemungutan suara dibuka.')).toBeVisible();

	// Both phones get the ballot without reloading; they vote.
	for (const p of [ani, budi]) {
		await expect(p.page.getByText('Kerja bakti setiap Minggu pertama?')).toBeVisible();
	}
	await vote(ani.page, 'Setuju');
	await vote(budi.page, 'Tidak setuju');
	for (const p of [ani, budi]) {
		await expect(p.page.getByText('2 dari 2 sudah memilih')).toBeVisible();
	}

	// Budi changes his mind: still two voters, now both in favour.
	await budi.page.getByRole('button', { name: 'Anda sudah memilih — ubah pilihan?' }).click();
	await vote(budi.page, 'Setuju');
	await console_.goto(consoleUrl);
	await expect(console_.getByText('2 dari 2 sudah memilih')).toBeVisible();

	// Close from the console; the phones show the final result.
	await console_.getByRole('button', { name: 'Tutup sekarang' }).click();
	for (const p of [ani, budi]) {
		await expect(p.page.getByText('Hasil akhir')).toBeVisible();
		await expect(p.page.getByText('Disetujui').first()).toBeVisible();
	}

	// Record the decision on the votes page; it stays in the record.
	await console_.goto(`${consoleUrl}/votes`);
	await console_.getByLabel('Keputusan', { exact: true }).selectOption('agreed');
	await console_.getByRole('button', { name: 'Catat keputusan' }).click();
	await expect(console_.getByText('Keputusan dicatat.')).toBeVisible();
	await console_.reload();
	await expect(
		console_.getByRole('listitem').filter({ hasText: 'Disepakati: Keputusan atas pertanyaan ini' })
	).toBeVisible();

	for (const p of [ani, budi]) await p.context.close();
	await staff.close();
});
