/**
 * Residents cannot reach the plan workspace: over real HTTP against the built server, a
 * participant cookie (no account) opens no plan page and its form posts change nothing; staff of
 * the kelurahan can. The page-level refusals for facilitators and other kelurahan are in
 * plans-pages.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/lib/server/db/client.ts';
import { issueParticipantToken } from '../../../src/lib/server/participants/tokens.ts';
import { startApp, type AppProcess } from '../../support/app-process.ts';
import { getPage } from '../../support/http.ts';
import { prepareAppFolder } from '../../support/realtime-server.ts';

describe('the plan workspace over HTTP (built server, PGlite)', () => {
	let app: AppProcess;
	let cleanup: () => Promise<void>;
	let staffCookie = '';
	let residentCookie = '';

	beforeAll(async () => {
		const prepared = await prepareAppFolder();
		cleanup = prepared.cleanup;
		staffCookie = prepared.fx.staffCookie;
		const handle = await openDatabase({ pgliteDir: prepared.dir });
		try {
			const resident = await issueParticipantToken(handle.db, {
				meetingId: prepared.fx.meeting.id,
				displayName: 'Warga Uji Rencana'
			});
			residentCookie = `rembuk_participant=${resident.token}`;
		} finally {
			await handle.close();
		}
		app = await startApp({ PGLITE_DIR: prepared.dir });
	}, 90_000);
	afterAll(async () => {
		await app?.stop();
		await cleanup?.();
	});

	/** A form post as a browser without JavaScript sends it. */
	const post = (path: string, body: Record<string, string>, cookie?: string) =>
		fetch(app.url + path, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: app.url,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				...(cookie ? { cookie } : {})
			},
			body: new URLSearchParams(body)
		});

	it('sends a resident (or anyone without an account) to sign in, and stores nothing', async () => {
		for (const cookie of [residentCookie, undefined]) {
			for (const path of ['/staff/plans', '/staff/dashboard']) {
				const res = await getPage(app.url, path, cookie ? { cookie } : {});
				expect(res.status).toBe(303);
				expect(res.headers.get('location')).toMatch(/^\/login/);
			}
			const res = await post(
				'/staff/plans?/create',
				{ title: 'Rencana warga palsu', year: '2027' },
				cookie
			);
			expect([303, 401, 403]).toContain(res.status);
			if (res.status === 303) expect(res.headers.get('location')).toMatch(/^\/login/);
		}
		// Staff see the workspace, and no plan was made by the posts above.
		const page = await getPage(app.url, '/staff/plans', { cookie: staffCookie });
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Rencana program');
		expect(html).not.toContain('Rencana warga palsu');
	});
});
