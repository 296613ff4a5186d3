/**
 * The download endpoint and the "Unduh data" page over real HTTP, with real cookies going through
 * the hooks, against the built server on PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, generateSessionToken } from '../../../src/lib/server/auth/session.ts';
import { openDatabase } from '../../../src/lib/server/db/client.ts';
import { issueParticipantToken } from '../../../src/lib/server/participants/tokens.ts';
import { createUser } from '../../factories/users.ts';
import { startApp, type AppProcess } from '../../support/app-process.ts';
import { getPage } from '../../support/http.ts';
import { prepareAppFolder } from '../../support/realtime-server.ts';

const RESIDENT = 'Bu Sulastri Uji';

describe('meeting exports over HTTP (built server, PGlite)', () => {
	let app: AppProcess;
	let base = '';
	let cleanup: () => Promise<void>;
	let meetingId = '';
	let staffCookie = '';
	let outsiderCookie = '';
	let residentCookie = '';

	beforeAll(async () => {
		const prepared = await prepareAppFolder();
		cleanup = prepared.cleanup;
		meetingId = prepared.fx.meeting.id;
		staffCookie = prepared.fx.staffCookie;
		// Written before the server takes the folder (PGlite serves one process at a time).
		const handle = await openDatabase({ pgliteDir: prepared.dir });
		try {
			const outsider = await createUser(handle.db, {
				role: 'staff',
				kelurahanId: prepared.fx.otherKelurahanId
			});
			const token = generateSessionToken();
			await createSession(handle.db, { ttlDays: 30, renewDays: 15 }, token, outsider.id);
			outsiderCookie = `rembuk_session=${token}`;
			const resident = await issueParticipantToken(handle.db, {
				meetingId,
				displayName: RESIDENT
			});
			residentCookie = `rembuk_participant=${resident.token}`;
		} finally {
			await handle.close();
		}

		app = await startApp({ PGLITE_DIR: prepared.dir });
		base = app.url;
	});
	afterAll(async () => {
		await app?.stop();
		await cleanup?.();
	});

	const exportPath = (sheet: string, query: string) =>
		`/staff/meetings/${meetingId}/export/${sheet}?${query}`;
	const get = (path: string, cookie?: string) =>
		fetch(base + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });

	it('sends staff of the meeting’s kelurahan the file', async () => {
		const res = await get(exportPath('attendance', 'format=csv'), staffCookie);
		expect(res.status, app.output()).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe(
			'attachment; filename="kehadiran-musrenbang-uji-2027-01-16.csv"'
		);
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text).toContain('Bagian,Uraian,Jumlah orang,Persen dari yang hadir\r\n');
		expect(text).toContain('Kehadiran,Hadir,1,1\r\n');
		expect(text).not.toContain(RESIDENT);

		const named = await get(exportPath('attendance', 'format=csv&names=1'), staffCookie);
		expect(named.status).toBe(200);
		expect(await named.text()).toContain(RESIDENT);
	});

	it('gives no data without an account, to a resident, or to another kelurahan', async () => {
		for (const [cookie, status] of [
			[undefined, 401],
			[residentCookie, 401],
			[outsiderCookie, 404]
		] as const) {
			const res = await get(exportPath('attendance', 'format=csv&names=1'), cookie);
			expect(res.status).toBe(status);
			expect(res.headers.get('content-disposition')).toBeNull();
			const body = await res.text();
			expect(body).not.toContain(RESIDENT);
			expect(body).not.toContain('Jumlah orang');
		}
	});

	it('answers a request it does not understand with 400 and a reason', async () => {
		const res = await get(exportPath('usulan', 'format=ods'), staffCookie);
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('format=csv');
	});

	it('shows the "Unduh data" page with links to every file, linked from the record', async () => {
		const page = await getPage(base, `/staff/meetings/${meetingId}/export`, {
			cookie: staffCookie
		});
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Unduh data');
		for (const href of [
			'usulan?format=csv',
			'usulan?format=xlsx',
			'votes?format=xlsx',
			'attendance?format=csv',
			'all?format=xlsx'
		])
			expect(html).toContain(`/staff/meetings/${meetingId}/export/${href}`);
		expect(html).toContain('name="names" value="1"');
		expect(html).not.toContain(RESIDENT);

		const record = await getPage(base, `/staff/meetings/${meetingId}/record`, {
			cookie: staffCookie
		});
		expect(await record.text()).toMatch(
			new RegExp(`href="[./]*/staff/meetings/${meetingId}/export"`)
		);

		const outsider = await getPage(base, `/staff/meetings/${meetingId}/export`, {
			cookie: outsiderCookie
		});
		expect(outsider.status).toBe(404);
	});
});
