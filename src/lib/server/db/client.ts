import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { LOCK_FILE, lockPgliteDir } from './pglite-lock.ts';
import { readPgliteTemplate, unpackPgliteTemplate } from './pglite-template.ts';
import * as schema from './schema/index.ts';

/**
 * The query builder type every service uses. Both drivers expose the same pg-core builder; we
 * type PGlite's database as the postgres-js one so services need no union types. Avoid
 * `db.execute()` (its result shape differs by driver), or read its rows with `rowsOf` (set-params.ts).
 */
export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything a service can run queries on: the database or an open transaction. */
export type Queryable = Database | Transaction;

export type DatabaseHandle = {
	db: Database;
	driver: 'postgres' | 'pglite';
	/** How the database was opened, and how long each part took (logged at start-up). */
	opened: OpenReport;
	/** A one-row round trip, for /healthz. */
	ping(): Promise<void>;
	close(): Promise<void>;
};

export type OpenReport = {
	/**
	 * `postgres`; for PGlite: `folder` (an existing database), `template` (a new folder unpacked
	 * from the build's template), `initdb` (a new database created from nothing, ~4 s), `tarball`
	 * (from `pgliteLoadDataDir`).
	 */
	from: 'postgres' | 'folder' | 'template' | 'initdb' | 'tarball';
	/** Why a given template was not used for a new folder. */
	templateSkipped?: string;
	/** An earlier first start on this folder was interrupted: its leftovers were removed. */
	restarted?: boolean;
	/** Reading, checking and unpacking the template (`from: 'template'`). */
	templateMs?: number;
	/** Connecting, or creating / opening the PGlite database; then applying migrations. */
	openMs: number;
	migrateMs: number;
};

export type OpenOptions = {
	databaseUrl?: string;
	pgliteDir?: string;
	/** A PGlite data-dir tarball to start from (tests clone a migrated template). */
	pgliteLoadDataDir?: Blob;
	/** In-memory PGlite (tests). */
	pgliteInMemory?: boolean;
	/**
	 * A migrated PGlite template made by `npm run build` (`dist-server/pglite-template.tar.gz`, see
	 * pglite-template.ts). A new (missing or empty) `pgliteDir` is unpacked from it instead of
	 * running initdb, when it matches `migrationsFolder` and the installed PGlite; otherwise, or
	 * when the file does not exist, the folder is created from nothing as before.
	 */
	pgliteTemplate?: string;
	poolMax?: number;
	migrationsFolder?: string;
};

/** Opens PostgreSQL (when a URL is given) or PGlite, and applies migrations when a folder is given. */
export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
	if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts);
	return openPglite(opts);
}

async function openPostgres(url: string, opts: OpenOptions): Promise<DatabaseHandle> {
	const t0 = performance.now();
	const client = postgres(url, {
		max: opts.poolMax ?? 10,
		onnotice: () => {},
		connection: { application_name: 'rembuk' }
	});
	try {
		if (opts.migrationsFolder) await migratePostgresLocked(url, opts.migrationsFolder);
	} catch (e) {
		await client.end({ timeout: 1 });
		throw e;
	}
	const db = drizzlePostgres({ client, schema });
	return {
		db,
		driver: 'postgres',
		opened: { from: 'postgres', openMs: 0, migrateMs: ms(t0) },
		ping: async () => {
			await client`select 1`;
		},
		close: () => client.end({ timeout: 5 })
	};
}

/**
 * Two processes starting together must not both migrate: the migration runs on its own single
 * connection holding a session-level advisory lock.
 */
async function migratePostgresLocked(url: string, migrationsFolder: string) {
	const single = postgres(url, { max: 1, onnotice: () => {} });
	try {
		await single`select pg_advisory_lock(7271001)`;
		await migratePostgres(drizzlePostgres({ client: single, schema }), { migrationsFolder });
		await single`select pg_advisory_unlock(7271001)`;
	} finally {
		await single.end({ timeout: 1 });
	}
}

/**
 * Written into a new PGlite folder before the database is created there and removed once it is
 * migrated: finding it means an earlier first start stopped half-way (killed while unpacking or
 * during initdb), and everything in the folder is ours to remove.
 */
const CREATING_FILE = 'rembuk-creating';

/** `new`: missing or empty; `interrupted`: see CREATING_FILE; else what PGlite finds there. */
function pgliteFolderState(dir: string): 'new' | 'interrupted' | 'database' | 'other' {
	const entries = existsSync(dir) ? readdirSync(dir).filter((e) => e !== LOCK_FILE) : [];
	if (entries.includes(CREATING_FILE)) return 'interrupted';
	if (entries.length === 0) return 'new';
	return entries.includes('PG_VERSION') ? 'database' : 'other';
}

