import { eq } from 'drizzle-orm';
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { decision, meeting } from '../../src/lib/server/db/schema/index.ts';
import { runAppToExit, startApp, waitForOutput, type AppProcess } from '../support/app-process.ts';
import { getPage, postForm, sessionCookieOf, setCookies, signInOverHttp } from '../support/http.ts';
import {
	createPgliteDir,
	createPostgresDatabase,
	dropPostgresDatabase
} from '../support/test-db.ts';

/**
 * The built server as a process (`node dist-server/index.js`, run `npm run build` first): HTTP,
 * cookies, roles, restart, shutdown and start-up failures. Service-level rules are tested in the
 * other files; here only what needs the real process.
 */

const demo = {
	admin: ['admin', 'rembuk-admin'],
	facilitator: ['fasilitator', 'rembuk-fasilitator'],
	staff: ['staf', 'rembuk-staf']
} as const;

const text = {
	missing: 'Isi nama pengguna dan kata sandi.',
	invalid: 'Nama pengguna atau kata sandi salah.',
	rateLimited: 'Terlalu banyak percobaan yang gagal. Coba lagi dalam 15 menit.',
	badRequest: 'Permintaan ini tidak bisa diproses. Muat ulang halaman, lalu coba lagi.'
};

/** The text of the page's alert (the form's error message), if any. */
const alertOf = (html: string) => /role="alert"[^>]*>([^<]*)</.exec(html)?.[1];

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
	for (const fn of cleanups.reverse()) await fn();
});

/** Starts a server on its own copy of the migrated template; stopped and removed after the file. */
async function startOnPglite(env: Record<string, string> = {}) {
	const pg = await createPgliteDir();
	cleanups.push(pg.cleanup);
	const app = await startApp({ PGLITE_DIR: pg.dir, ...env });
	cleanups.push(() => app.stop());
	return { app, dir: pg.dir };
}

