import { getTableName, isTable, sql } from 'drizzle-orm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database, type OpenOptions } from '../../src/lib/server/db/client.ts';
import * as schema from '../../src/lib/server/db/schema/index.ts';
import { seedDemoData } from '../../src/lib/server/seed/demo.ts';
import {
	createPostgresDatabase,
	dropPostgresDatabase,
	drivers,
	migrationsFolder
} from '../support/test-db.ts';

const schemaTables = Object.values(schema)
	.filter((v) => isTable(v))
	.map((t) => getTableName(t))
	.sort();

async function publicTables(db: Database): Promise<string[]> {
	const result = (await db.execute(
		sql`select table_name from information_schema.tables where table_schema = 'public'`
	)) as unknown;
	// postgres.js returns the rows, PGlite `{ rows }`.
	const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{
		table_name: string;
	}>;
	return rows.map((r) => r.table_name).sort();
}

describe.each(drivers)('migrations on %s', (driver) => {
	it('migrate an empty database, find nothing to do on the next start, and keep the data', async () => {
		let opts: OpenOptions;
		let cleanup: () => Promise<void>;
		if (driver === 'postgres') {
			const url = await createPostgresDatabase();
			opts = { databaseUrl: url, migrationsFolder };
			cleanup = () => dropPostgresDatabase(url);
		} else {
			const dir = await mkdtemp(join(tmpdir(), 'rembuk-migrate-'));
			opts = { pgliteDir: dir, migrationsFolder };
			cleanup = () => rm(dir, { recursive: true, force: true });
		}
		try {
			const first = await openDatabase(opts);
			const tables = await publicTables(first.db);
			expect(tables).toEqual(expect.arrayContaining(schemaTables));
			expect((await seedDemoData(first.db)).seeded).toBe(true);
			await first.close();

			const second = await openDatabase(opts);
			expect(await publicTables(second.db)).toEqual(tables);
			// the data is still there and the seed does not run twice
			expect(await seedDemoData(second.db)).toEqual({ seeded: false, accounts: [] });
			await second.close();
		} finally {
			await cleanup();
		}
	});
});
