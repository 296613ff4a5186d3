import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzipSync } from 'node:zlib';
import { sha256Hex } from '../hash.ts';

/**
 * A migrated, empty PGlite database made at build time (`npm run build` writes
 * `dist-server/pglite-template.tar.gz`), so a first start on an empty folder unpacks it instead of
 * running initdb inside WASM (~4 s). Next to the tarball, `pglite-template.json` says what it holds;
 * a template made for other migrations or another PGlite is never used (decision 0010).
 *
 * The tarball is PGlite's own `dumpDataDir()`, gzipped. We unpack it with Node into the folder and
 * let PGlite open it as an existing database: PGlite's `loadDataDir` would write the same 40 MB,
 * 1,100 files, through its WASM file system on the main thread, about half a second more on two
 * cores.
 */
export const PGLITE_TEMPLATE_FILE = 'pglite-template.tar.gz';

/** Raise when the way a template is made changes (not what it holds): older ones are then unused. */
const TEMPLATE_FORMAT = 1;

/** What a template holds: the PGlite that made it and the migrations applied to it. */
export type TemplateIdentity = {
	/** `@electric-sql/pglite` version: its data folder format is what the tarball contains. */
	pglite: string;
	/** sha256 over every migration's (when, sha256) as drizzle records them, in journal order. */
	migrations: string;
	/** The journal tag of the last migration (for people reading the file). */
	lastMigration: string | null;
};

export type TemplateMeta = TemplateIdentity & {
	format: number;
	/** sha256 and size of the tarball, so a truncated or replaced file is not used. */
	sha256: string;
	bytes: number;
	createdAt: string;
};

/** The metadata file next to a template tarball: `x.tar.gz` → `x.json`. */
export function templateMetaPath(file: string) {
	return join(dirname(file), basename(file).replace(/(\.tar\.gz|\.tgz|\.tar)$/, '') + '.json');
}

/** The identity a template must have to be used with `migrationsFolder` and this PGlite. */
export function templateIdentity(migrationsFolder: string): TemplateIdentity {
	const migrations = readMigrationFiles({ migrationsFolder });
	const hash = createHash('sha256');
	for (const m of migrations) hash.update(`${m.folderMillis}:${m.hash}\n`);
	const journal = JSON.parse(
		readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')
	) as {
		entries: Array<{ tag: string }>;
	};
	return {
		pglite: pgliteVersion(),
		migrations: hash.digest('hex'),
		lastMigration: journal.entries.at(-1)?.tag ?? null
	};
}

function pgliteVersion(): string {
	// The package does not export its package.json; it sits above the resolved entry (dist/).
	const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
	const pkg = JSON.parse(readFileSync(join(dirname(entry), '../package.json'), 'utf8')) as {
		name?: string;
		version?: string;
	};
	if (pkg.name !== '@electric-sql/pglite' || !pkg.version) {
		throw new Error(`cannot tell the installed PGlite version (read ${entry})`);
	}
	return pkg.version;
}

export type TemplateLookup =
	| { ok: true; tar: Uint8Array; meta: TemplateMeta }
	| { ok: false; reason: 'missing' | 'stale' | 'unreadable'; detail: string };

type TemplateCheck =
	{ ok: true; gz: Buffer; meta: TemplateMeta } | Extract<TemplateLookup, { ok: false }>;

/**
 * The template's compressed bytes and metadata when it matches `migrationsFolder` and the
 * installed PGlite and its checksum holds; otherwise why not.
 */
function checkPgliteTemplate(file: string, migrationsFolder: string): TemplateCheck {
	let meta: TemplateMeta;
	let gz: Buffer;
	try {
		meta = JSON.parse(readFileSync(templateMetaPath(file), 'utf8')) as TemplateMeta;
		gz = readFileSync(file);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
			return { ok: false, reason: 'missing', detail: `no template at ${file}` };
		}
		return { ok: false, reason: 'unreadable', detail: (e as Error).message };
	}
	let want: TemplateIdentity;
	try {
		want = templateIdentity(migrationsFolder);
	} catch (e) {
		return { ok: false, reason: 'unreadable', detail: (e as Error).message };
	}
	if (
		meta.format !== TEMPLATE_FORMAT ||
		meta.pglite !== want.pglite ||
		meta.migrations !== want.migrations
	) {
		return {
			ok: false,
			reason: 'stale',
			detail:
				`template holds migrations up to ${meta.lastMigration} for PGlite ${meta.pglite}; ` +
				`this server has ${want.lastMigration} for PGlite ${want.pglite}`
		};
	}
	if (gz.length !== meta.bytes || sha256Hex(gz) !== meta.sha256) {
		return { ok: false, reason: 'unreadable', detail: `${file} does not match its checksum` };
	}
	return { ok: true, gz, meta };
}

/**
 * Reads the template at `file` when it matches `migrationsFolder` and the installed PGlite;
 * otherwise says why not (no template is normal under `vite dev` and in tests).
 */
export async function readPgliteTemplate(
	file: string,
	migrationsFolder: string
): Promise<TemplateLookup> {
	const checked = checkPgliteTemplate(file, migrationsFolder);
	if (!checked.ok) return checked;
	const { gz, meta } = checked;
	try {
		// On libuv's thread pool: meanwhile the main thread loads the SvelteKit handler.
		const tar = await promisify(gunzip)(gz, { chunkSize: 1 << 20 });
		return { ok: true, tar: new Uint8Array(tar.buffer, tar.byteOffset, tar.length), meta };
	} catch (e) {
		return { ok: false, reason: 'unreadable', detail: (e as Error).message };
	}
}

