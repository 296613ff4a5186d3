import { demo, expect, signIn, test } from './fixtures.ts';

test.describe('staff sign-in journey', () => {
	test('in Indonesian: landing page, sign in as the facilitator, sign out', async ({ page }) => {
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Ikut musyawarah kelurahan dari HP Anda'
		);
		await expect(page.getByRole('heading', { name: 'Untuk warga: cara ikut' })).toBeVisible();
		await page.getByRole('link', { name: 'Masuk sebagai petugas' }).click();
		await expect(page).toHaveURL(/\/login$/);

		await signIn(page, { ...demo.facilitator, password: 'salah-sekali' });
		await expect(page.getByRole('alert')).toHaveText('Nama pengguna atau kata sandi salah.');
		// the username stays, the password does not
		await expect(page.getByLabel('Nama pengguna')).toHaveValue(demo.facilitator.username);

		await signIn(page, demo.facilitator);
		await expect(page).toHaveURL(/\/staff$/);
		await expect(page.getByRole('heading', { name: 'Ruang petugas' })).toBeVisible();
		await expect(page.getByText('Peran Anda: Fasilitator.')).toBeVisible();
		await expect(page.getByText('Ekonomi lokal & UMKM')).toBeVisible();
		// a facilitator does not manage accounts
		await expect(page.getByRole('link', { name: 'Kelola akun petugas' })).toHaveCount(0);
		const denied = await page.goto('/staff/users');
		expect(denied?.status()).toBe(403);
		await expect(page.getByRole('heading', { name: 'Tidak boleh dibuka' })).toBeVisible();

		await page.goto('/staff');
		await page.getByRole('button', { name: 'Keluar' }).click();
		await expect(page.getByRole('status')).toHaveText('Anda sudah keluar.');
		await page.goto('/staff');
		await expect(page).toHaveURL(/\/login\?redirectTo=%2Fstaff$/);
	});

	test('in English: switch language, sign in, and the choice is remembered', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('button', { name: 'English' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			"Take part in your kelurahan's meeting from your phone"
		);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await signIn(page, demo.facilitator, {
			username: 'Username',
			password: 'Password',
			submit: 'Sign in'
		});
		await expect(page.getByRole('heading', { name: 'Staff area' })).toBeVisible();
		await expect(page.getByText('Your role: Facilitator.')).toBeVisible();
		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page.getByRole('status')).toHaveText('You have signed out.');
		await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'id');
	});

	test('an admin creates a facilitator account, who can then sign in', async ({
		page,
		browser
	}) => {
		await signIn(page, demo.admin);
		await page.getByRole('link', { name: 'Kelola akun petugas' }).click();
		const form = page.getByRole('form', { name: 'Buat akun baru' });
		await form.getByLabel('Nama lengkap').fill('Wati Fasilitator RW 3');
		await form.getByLabel('Nama pengguna').fill('wati');
		await form.getByLabel('Peran').selectOption('facilitator');
		await form.getByLabel('Kata sandi awal').fill('wati-rahasia-1');
		await form.getByRole('button', { name: 'Buat akun' }).click();
		await expect(form.getByRole('status')).toHaveText('Akun wati sudah dibuat.');
		await expect(page.getByText('Wati Fasilitator RW 3')).toBeVisible();

		// a second person on another phone signs in with the new account
		const other = await browser.newContext({ viewport: { width: 390, height: 844 } });
		const phone = await other.newPage();
		await signIn(phone, { username: 'wati', password: 'wati-rahasia-1' });
		await expect(phone.getByText('Peran Anda: Fasilitator.')).toBeVisible();

		// she replaces the password the admin gave her
		await phone.getByRole('link', { name: 'Ganti kata sandi' }).click();
		await phone.getByLabel('Kata sandi sekarang', { exact: true }).fill('salah-tebak');
		await phone.getByLabel('Kata sandi baru', { exact: true }).fill('wati-baru-2027');
		await phone.getByLabel('Ulangi kata sandi baru').fill('wati-baru-2027');
		await phone.getByRole('button', { name: 'Ganti kata sandi' }).click();
		await expect(phone.getByRole('alert')).toHaveText('Kata sandi sekarang salah.');
		await phone.getByLabel('Kata sandi sekarang', { exact: true }).fill('wati-rahasia-1');
		await phone.getByLabel('Kata sandi baru', { exact: true }).fill('wati-baru-2027');
		await phone.getByLabel('Ulangi kata sandi baru').fill('wati-baru-2027');
		await phone.getByRole('button', { name: 'Ganti kata sandi' }).click();
		await expect(phone.getByRole('status')).toHaveText('Kata sandi sudah diganti.');
		await phone.getByRole('button', { name: 'Keluar' }).click();
		await signIn(phone, { username: 'wati', password: 'wati-rahasia-1' });
		await expect(phone.getByRole('alert')).toHaveText('Nama pengguna atau kata sandi salah.');
		await signIn(phone, { username: 'wati', password: 'wati-baru-2027' });
		await expect(phone.getByText('Peran Anda: Fasilitator.')).toBeVisible();
		await other.close();
	});
});
