import { sql, type SQL } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../src/lib/server/db/client.ts';
import {
	buildPgliteTemplate,
	PGLITE_TEMPLATE_FILE,
	readPgliteTemplate,
	templateMetaPath,
	unpackPgliteTemplate,
	writePgliteTemplate
} from '../../src/lib/server/db/pglite-template.ts';
import { DEMO_FINISHED_MEETING_TITLE } from '../../src/lib/server/seed/demo-finished-meeting.ts';
import { DEMO_MEETING_TITLE } from '../../src/lib/server/seed/demo-meeting.ts';
import { seedDemoData, seedDemoMeetings } from '../../src/lib/server/seed/demo.ts';
import { serverEntry, startApp } from '../support/app-process.ts';
import { migrationsFolder } from '../support/test-db.ts';

/**
 * The build's PGlite template (decision 0010): a new folder starts from it, migrated and seeded
 * exactly as one created from nothing; a template for other migrations, a damaged one or none at
 * all falls back to creating the database from nothing.
 */

let work: string;
/** A template for drizzle/ as it is, and one made for drizzle/ without its last migration. */
let template: string;
let staleTemplate: string;

beforeAll(async () => {
	work = await mkdtemp(join(tmpdir(), 'rembuk-template-'));
	// The migrated data folder the integration setup already made (tests/.cache), as the build's.
	const tar = readFileSync(inject('pgliteTemplate'));
	template = join(work, 'good', PGLITE_TEMPLATE_FILE);
	writePgliteTemplate(template, tar, migrationsFolder);

	const olderMigrations = join(work, 'older-drizzle');
	cpSync(migrationsFolder, olderMigrations, { recursive: true });
	const journalFile = join(olderMigrations, 'meta/_journal.json');
	const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
	journal.entries.pop();
	writeFileSync(journalFile, JSON.stringify(journal));
	staleTemplate = join(work, 'stale', PGLITE_TEMPLATE_FILE);
	writePgliteTemplate(staleTemplate, tar, olderMigrations);
});

afterAll(async () => {
	if (work) await rm(work, { recursive: true, force: true });
});

