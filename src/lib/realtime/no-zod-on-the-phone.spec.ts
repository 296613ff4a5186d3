/**
 * The resident's phone must not download a validation library: zod (even `zod/mini`) costs more
 * of the page's JavaScript budget (DESIGN.md: under 100 KB gzip) than the hand-written checks in
 * `board/input.ts`, `live/schema.ts` and `protocol.ts`. Server-only folders may keep zod.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const lib = join(root, 'src/lib');

/** Folders whose modules end up in the browser bundle. */
const browserFolders = ['src/lib/realtime', 'src/lib/state', 'src/lib/components'];

/** The pages a resident opens on their phone: the entry points of the transitive check. */
const residentPages = [
	'src/routes/+layout.svelte',
	'src/routes/join/+page.svelte',
	'src/routes/j/[code]/+page.svelte',
	'src/routes/m/[meetingId=id]/+page.svelte'
];

const sourceFile = /\.(ts|js|svelte)$/;

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return filesUnder(path);
		return sourceFile.test(name) ? [path] : [];
	});
}

type ImportLine = { specifier: string; typeOnly: boolean };

/**
 * Every static import, re-export and dynamic import of a module. `import type` / `export type`
 * are marked: the bundler drops them, so only the direct check counts them.
 */
function importsOf(source: string): ImportLine[] {
	const found: ImportLine[] = [];
	const fromClause = /\b(import|export)\s+(type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g;
	const bare = /\bimport\s*['"]([^'"]+)['"]/g;
	const dynamic = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
	for (const m of source.matchAll(fromClause)) found.push({ specifier: m[3], typeOnly: !!m[2] });
	for (const m of source.matchAll(bare)) found.push({ specifier: m[1], typeOnly: false });
	for (const m of source.matchAll(dynamic)) found.push({ specifier: m[1], typeOnly: false });
	return found;
}

const isZod = (specifier: string) => specifier === 'zod' || specifier.startsWith('zod/');

/** A relative or `$lib` specifier as a file in the repo; null for packages and `$app`. */
function resolveLocal(from: string, specifier: string): string | null {
	let base: string;
	if (specifier.startsWith('$lib/')) base = join(lib, specifier.slice('$lib/'.length));
	else if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
	else return null;
	const candidates = [
		base,
		`${base}.ts`,
		`${base}.js`,
		join(base, 'index.ts'),
		join(base, 'index.js')
	];
	return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

describe('no zod on the phone', () => {
	it('no module in the browser folders imports zod', () => {
		const offenders = browserFolders
			.flatMap((folder) => filesUnder(join(root, folder)))
			.filter((file) => !/\.(spec|test)\.ts$/.test(file))
			.filter((file) => importsOf(readFileSync(file, 'utf8')).some((i) => isZod(i.specifier)))
			.map((file) => relative(root, file));
		expect(offenders).toEqual([]);
	});

	it('no module a resident page loads imports zod, however indirectly', () => {
		const offenders: string[] = [];
		const seen = new Set<string>();
		const queue = residentPages.map((page) => join(root, page)).filter((p) => existsSync(p));
		expect(queue.length).toBeGreaterThan(0);
		while (queue.length > 0) {
			const file = queue.pop()!;
			if (seen.has(file)) continue;
			seen.add(file);
			for (const { specifier, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
				if (typeOnly) continue;
				if (isZod(specifier)) offenders.push(relative(root, file));
				const next = resolveLocal(file, specifier);
				if (next) queue.push(next);
			}
		}
		// The walk must reach the modules that used to carry zod, or it proves nothing.
		for (const module of ['board/input.ts', 'live/schema.ts', 'protocol.ts']) {
			expect(seen).toContain(join(lib, 'realtime', module));
		}
		expect(offenders).toEqual([]);
	});

	it('would notice a zod import', () => {
		expect(importsOf(`import * as z from 'zod/mini';`).some((i) => isZod(i.specifier))).toBe(true);
		expect(importsOf(`import { z } from "zod";`).map((i) => i.specifier)).toEqual(['zod']);
		expect(importsOf(`import type { ZodType } from 'zod';`)).toEqual([
			{ specifier: 'zod', typeOnly: true }
		]);
		expect(importsOf(`export {\n\tx\n} from 'zod';`).some((i) => isZod(i.specifier))).toBe(true);
		expect(importsOf(`const z = await import('zod');`).some((i) => isZod(i.specifier))).toBe(true);
		expect(isZod('zod-like')).toBe(false);
	});
});