let main: AppProcess;
let proxied: { app: AppProcess; dir: string };
beforeAll(async () => {
	// Two servers, started together: `main` with the defaults, `proxied` behind a (pretend) proxy.
	[{ app: main }, proxied] = await Promise.all([
		startOnPglite({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' }),
		startOnPglite({ TRUST_PROXY: 'true', LOG_LEVEL: 'info' })
	]);
});

describe('a started server', () => {
	it('answers GET /healthz with JSON', async () => {
		const res = await fetch(`${main.url}/healthz`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const body = await res.json();
		expect(body).toMatchObject({
			status: 'ok',
			uptimeSeconds: expect.any(Number),
			database: { driver: 'pglite', ok: true },
			redis: { configured: false, ok: true }
		});
	});

	it('serves the landing page in Indonesian by default, English once chosen', async () => {
		const res = await getPage(main.url, '/', { headers: { 'accept-language': 'en-US,en' } });
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toMatch(/<html lang="id">/);
		expect(html).toContain('Ikut musyawarah kelurahan dari HP Anda');
		expect(html).toContain('Masuk sebagai petugas');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('x-frame-options')).toBe('DENY');

		const chosen = await postForm(main.url, '/locale', { locale: 'en', redirectTo: '/' });
		expect(chosen.status).toBe(303);
		expect(chosen.headers.get('location')).toBe('/');
		const [locale] = setCookies(chosen);
		const en = await getPage(main.url, '/', { cookie: `${locale.name}=${locale.value}` });
		const enHtml = await en.text();
		expect(enHtml).toMatch(/<html lang="en">/);
		expect(enHtml).toContain("Take part in your kelurahan's meeting from your phone");
	});

	it('refuses an unknown language and a malformed language form with 400', async () => {
		expect((await postForm(main.url, '/locale', { locale: 'xx' })).status).toBe(400);
		const malformed = await postForm(main.url, '/locale', '--x\r\ngarbage', {
			headers: { 'content-type': 'multipart/form-data; boundary=x' }
		});
		expect(malformed.status).toBe(400);
		expect(setCookies(malformed)).toEqual([]);
	});

	describe('POST /login refuses a malformed form with 400 and the Indonesian message', () => {
		it.each<[string, Record<string, string> | string, Record<string, string>?]>([
			['no fields at all', {}],
			['no password', { username: 'admin' }],
			['an empty username', { username: '   ', password: 'rembuk-admin' }],
			['an oversized username', { username: 'a'.repeat(65), password: 'rembuk-admin' }],
			['an oversized password', { username: 'admin', password: 'p'.repeat(257) }],
			[
				'a malformed multipart body',
				'--boundary\r\nno headers here',
				{ 'content-type': 'multipart/form-data; boundary=boundary' }
			],
			[
				'a text/plain body',
				'username=admin\npassword=rembuk-admin',
				{ 'content-type': 'text/plain' }
			]
		])('%s', async (_name, body, headers) => {
			const res = await postForm(main.url, '/login', body, { headers });
			expect(res.status).toBe(400);
			const html = await res.text();
			expect(html).toMatch(/<html lang="id">/);
			expect(alertOf(html)).toBe(text.missing);
			expect(sessionCookieOf(res)).toBeUndefined();
		});

		it('answers the same in the JSON shape form actions use', async () => {
			const res = await postForm(
				main.url,
				'/login',
				{ username: 'admin' },
				{ headers: { accept: 'application/json', 'x-sveltekit-action': 'true' } }
			);
			const body = await res.json();
			expect(body).toMatchObject({ type: 'failure', status: 400 });
			expect(body.data).toContain(text.missing);
		});

		it('a body that is not a form at all gets 415 with the Indonesian message, never 500', async () => {
			// SvelteKit itself refuses a form action that is not form-encoded, before our code runs.
			const res = await postForm(main.url, '/login', '{"username":"admin"}', {
				headers: { 'content-type': 'application/json' }
			});
			expect(res.status).toBe(415);
			const html = await res.text();
			expect(html).toMatch(/<html lang="id">/);
			expect(html).toContain(text.badRequest);
			expect(html).not.toContain('Unsupported Media Type');
		});

		it('a cross-site post (no same-origin Origin header) is refused with 403', async () => {
			const res = await postForm(
				main.url,
				'/login',
				{ username: 'admin', password: 'rembuk-admin' },
				{ origin: 'http://evil.example' }
			);
			expect(res.status).toBe(403);
			expect(sessionCookieOf(res)).toBeUndefined();
		});
	});

	it('gives the same message for a wrong password and an unknown user, and keeps the username', async () => {
		const wrong = await signInOverHttp(main.url, 'staf', 'salah-sekali');
		const unknown = await signInOverHttp(main.url, 'tidak-ada', 'rembuk-staf');
		for (const [r, username] of [
			[wrong, 'staf'],
			[unknown, 'tidak-ada']
		] as const) {
			expect(r.res.status).toBe(400);
			expect(r.cookie).toBeUndefined();
			const html = await r.res.text();
			expect(alertOf(html)).toBe(text.invalid);
			expect(html).toContain(`value="${username}"`);
		}
	});

	it('lets only the admin manage accounts: 403 for a facilitator and for staff, 200 for the admin', async () => {
		for (const [username, password] of [demo.facilitator, demo.staff]) {
			const { header } = await signInOverHttp(main.url, username, password);
			const page = await getPage(main.url, '/staff/users', { cookie: header });
			expect(page.status, username).toBe(403);
			expect(await page.text()).toContain('Tidak boleh dibuka');
			// the staff area itself is open to them
			expect((await getPage(main.url, '/staff', { cookie: header })).status).toBe(200);
		}
		const admin = await signInOverHttp(main.url, ...demo.admin);
		const adminPage = await getPage(main.url, '/staff/users', { cookie: admin.header });
		expect(adminPage.status).toBe(200);
		const html = await adminPage.text();
		expect(html).toContain('Akun petugas');
		for (const name of ['admin', 'fasilitator', 'staf']) expect(html).toContain(`>${name}<`);
	});

	it('rate-limits an account with a "try again in N minutes" message, even for the right password', async () => {
		// the server runs with LOGIN_MAX_FAILURES_PER_ACCOUNT=3; the facilitator stays blocked for
		// the rest of this file, so no later test on `main` signs in as the facilitator
		for (let i = 0; i < 3; i++) {
			expect((await signInOverHttp(main.url, 'fasilitator', 'salah')).res.status).toBe(400);
		}
		const blocked = await signInOverHttp(main.url, 'fasilitator', 'rembuk-fasilitator');
		expect(blocked.res.status).toBe(429);
		expect(alertOf(await blocked.res.text())).toBe(text.rateLimited);
		expect(blocked.cookie).toBeUndefined();
	});

	it('signs in through the form with an HttpOnly, SameSite=Lax cookie that is not Secure over http', async () => {
		// X-Forwarded-Proto is not trusted without TRUST_PROXY: the request is plain http
		const { res, cookie, header } = await signInOverHttp(main.url, ...demo.staff, {
			headers: { 'x-forwarded-proto': 'https' }
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/staff');
		expect(cookie?.value).toMatch(/^[a-z2-7]{32}$/);
		expect(cookie?.attributes.get('httponly')).toBe(true);
		expect(cookie?.attributes.get('samesite')).toBe('Lax');
		expect(cookie?.attributes.get('path')).toBe('/');
		expect(cookie?.attributes.has('secure')).toBe(false);
		expect(new Date(String(cookie?.attributes.get('expires'))).getTime()).toBeGreaterThan(
			Date.now() + 29 * 24 * 3600 * 1000
		);

		const staff = await getPage(main.url, '/staff', { cookie: header });
		expect(staff.status).toBe(200);
		const html = await staff.text();
		expect(html).toContain('Ruang petugas');
		expect(html).toContain('Peran Anda: Staf kelurahan.');
		expect(staff.headers.get('cache-control')).toBe('private, no-store');
	});

	it('honours the redirectTo of the login page, but only to a path on this site', async () => {
		const ok = await postForm(main.url, '/login?redirectTo=%2Fstaff%2Fusers', {
			username: 'admin',
			password: 'rembuk-admin'
		});
		expect(ok.status).toBe(303);
		expect(ok.headers.get('location')).toBe('/staff/users');
		const evil = await postForm(main.url, '/login?redirectTo=https%3A%2F%2Fevil.example', {
			username: 'admin',
			password: 'rembuk-admin'
		});
		expect(evil.headers.get('location')).toBe('/staff');
	});

	it('sends an anonymous visitor of a staff page to the login page', async () => {
		for (const path of ['/staff', '/staff/users']) {
			const res = await getPage(main.url, path);
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
		}
		// a made-up or expired cookie is no better, and is cleared
		const res = await getPage(main.url, '/staff', { cookie: 'rembuk_session=' + 'a'.repeat(32) });
		expect(res.status).toBe(303);
		expect(setCookies(res).find((c) => c.name === 'rembuk_session')?.value).toBe('');
	});

	it('refuses an upgrade request outside /yjs/ with 404 and keeps serving', async () => {
		const status = await new Promise<number>((resolve, reject) => {
			const req = request(`${main.url}/not-realtime`, {
				headers: {
					connection: 'Upgrade',
					upgrade: 'websocket',
					'sec-websocket-version': '13',
					'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ=='
				}
			});
			req.on('upgrade', (_res, socket) => {
				socket.destroy();
				reject(new Error('the upgrade was accepted'));
			});
			req.on('response', (res) => {
				res.resume();
				resolve(res.statusCode!);
			});
			req.on('error', reject);
			req.end();
		});
		expect(status).toBe(404);
		expect((await fetch(`${main.url}/healthz`)).status).toBe(200);
	});
});

describe('behind a proxy (TRUST_PROXY=true)', () => {
	it('a request that came over https gets a Secure cookie; plain http does not', async () => {
		const { app } = proxied;
		const https = await signInOverHttp(app.url, ...demo.facilitator, {
			origin: app.url.replace('http:', 'https:'),
			headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.10' }
		});
		expect(https.res.status).toBe(303);
		expect(https.cookie?.attributes.get('secure')).toBe(true);
		expect(https.cookie?.attributes.get('httponly')).toBe(true);
		expect(https.cookie?.attributes.get('samesite')).toBe('Lax');

		const http = await signInOverHttp(app.url, ...demo.facilitator, {
			headers: { 'x-forwarded-proto': 'http', 'x-forwarded-for': '203.0.113.10' }
		});
		expect(http.res.status).toBe(303);
		expect(http.cookie?.attributes.has('secure')).toBe(false);
	});

	it('signs in a request that arrives without X-Forwarded-For (no 500)', async () => {
		const { res, cookie } = await signInOverHttp(proxied.app.url, ...demo.staff);
		expect(res.status).toBe(303);
		expect(cookie).toBeDefined();
	});

	it('a facilitator gets 403 on the accounts page and cannot create an account', async () => {
		const { app } = proxied;
		const { header } = await signInOverHttp(app.url, ...demo.facilitator);
		const page = await getPage(app.url, '/staff/users', { cookie: header });
		expect(page.status).toBe(403);
		expect(await page.text()).toContain('Akun Anda tidak punya izin untuk halaman ini.');
		const create = await postForm(
			app.url,
			'/staff/users?/create',
			{ displayName: 'Penyusup', username: 'penyusup', role: 'admin', password: 'penyusup-123' },
			{ cookie: header }
		);
		expect(create.status).toBe(403);
		expect((await signInOverHttp(app.url, 'penyusup', 'penyusup-123')).res.status).toBe(400);
	});
});

describe('restart and shutdown', () => {
	const account = { username: 'wati', password: 'wati-rahasia-1' };

	it('an admin creates an account through the form', async () => {
		const { app } = proxied;
		const { header } = await signInOverHttp(app.url, ...demo.admin);
		const res = await postForm(
			app.url,
			'/staff/users?/create',
			{ displayName: 'Wati Fasilitator RW 3', role: 'facilitator', ...account },
			{ cookie: header }
		);
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Akun wati sudah dibuat.');
		const taken = await postForm(
			app.url,
			'/staff/users?/create',
			{ displayName: 'Wati Lagi', role: 'staff', ...account },
			{ cookie: header }
		);
		expect(taken.status).toBe(409);
		expect(await taken.text()).toContain('Nama pengguna itu sudah dipakai.');
		expect((await signInOverHttp(app.url, account.username, account.password)).res.status).toBe(
			303
		);
	});

	it('SIGTERM lets a request in flight finish, then exits with code 0', async () => {
		const { app } = proxied;
		const body = 'username=admin&password=salah-sekali';
		const socket = connect(app.port, '127.0.0.1');
		let response = '';
		const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
		const gotContinue = new Promise<void>((resolve, reject) => {
			socket.on('data', (d) => {
				response += d;
				if (response.includes('100 Continue')) resolve();
			});
			socket.on('error', reject);
		});
		socket.write(
			`POST /login HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\nOrigin: ${app.url}\r\n` +
				`Accept: text/html\r\nX-Forwarded-For: 203.0.113.20\r\n` +
				`Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n` +
				`Expect: 100-continue\r\nConnection: close\r\n\r\n`
		);
		// the server has the request (it asked for the body); now ask it to stop
		await gotContinue;
		app.child.kill('SIGTERM');
		await waitForOutput(app, /SIGTERM received: shutting down/);
		// write, not end: a client that half-closes its side has its request aborted by Node
		socket.write(body);
		await closed;
		expect(response).toMatch(/HTTP\/1\.1 400 /);
		expect(response).toContain(text.invalid);
		expect(await app.exited).toBe(0);
	});

	it('a restart on the same folder keeps the data', async () => {
		const again = await startApp({ PGLITE_DIR: proxied.dir });
		cleanups.push(() => again.stop());
		const { res, header } = await signInOverHttp(again.url, account.username, account.password);
		expect(res.status).toBe(303);
		const staff = await getPage(again.url, '/staff', { cookie: header });
		expect(await staff.text()).toContain('Peran Anda: Fasilitator.');
		// it did not seed a second time
		expect(again.output()).not.toContain('First start');
		expect(await again.stop()).toBe(0);
	});
});

describe('a first start', () => {
	it('listens before writing the finished demo meeting, and a stop right away waits for it', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'rembuk-first-'));
		try {
			const app = await startApp({ PGLITE_DIR: join(dir, 'pglite') });
			// The current demo meeting is there when the server answers; the finished one comes after.
			expect(app.output()).toContain('Demo meeting "');
			const listening = app.output().indexOf('is listening on');
			const code = await app.stop();
			expect(code, app.output()).toBe(0);
			const finished = app.output().indexOf('Finished demo meeting "');
			expect(finished).toBeGreaterThan(listening);

			// Whole on the next start: its decisions are there.
			const handle = await openDatabase({ pgliteDir: join(dir, 'pglite') });
			try {
				const [row] = await handle.db
					.select({ id: meeting.id, closedAt: meeting.closedAt })
					.from(meeting)
					.where(eq(meeting.title, 'Musrenbang Kelurahan Rejosari 2026'));
				expect(row?.closedAt).toBeInstanceOf(Date);
				const rows = await handle.db
					.select({ id: decision.id })
					.from(decision)
					.where(eq(decision.meetingId, row.id));
				expect(rows.length).toBeGreaterThan(0);
			} finally {
				await handle.close();
			}
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});

describe('start-up failures', () => {
	it('a bad configuration exits with code 78 and names every problem', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'rembuk-badconfig-'));
		try {
			const { code, output } = await runAppToExit({
				PORT: 'abc',
				DATABASE_URL: 'mysql://x',
				LOG_LEVEL: 'loud',
				PGLITE_DIR: join(dir, 'pglite')
			});
			expect(code).toBe(78);
			expect(output).toContain('the configuration has 3 problem(s)');
			expect(output).toMatch(/- PORT: .*"abc"/);
			expect(output).toMatch(/- DATABASE_URL: .*"mysql:\/\/x"/);
			expect(output).toMatch(/- LOG_LEVEL: .*"loud"/);
			expect(output).not.toContain('listening');
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('on an empty PostgreSQL database', () => {
	it('migrates, seeds the demo data and serves', async () => {
		const url = await createPostgresDatabase();
		let app: AppProcess | undefined;
		try {
			app = await startApp({ DATABASE_URL: url });
			expect(app.output()).toContain('First start: demo data for Kelurahan Rejosari was created.');
			const health = await (await fetch(`${app.url}/healthz`)).json();
			expect(health).toMatchObject({ status: 'ok', database: { driver: 'postgres', ok: true } });
			const { res, header } = await signInOverHttp(app.url, ...demo.facilitator);
			expect(res.status).toBe(303);
			const staff = await (await getPage(app.url, '/staff', { cookie: header })).text();
			expect(staff).toContain('Peran Anda: Fasilitator.');
			expect(staff).toContain('Rejosari');
			expect(await app.stop()).toBe(0);
		} finally {
			await app?.crash();
			await dropPostgresDatabase(url);
		}
	});
});