async function rows<T>(db: Database, query: SQL): Promise<T[]> {
	const result = (await db.execute(query)) as unknown;
	// postgres.js returns the rows, PGlite `{ rows }`.
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Everything about a database but its rows: migrations applied, tables, indexes, constraints. */
async function shape(db: Database) {
	const schemas = sql`('public', 'drizzle')`;
	return {
		migrations: await rows(
			db,
			sql`select hash, created_at::text from drizzle.__drizzle_migrations order by id`
		),
		columns: await rows(
			db,
			sql`select table_schema, table_name, column_name, data_type, is_nullable, column_default
				from information_schema.columns where table_schema in ${schemas}
				order by table_schema, table_name, column_name`
		),
		indexes: await rows(
			db,
			sql`select schemaname, tablename, indexname, indexdef from pg_indexes
				where schemaname in ${schemas} order by schemaname, tablename, indexname`
		),
		constraints: await rows(
			db,
			sql`select conrelid::regclass::text as "table", conname, pg_get_constraintdef(oid) as def
				from pg_constraint where connamespace::regnamespace::text in ${schemas}
				order by 1, 2`
		),
		enums: await rows(
			db,
			sql`select t.typname, e.enumlabel from pg_type t join pg_enum e on e.enumtypid = t.oid
				order by t.typname, e.enumsortorder`
		),
		extensions: await rows(db, sql`select extname from pg_extension order by extname`)
	};
}

/** Row count of every public table. */
async function rowCounts(db: Database) {
	const tables = await rows<{ table_name: string }>(
		db,
		sql`select table_name from information_schema.tables
			where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`
	);
	const counts: Record<string, number> = {};
	for (const { table_name } of tables) {
		const [{ n }] = await rows<{ n: number }>(
			db,
			sql`select count(*)::int as n from ${sql.identifier(table_name)}`
		);
		counts[table_name] = n;
	}
	return counts;
}

/** What drizzle records for drizzle/: one row per migration, in order. */
function expectedMigrations() {
	return readMigrationFiles({ migrationsFolder }).map((m) => ({
		hash: m.hash,
		created_at: String(m.folderMillis)
	}));
}

/** Opens `dir`, seeds the demo data as a first start does, and describes the result. */
async function firstStart(dir: string, pgliteTemplate?: string) {
	const handle = await openDatabase({ pgliteDir: dir, migrationsFolder, pgliteTemplate });
	try {
		const before = await shape(handle.db);
		expect((await seedDemoData(handle.db)).seeded).toBe(true);
		const { current, finished } = await seedDemoMeetings(handle.db);
		expect(current.title).toBe(DEMO_MEETING_TITLE);
		expect(finished?.title).toBe(DEMO_FINISHED_MEETING_TITLE);
		return { opened: handle.opened, shape: before, counts: await rowCounts(handle.db) };
	} finally {
		await handle.close();
	}
}

describe('reading a template', () => {
	it('takes one that matches drizzle/ and this PGlite, as the build does', async () => {
		const found = await readPgliteTemplate(template, migrationsFolder);
		expect(found).toMatchObject({
			ok: true,
			meta: { format: 1, lastMigration: expect.any(String) }
		});
		// The build keeps a template that is up to date instead of making it again.
		expect(await buildPgliteTemplate(template, migrationsFolder)).toMatchObject({ reused: true });
	});

	it('refuses one made for other migrations, a damaged one and a missing one', async () => {
		expect(await readPgliteTemplate(staleTemplate, migrationsFolder)).toMatchObject({
			ok: false,
			reason: 'stale'
		});

		const damaged = join(work, 'damaged', PGLITE_TEMPLATE_FILE);
		cpSync(join(work, 'good'), join(work, 'damaged'), { recursive: true });
		const bytes = readFileSync(damaged);
		bytes[bytes.length >> 1] ^= 0xff;
		writeFileSync(damaged, bytes);
		expect(await readPgliteTemplate(damaged, migrationsFolder)).toMatchObject({
			ok: false,
			reason: 'unreadable'
		});

		const missing = join(work, 'nowhere', PGLITE_TEMPLATE_FILE);
		expect(await readPgliteTemplate(missing, migrationsFolder)).toMatchObject({
			ok: false,
			reason: 'missing'
		});
		expect(templateMetaPath(missing)).toBe(join(work, 'nowhere', 'pglite-template.json'));
	});
});

describe('unpacking a template', () => {
	it('refuses a tarball that is not a whole PGlite data folder, before writing anything', async () => {
		const tar = new Uint8Array(readFileSync(inject('pgliteTemplate')));
		const dir = join(work, 'unpack');
		await mkdir(dir);
		await expect(unpackPgliteTemplate(new Uint8Array(4096).fill(7), dir)).rejects.toThrow(
			/not a ustar tarball/
		);
		await expect(unpackPgliteTemplate(tar.subarray(0, 200_000), dir)).rejects.toThrow(/truncated/);
		expect(readdirSync(dir)).toEqual([]);

		await unpackPgliteTemplate(tar, dir);
		expect(readFileSync(join(dir, 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
	});
});

describe('a first start on a new PGlite folder', () => {
	let fromTemplate: Awaited<ReturnType<typeof firstStart>>;

	it('starts from the template: migrated, seeded, and opened again as an existing folder', async () => {
		const dir = join(work, 'from-template', 'pglite'); // does not exist yet
		fromTemplate = await firstStart(dir, template);
		expect(fromTemplate.opened).toMatchObject({ from: 'template', migrateMs: expect.any(Number) });
		expect(fromTemplate.opened.templateSkipped).toBeUndefined();
		expect(fromTemplate.shape.migrations).toEqual(expectedMigrations());
		for (const part of ['columns', 'indexes', 'constraints'] as const) {
			expect(fromTemplate.shape[part].length, part).toBeGreaterThan(20);
		}
		expect(fromTemplate.counts).toMatchObject({ meeting: 2, ballot: expect.any(Number) });
		expect(readdirSync(dir)).not.toContain('rembuk-creating');

		const again = await openDatabase({
			pgliteDir: dir,
			migrationsFolder,
			pgliteTemplate: template
		});
		try {
			expect(again.opened.from).toBe('folder');
			expect(await seedDemoData(again.db)).toEqual({ seeded: false, accounts: [] });
			expect(await rowCounts(again.db)).toEqual(fromTemplate.counts);
		} finally {
			await again.close();
		}
	});

	it('creates the database from nothing, in the same shape, when the template is stale or missing', async () => {
		expect(fromTemplate, 'runs after the template test').toBeDefined();
		// Both create a database with initdb (seconds each): side by side.
		const [stale, missing] = await Promise.all([
			firstStart(join(work, 'stale-template', 'pglite'), staleTemplate),
			firstStart(join(work, 'no-template', 'pglite'), join(work, 'nowhere', PGLITE_TEMPLATE_FILE))
		]);
		expect(stale.opened).toMatchObject({
			from: 'initdb',
			templateSkipped: expect.stringMatching(/^template holds migrations up to /)
		});
		expect(missing.opened).toMatchObject({
			from: 'initdb',
			templateSkipped: expect.stringMatching(/^no template at /)
		});
		for (const created of [stale, missing]) {
			expect(created.shape).toEqual(fromTemplate.shape);
			expect(created.counts).toEqual(fromTemplate.counts);
		}
	});

	it('clears what an interrupted first start left and starts again', async () => {
		const dir = join(work, 'interrupted');
		await mkdir(join(dir, 'base'), { recursive: true });
		writeFileSync(join(dir, 'rembuk-creating'), '');
		writeFileSync(join(dir, 'PG_VERSION'), '18\n');
		writeFileSync(join(dir, 'base', 'half-written'), 'x');
		const handle = await openDatabase({
			pgliteDir: dir,
			migrationsFolder,
			pgliteTemplate: template
		});
		try {
			expect(handle.opened).toMatchObject({ from: 'template', restarted: true });
			expect(await shape(handle.db)).toEqual(fromTemplate.shape);
			expect(existsSync(join(dir, 'base', 'half-written'))).toBe(false);
			expect(existsSync(join(dir, 'rembuk-creating'))).toBe(false);
		} finally {
			await handle.close();
		}
	});
});

describe('the built server', () => {
	it('starts an empty folder from dist-server/ template, from any working directory', async () => {
		const built = join(serverEntry, '..', PGLITE_TEMPLATE_FILE);
		expect(existsSync(built), `${built} is missing: run \`npm run build\``).toBe(true);
		const elsewhere = join(work, 'elsewhere');
		await mkdir(elsewhere);
		const dir = join(work, 'server', 'pglite');
		const app = await startApp({ PGLITE_DIR: dir, LOG_LEVEL: 'info' }, 60_000, { cwd: elsewhere });
		try {
			expect(app.output()).toMatch(/database ready \{[^}]*"from":"template"/);
			expect(app.output()).toMatch(/demo data seeded/);
			expect(app.output()).toContain(`Demo meeting "${DEMO_MEETING_TITLE}"`);
			const res = await fetch(`${app.url}/healthz`);
			expect(await res.json()).toMatchObject({ status: 'ok', database: { ok: true } });
		} finally {
			await app.stop();
		}
		// Nothing was written where the server was started.
		expect(readdirSync(elsewhere)).toEqual([]);
		rmSync(dir, { recursive: true, force: true });
	});
});
