// `npm run build`, last step: a migrated, empty PGlite database beside the server bundle
// (dist-server/pglite-template.tar.gz + .json), so a first start skips initdb (decision 0010).
// Kept when it already matches drizzle/ and the installed PGlite.
import { join } from 'node:path';
import { buildPgliteTemplate, PGLITE_TEMPLATE_FILE } from '../src/lib/server/db/pglite-template.ts';

const root = join(import.meta.dirname, '..');
const file = join(root, 'dist-server', PGLITE_TEMPLATE_FILE);
const t0 = performance.now();
const { meta, reused } = await buildPgliteTemplate(file, join(root, 'drizzle'));
console.log(
	reused
		? `dist-server/${PGLITE_TEMPLATE_FILE} is up to date (${meta.lastMigration})`
		: `built dist-server/${PGLITE_TEMPLATE_FILE}: migrations up to ${meta.lastMigration}, ` +
				`${(meta.bytes / 1e6).toFixed(1)} MB, ${Math.round(performance.now() - t0)} ms`
);
