/**
 * `npm run bench:pages`: how much JavaScript each page makes a phone download, gzip-compressed,
 * and how long a cold start takes. Starts the built server on a fresh PGlite folder (empty, then
 * again on the existing one), loads pages in Chromium at phone size and sums the gzip size of
 * every script the page fetched. The budget in DESIGN.md: resident pages under 100 KB gzip.
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { findChromium } from '../../tests/e2e/chromium-path.mjs';
import { startApp, waitForOutput } from '../../tests/support/app-process.ts';

type PageSpec = {
	/** Shown in the table. */
	label: string;
	path: (code: string) => string;
	/** Runs in the same browser context before the measured load (e.g. joining the meeting). */
	prepare?: (page: Page, base: string, code: string) => Promise<void>;
};

/** The demo meeting's code, as the first start prints it. */
function demoCode(output: string): string {
	const m = /join with code ([0-9A-Z]{3})-([0-9A-Z]{3})/.exec(output);
	if (!m) throw new Error('the first start printed no demo meeting code');
	return m[1] + m[2];
}

async function joinDemo(page: Page, base: string, code: string) {
	await page.goto(`${base}/j/${code}`);
	await page.getByLabel('Nama', { exact: true }).fill('Bench');
	await page.getByLabel('RT', { exact: true }).fill('1');
	await page.getByLabel('RW', { exact: true }).fill('1');
	await page.getByRole('button', { name: 'Masuk ke musyawarah' }).click();
	await page.waitForURL(/\/m\//);
}

/** Pages a resident opens (the budget applies to these), and the sign-in page. */
const pages: PageSpec[] = [
	{ label: '/', path: () => '/' },
	{ label: '/login', path: () => '/login' },
	{ label: '/join', path: () => '/join' },
	{ label: '/j/[code]', path: (code) => `/j/${code}` },
	{
		label: '/m/[id]',
		path: () => '',
		prepare: joinDemo
	}
];

async function coldStart(dir: string) {
	const startedAt = performance.now();
	const app = await startApp({ PGLITE_DIR: dir, LOG_LEVEL: 'warn' });
	const ms = Math.round(performance.now() - startedAt);
	const reported = Number(/ready in (\d+) ms/.exec(app.output())?.[1] ?? NaN);
	return { app, ms, reported, startedAt };
}

const dir = await mkdtemp(join(tmpdir(), 'rembuk-bench-pages-'));
try {
	const empty = await coldStart(join(dir, 'pglite'));
	const code = demoCode(empty.app.output());
	// The finished demo meeting is written after the server listens.
	await waitForOutput(empty.app, /Finished demo meeting/, 60_000);
	const demoDoneMs = Math.round(performance.now() - empty.startedAt);
	await empty.app.stop();
	const existing = await coldStart(join(dir, 'pglite'));
	const app = existing.app;
	try {
		const browser = await chromium.launch({
			executablePath: findChromium(),
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic']
		});
		const rows: Array<{ page: string; scripts: number; gzipKB: number; rawKB: number }> = [];
		for (const spec of pages) {
			const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
			let path = spec.path(code);
			if (spec.prepare) {
				const first = await context.newPage();
				await spec.prepare(first, app.url, code);
				path = new URL(first.url()).pathname;
				await first.close();
			}
			const page = await context.newPage();
			const scripts = new Map<string, Buffer>();
			page.on('response', async (res) => {
				if (res.request().resourceType() === 'script' || res.url().endsWith('.js')) {
					scripts.set(res.url(), await res.body().catch(() => Buffer.alloc(0)));
				}
			});
			await page.goto(app.url + path, { waitUntil: 'networkidle' });
			const bodies = [...scripts.values()];
			rows.push({
				page: spec.label,
				scripts: bodies.length,
				gzipKB:
					Math.round(bodies.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0) / 102.4) / 10,
				rawKB: Math.round(bodies.reduce((n, b) => n + b.length, 0) / 102.4) / 10
			});
			await context.close();
		}
		await browser.close();
		console.log(
			`cold start, empty PGlite folder (create, migrate, seed): ${empty.reported} ms to listening (${empty.ms} ms incl. process start)`
		);
		console.log(
			`  the finished demo meeting, written after listening, complete ${demoDoneMs} ms after process start`
		);
		console.log(
			`cold start, existing PGlite folder: ${existing.reported} ms to listening (${existing.ms} ms incl. process start)`
		);
		console.log('page          scripts   JS gzip KB   JS raw KB');
		for (const r of rows) {
			console.log(
				`${r.page.padEnd(14)}${String(r.scripts).padStart(7)}${String(r.gzipKB).padStart(13)}${String(r.rawKB).padStart(12)}`
			);
		}
		console.log(
			JSON.stringify({
				bench: 'pages',
				coldStartEmptyMs: empty.reported,
				coldStartExistingMs: existing.reported,
				pages: rows
			})
		);
	} finally {
		await app.stop();
	}
} finally {
	await rm(dir, { recursive: true, force: true });
}
