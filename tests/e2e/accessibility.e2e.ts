import { demo, expect, signIn, test, violations } from './fixtures.ts';

test.describe('accessibility (axe, WCAG 2.1 AA) at phone size', () => {
	test('public pages in Indonesian and English', async ({ page }) => {
		for (const path of ['/', '/login', '/tidak-ada']) {
			await page.goto(path);
			expect(await violations(page), path).toEqual([]);
		}
		await page.goto('/');
		await page.getByRole('button', { name: 'English' }).click();
		for (const path of ['/', '/login']) {
			await page.goto(path);
			expect(await violations(page), `${path} (en)`).toEqual([]);
		}
	});

	test('staff pages, including a form showing an error', async ({ page }) => {
		await signIn(page, { ...demo.admin, password: 'wrong-password' });
		expect(await violations(page), 'login with error').toEqual([]);
		await signIn(page, demo.admin);
		for (const path of ['/staff', '/staff/users', '/staff/account']) {
			await page.goto(path);
			expect(await violations(page), path).toEqual([]);
		}
	});

	test('meeting pages for the facilitator: list, form with errors, console, projector, participants', async ({
		page
	}) => {
		await signIn(page, demo.facilitator);
		await expect(page).toHaveURL(/\/staff$/);
		await page.goto('/staff/meetings');
		expect(await violations(page), '/staff/meetings').toEqual([]);
		await page.goto('/staff/meetings/new');
		expect(await violations(page), 'new meeting').toEqual([]);
		await page.getByLabel('Pagu indikatif (Rp)').fill('150,000');
		await page.getByRole('button', { name: 'Simpan musyawarah' }).click();
		await expect(page.getByRole('alert').first()).toBeVisible();
		expect(await violations(page), 'new meeting with errors').toEqual([]);

		await page.goto('/staff/meetings');
		await page.getByRole('link', { name: 'Musrenbang Kelurahan Rejosari 2027' }).click();
		await expect(page.getByText('Tersambung')).toBeVisible();
		const consoleUrl = page.url();
		expect(await violations(page), 'console').toEqual([]);
		for (const sub of ['edit', 'projector', 'participants']) {
			await page.goto(`${consoleUrl}/${sub}`);
			expect(await violations(page), sub).toEqual([]);
		}
	});

	test('resident pages: join, the join form with errors, the board with the editor open', async ({
		page,
		browser,
		baseURL
	}) => {
		await signIn(page, demo.facilitator);
		await expect(page).toHaveURL(/\/staff$/);
		await page.goto('/staff/meetings');
		await page.getByRole('link', { name: 'Musrenbang Kelurahan Rejosari 2027' }).click();
		const code = (await page.getByText(/^Kode: /).textContent())!.replace('Kode: ', '');

		const phone = await browser.newContext({
			baseURL,
			viewport: { width: 390, height: 844 },
			isMobile: true,
			locale: 'id-ID'
		});
		const resident = await phone.newPage();
		await resident.goto('/join');
		expect(await violations(resident), '/join').toEqual([]);
		await resident.getByLabel('Kode musyawarah').fill('XXXXXX');
		await resident.getByRole('button', { name: 'Lanjut' }).click();
		await expect(resident.getByRole('alert')).toBeVisible();
		expect(await violations(resident), '/join with a wrong code').toEqual([]);
		await resident.getByLabel('Kode musyawarah').fill(code);
		await resident.getByRole('button', { name: 'Lanjut' }).click();
		expect(await violations(resident), '/j/[code]').toEqual([]);
		await resident.getByRole('button', { name: 'Masuk ke musyawarah' }).click();
		await expect(resident.getByRole('alert').first()).toBeVisible();
		expect(await violations(resident), '/j/[code] with errors').toEqual([]);
		await resident.getByLabel('Nama', { exact: true }).fill('Warga Uji');
		await resident.getByLabel('RT', { exact: true }).fill('1');
		await resident.getByLabel('RW', { exact: true }).fill('1');
		await resident.getByRole('button', { name: 'Masuk ke musyawarah' }).click();
		await expect(resident.getByText('Tersambung')).toBeVisible();
		expect(await violations(resident), '/m/[id]').toEqual([]);
		await resident.getByText('Tambah usulan', { exact: true }).first().click();
		await resident
			.getByRole('button', { name: /^Ubah usulan / })
			.first()
			.click();
		expect(await violations(resident), '/m/[id] with the editor and the add form open').toEqual([]);
		await phone.close();
	});

	test('keyboard: the skip link and every control are reachable and visibly focused', async ({
		page
	}) => {
		await page.goto('/login');
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: 'Langsung ke isi halaman' });
		await expect(skip).toBeFocused();
		await expect(skip).toBeInViewport();
		await page.keyboard.press('Enter');
		await page.keyboard.press('Tab');
		await expect(page.getByLabel('Nama pengguna')).toBeFocused();
		const outline = await page
			.getByLabel('Nama pengguna')
			.evaluate((el) => getComputedStyle(el).outlineStyle);
		expect(outline).not.toBe('none');
	});
});
