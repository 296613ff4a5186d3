import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { lockPgliteDir } from './pglite-lock.ts';
import * as schema from './schema/index.ts';

/**
 * The query builder type every service uses. Both drivers expose the same pg-core builder; we
 * type PGlite's database as the postgres-js one so services need no union types. Avoid
 * `db.execute()` (its result shape differs by driver).
 */
export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything a service can run queries on: the database or an open transaction. */
export type Queryable = Database | Transaction;

export type DatabaseHandle = {
	db: Database;
	driver: 'postgres' | 'pglite';
	/** A one-row round trip, for /healthz. */
	ping(): Promise<void>;
	close(): Promise<void>;
};

export type OpenOptions = {
	databaseUrl?: string;
	pgliteDir?: string;
	/** A PGlite data-dir tarball to start from (tests clone a migrated template). */
	pgliteLoadDataDir?: Blob;
	/** In-memory PGlite (tests). */
	pgliteInMemory?: boolean;
	poolMax?: number;
	migrationsFolder?: string;
};

/** Opens PostgreSQL (when a URL is given) or PGlite, and applies migrations when a folder is given. */
export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
	if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts);
	return openPglite(opts);
}

async function openPostgres(url: string, opts: OpenOptions): Promise<DatabaseHandle> {
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

async function openPglite(opts: OpenOptions): Promise<DatabaseHandle> {
	const release = opts.pgliteInMemory ? () => {} : lockPgliteDir(opts.pgliteDir ?? 'data/pglite');
	let client: PGlite;
	try {
		client = await PGlite.create({
			dataDir: opts.pgliteInMemory ? undefined : opts.pgliteDir,
			loadDataDir: opts.pgliteLoadDataDir
		});
		if (opts.migrationsFolder) {
			await migratePglite(drizzlePglite({ client, schema }), {
				migrationsFolder: opts.migrationsFolder
			});
		}
	} catch (e) {
		release();
		throw e;
	}
	const db = drizzlePglite({ client, schema }) as unknown as Database;
	let closed = false;
	return {
		db,
		driver: 'pglite',
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
