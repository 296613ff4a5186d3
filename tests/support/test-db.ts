import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/client.ts';

export type Driver = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const drivers: Driver[] = process.env.TEST_DATABASE_URL
	? ['pglite', 'postgres']
	: ['pglite'];

export const migrationsFolder = join(import.meta.dirname, '../../drizzle');

export type TestDatabase = DatabaseHandle & {
	/** For PostgreSQL: the URL of this test's own database. */
	url?: string;
	/** Drops the database / closes PGlite. */
	cleanup(): Promise<void>;
};

function templateBlob(): Blob {
	return new Blob([readFileSync(inject('pgliteTemplate'))]);
}

/**
 * A fresh, migrated database for one test file: PGlite cloned in memory from the migrated
 * template, or a new PostgreSQL database created next to TEST_DATABASE_URL's.
 */
export async function createTestDatabase(driver: Driver): Promise<TestDatabase> {
	if (driver === 'pglite') {
		const handle = await openDatabase({ pgliteInMemory: true, pgliteLoadDataDir: templateBlob() });
		return { ...handle, cleanup: handle.close };
	}
	const url = await createPostgresDatabase();
	const handle = await openDatabase({ databaseUrl: url, migrationsFolder, poolMax: 4 });
	return {
		...handle,
		url,
		cleanup: async () => {
			await handle.close();
			await dropPostgresDatabase(url);
		}
	};
}

/** A PGlite data folder on disk holding the migrated template (for a server started as a process). */
export async function createPgliteDir(): Promise<{ dir: string; cleanup(): Promise<void> }> {
	const dir = await mkdtemp(join(tmpdir(), 'rembuk-pglite-'));
	const pg = await PGlite.create({ dataDir: dir, loadDataDir: templateBlob() });
	await pg.close();
	return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** An empty PostgreSQL database (no migrations), e.g. to prove that start-up migrates it. */
export async function createPostgresDatabase(): Promise<string> {
	const base = process.env.TEST_DATABASE_URL;
	if (!base) throw new Error('TEST_DATABASE_URL is not set');
	const name = `rembuk_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(base, { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`create database "${name}"`);
	} finally {
		await admin.end({ timeout: 1 });
	}
	const url = new URL(base);
	url.pathname = '/' + name;
	return url.toString();
}

export async function dropPostgresDatabase(url: string) {
	const base = process.env.TEST_DATABASE_URL!;
	const name = new URL(url).pathname.slice(1);
	const admin = postgres(base, { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
	} finally {
		await admin.end({ timeout: 1 });
	}
}