type TarEntry = { path: string; dir: boolean; data: Uint8Array };

/**
 * The entries of a PGlite data-folder tarball (ustar, as PGlite's `dumpDataDir` writes it: folders
 * and plain files only). Throws on anything else, before a single file is written.
 */
function tarEntries(tar: Uint8Array): TarEntry[] {
	const text = new TextDecoder();
	const field = (at: number, length: number) => {
		const bytes = tar.subarray(at, at + length);
		const end = bytes.indexOf(0);
		return text.decode(end < 0 ? bytes : bytes.subarray(0, end));
	};
	const entries: TarEntry[] = [];
	let at = 0;
	for (;;) {
		if (at + 512 > tar.length) throw new Error('the template tarball is truncated');
		if (tar[at] === 0) return entries; // the zero block that ends the archive
		if (field(at + 257, 5) !== 'ustar') throw new Error('the template is not a ustar tarball');
		const prefix = field(at + 345, 155);
		const name = (prefix ? `${prefix}/` : '') + field(at + 0, 100);
		const size = Number.parseInt(field(at + 124, 12).trim() || '0', 8);
		const type = tar[at + 156];
		const path = name.replace(/^\/+/, '').replace(/\/+$/, '');
		if (!Number.isSafeInteger(size) || size < 0 || at + 512 + size > tar.length) {
			throw new Error(`the template tarball is truncated at ${name}`);
		}
		if (!path || path.split('/').some((part) => part === '..' || part === '.' || part === '')) {
			throw new Error(`unexpected path in the template tarball: ${name}`);
		}
		// '0' (or NUL, pre-POSIX) a file, '5' a folder; links and extended headers are not expected.
		if (type !== 0x30 && type !== 0 && type !== 0x35) {
			throw new Error(`unexpected entry type in the template tarball: ${name}`);
		}
		entries.push({
			path,
			dir: type === 0x35,
			data: tar.subarray(at + 512, at + 512 + size)
		});
		at += 512 + Math.ceil(size / 512) * 512;
	}
}

/**
 * Unpacks a template read by `readPgliteTemplate` into `dir` (which exists and holds no database):
 * afterwards PGlite opens the folder as an existing database.
 */
export async function unpackPgliteTemplate(tar: Uint8Array, dir: string): Promise<void> {
	const root = resolve(dir);
	const entries = tarEntries(tar);
	const target = (path: string) => {
		const full = resolve(root, path);
		if (!full.startsWith(root + sep)) throw new Error(`unexpected path in the template: ${path}`);
		return full;
	};
	const folders = new Set(entries.map((e) => (e.dir ? e.path : dirname(e.path))));
	for (const folder of folders) {
		if (folder !== '.') mkdirSync(target(folder), { recursive: true, mode: 0o700 });
	}
	// About 1,100 files: written on the thread pool, as PostgreSQL would (owner-only).
	await Promise.all(
		entries.filter((e) => !e.dir).map((e) => writeFile(target(e.path), e.data, { mode: 0o600 }))
	);
}

/**
 * Writes `tar` (a PGlite `dumpDataDir('none')` of a database migrated with `migrationsFolder`) as
 * the template `file` with its metadata. Both files are replaced atomically, the tarball first:
 * a reader never pairs new metadata with an old tarball.
 */
export function writePgliteTemplate(
	file: string,
	tar: Uint8Array,
	migrationsFolder: string
): TemplateMeta {
	const gz = gzipSync(tar, { level: 9 });
	const meta: TemplateMeta = {
		format: TEMPLATE_FORMAT,
		...templateIdentity(migrationsFolder),
		sha256: sha256Hex(gz),
		bytes: gz.length,
		createdAt: new Date().toISOString()
	};
	mkdirSync(dirname(file), { recursive: true });
	writeAtomically(file, gz);
	writeAtomically(templateMetaPath(file), JSON.stringify(meta, null, '\t') + '\n');
	return meta;
}

/**
 * Makes (or keeps, when it is up to date) the template `file`: a fresh in-memory PGlite, migrated
 * with `migrationsFolder`, dumped. Build time only: it costs one initdb.
 */
export async function buildPgliteTemplate(
	file: string,
	migrationsFolder: string
): Promise<{ meta: TemplateMeta; reused: boolean }> {
	// Kept when it still fits: its checksum was taken of the gzip this step wrote.
	const existing = checkPgliteTemplate(file, migrationsFolder);
	if (existing.ok) return { meta: existing.meta, reused: true };
	const pg = await PGlite.create();
	try {
		await migrate(drizzle({ client: pg }), { migrationsFolder });
		// So that the first start has next to no WAL to replay before it opens.
		await pg.exec('CHECKPOINT');
		const dump = await pg.dumpDataDir('none');
		const tar = new Uint8Array(await dump.arrayBuffer());
		tarEntries(tar); // what the server will unpack: fail the build, not the first start
		return { meta: writePgliteTemplate(file, tar, migrationsFolder), reused: false };
	} finally {
		await pg.close();
	}
}

function writeAtomically(file: string, data: Uint8Array | string) {
	const tmp = `${file}.${process.pid}.tmp`;
	writeFileSync(tmp, data);
	renameSync(tmp, file);
}