type FolderPlan = Pick<OpenReport, 'from' | 'templateSkipped' | 'restarted'> & {
	/** A new database is being created in the folder (CREATING_FILE is there until it is done). */
	creating: boolean;
};

/**
 * Looks at a locked PGlite folder before PGlite opens it. A new folder gets the template unpacked
 * into it when one is given and fits; an interrupted first start is cleared and starts again.
 */
async function preparePgliteFolder(dir: string, opts: OpenOptions): Promise<FolderPlan> {
	const clear = () => {
		for (const e of readdirSync(dir)) {
			if (e !== LOCK_FILE && e !== CREATING_FILE) {
				rmSync(join(dir, e), { recursive: true, force: true });
			}
		}
	};
	let state = pgliteFolderState(dir);
	const restarted = state === 'interrupted';
	if (restarted) {
		clear();
		state = 'new';
	}
	const plan = (p: Omit<FolderPlan, 'restarted'>): FolderPlan => ({
		...p,
		...(restarted ? { restarted } : {})
	});
	if (state === 'database') return plan({ from: 'folder', creating: false });
	const from = opts.pgliteLoadDataDir ? 'tarball' : 'initdb';
	if (state === 'other') {
		// Not ours to judge (no PG_VERSION): PGlite runs initdb as it always did.
		return plan({
			from,
			creating: false,
			...(opts.pgliteTemplate ? { templateSkipped: `${dir} is not empty` } : {})
		});
	}
	writeFileSync(join(dir, CREATING_FILE), '');
	if (opts.pgliteLoadDataDir || !opts.pgliteTemplate) return plan({ from, creating: true });
	if (!opts.migrationsFolder) {
		return plan({
			from,
			creating: true,
			templateSkipped: 'no migrations folder to check it against'
		});
	}
	const template = await readPgliteTemplate(opts.pgliteTemplate, opts.migrationsFolder);
	if (!template.ok) return plan({ from, creating: true, templateSkipped: template.detail });
	try {
		// PGlite then finds a database in the folder and opens it.
		await unpackPgliteTemplate(template.tar, dir);
	} catch (e) {
		clear();
		return plan({ from, creating: true, templateSkipped: `unpacking failed: ${String(e)}` });
	}
	return plan({ from: 'template', creating: true });
}

/**
 * PGlite's page cache inside its WASM memory. initdb's default (128 MB) is allocated and touched
 * at every start; one kelurahan's database is a few megabytes, and the files behind it stay in the
 * operating system's cache anyway.
 */
const PGLITE_SHARED_BUFFERS = '32MB';

async function openPglite(opts: OpenOptions): Promise<DatabaseHandle> {
	const dir = opts.pgliteDir ?? 'data/pglite';
	const release = opts.pgliteInMemory ? () => {} : lockPgliteDir(dir);
	let client: PGlite;
	let opened: OpenReport;
	try {
		const t0 = performance.now();
		const { creating, ...plan }: FolderPlan = opts.pgliteInMemory
			? { from: opts.pgliteLoadDataDir ? 'tarball' : 'initdb', creating: false }
			: await preparePgliteFolder(dir, opts);
		const t1 = performance.now();
		client = await PGlite.create({
			dataDir: opts.pgliteInMemory ? undefined : dir,
			loadDataDir: opts.pgliteLoadDataDir,
			startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`]
		});
		const t2 = performance.now();
		if (opts.migrationsFolder) {
			await migratePglite(drizzlePglite({ client, schema }), {
				migrationsFolder: opts.migrationsFolder
			});
		}
		if (creating) rmSync(join(dir, CREATING_FILE), { force: true });
		opened = {
			...plan,
			...(plan.from === 'template' ? { templateMs: Math.round(t1 - t0) } : {}),
			openMs: Math.round(t2 - t1),
			migrateMs: ms(t2)
		};
	} catch (e) {
		release();
		throw e;
	}
	const db = drizzlePglite({ client, schema }) as unknown as Database;
	let closed = false;
	return {
		db,
		driver: 'pglite',
		opened,
		ping: async () => {
			await client.query('select 1');
		},
		close: async () => {
			if (closed) return;
			closed = true;
			try {
				await client.close();
			} finally {
				release();
			}
		}
	};
}

function ms(since: number) {
	return Math.round(performance.now() - since);
}
