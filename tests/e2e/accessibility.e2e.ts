import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { demo, expect, signIn, test } from './fixtures.ts';

/** WCAG 2.1 A and AA rules that axe can check automatically. */
async function violations(page: Page) {
	const result = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	return result.violations.map((v) => ({
		rule: v.id,
		impact: v.impact,
		nodes: v.nodes.map((n) => n.target.join(' '))
	}));
}

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
