import { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteTemplate: string;
	}
}

const root = join(import.meta.dirname, '../..');
const migrationsFolder = join(root, 'drizzle');

/**
 * A fresh PGlite costs ~5 s (initdb); a clone of a migrated template costs well under 1 s.
 * The template is cached in tests/.cache, keyed by the migration files' hash.
 */
async function pgliteTemplate(): Promise<string> {
	const hash = createHash('sha256');
	for (const f of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
		const p = join(migrationsFolder, f);
		if (f.endsWith('.sql') || f.endsWith('.json')) hash.update(f).update(readFileSync(p));
	}
	const dir = join(root, 'tests/.cache');
	const file = join(dir, `pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
	if (existsSync(file)) return file;
	mkdirSync(dir, { recursive: true });
	const pg = await PGlite.create();
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	await migrate(drizzle({ client: pg }), { migrationsFolder });
	const blob = await pg.dumpDataDir('none');
	await pg.close();
	writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
	return file;
}

export default async function setup(project: TestProject) {
	project.provide('pgliteTemplate', await pgliteTemplate());
	const url = process.env.TEST_DATABASE_URL;
	if (url) {
		const sql = postgres(url, { max: 1, onnotice: () => {} });
		try {
			const [{ version }] = await sql`select version()`;
			console.log(
				`integration tests run against PGlite and PostgreSQL (${String(version).split(' on ')[0]})`
			);
		} catch (e) {
			throw new Error(
				`TEST_DATABASE_URL is set but PostgreSQL is not reachable: ${(e as Error).message}`,
				{ cause: e }
			);
		} finally {
			await sql.end({ timeout: 1 });
		}
	} else {
		console.log(
			'integration tests run against PGlite only (set TEST_DATABASE_URL to add PostgreSQL)'
		);
	}
}
