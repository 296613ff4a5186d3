import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, waitForOutput } from '../support/app-process.ts';

/** One built server on port 0 with a fresh embedded database for all journeys. */
export default async function globalSetup() {
	const dir = await mkdtemp(join(tmpdir(), 'rembuk-e2e-'));
	const app = await startApp({ PGLITE_DIR: join(dir, 'pglite') });
	// A first start writes the finished demo meeting (the plans journey's decisions) after it
	// listens.
	await waitForOutput(app, /Finished demo meeting/, 60_000);
	process.env.E2E_BASE_URL = app.url;
	return async () => {
		await app.stop();
		await rm(dir, { recursive: true, force: true });
	};
}
