import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../support/app-process.ts';

/** One built server on port 0 with a fresh embedded database for all journeys. */
export default async function globalSetup() {
	const dir = await mkdtemp(join(tmpdir(), 'rembuk-e2e-'));
	const app = await startApp({ PGLITE_DIR: join(dir, 'pglite') });
	process.env.E2E_BASE_URL = app.url;
	return async () => {
		await app.stop();
		await rm(dir, { recursive: true, force: true });
	};
}
