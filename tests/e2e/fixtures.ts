import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

/** Journeys run against the server that global-setup started on port 0. */
export const test = base.extend({
	// eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their first argument
	baseURL: async ({}, use) => {
		await use(process.env.E2E_BASE_URL);
	}
});
export { expect };

/** WCAG 2.1 A and AA rules that axe can check automatically: what they find on `page`. */
export async function violations(page: Page) {
	const result = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	return result.violations.map((v) => ({
		rule: v.id,
		impact: v.impact,
		nodes: v.nodes.map((n) => n.target.join(' '))
	}));
}

export const demo = {
	admin: { username: 'admin', password: 'rembuk-admin' },
	facilitator: { username: 'fasilitator', password: 'rembuk-fasilitator' },
	staff: { username: 'staf', password: 'rembuk-staf' }
} as const;

export async function signIn(
	page: Page,
	who: { username: string; password: string },
	labels = { username: 'Nama pengguna', password: 'Kata sandi', submit: 'Masuk' }
) {
	// Typing before the page has hydrated can be lost when Svelte takes over the inputs.
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel(labels.username).fill(who.username);
	await page.getByLabel(labels.password).fill(who.password);
	await page.getByRole('button', { name: labels.submit, exact: true }).click();
}
