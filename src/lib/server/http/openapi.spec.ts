import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiErrorCodes } from './json.ts';
import { openApiDocument } from './openapi.ts';

const root = join(import.meta.dirname, '../../../..');
const apiDir = join(root, 'src/routes/api/v1');

/** `meetings/[meetingId=id]/phase/+server.ts` → `/api/v1/meetings/{meetingId}/phase`. */
function pathOf(file: string) {
	const dir = relative(apiDir, file).split(sep).slice(0, -1);
	const segments = dir.map((s) => s.replace(/^\[(\w+)(=\w+)?\]$/, '{$1}'));
	return ['/api/v1', ...segments].join('/');
}

/** Every +server.ts under /api/v1 with the methods it exports, lower-cased as OpenAPI spells them. */
function routeFiles(): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const f of readdirSync(apiDir, { recursive: true }).map(String)) {
		if (!f.endsWith('+server.ts')) continue;
		const file = join(apiDir, f);
		const source = readFileSync(file, 'utf8');
		const methods = [
			...source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)
		]
			.map((m) => m[1].toLowerCase())
			.sort();
		out.set(pathOf(file), methods);
	}
	return out;
}

const operations = ['get', 'post', 'put', 'patch', 'delete'];

describe('the OpenAPI document', () => {
	const routes = routeFiles();
	const documented = new Map(
		Object.entries(openApiDocument.paths).map(([path, item]) => [
			path,
			Object.keys(item)
				.filter((k) => operations.includes(k))
				.sort()
		])
	);

	it('finds the API routes (the walk itself works)', () => {
		expect(routes.get('/api/v1/session')).toEqual(['delete', 'post']);
		expect(routes.get('/api/v1/meetings/{meetingId}/finalize')).toEqual(['post']);
	});

	it('has every route file with exactly its methods, and no path without a route', () => {
		expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(routes));
	});

	it('declares the path parameters each templated path uses', () => {
		for (const [path, item] of Object.entries(openApiDocument.paths)) {
			const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
			const declared = ('parameters' in item ? item.parameters : [])
				.filter((p) => p.in === 'path')
				.map((p) => p.name);
			expect(declared, path).toEqual(names);
		}
	});

	it('resolves every $ref and lists every error code', () => {
		const text = JSON.stringify(openApiDocument);
		for (const [, name] of text.matchAll(/"#\/components\/schemas\/(\w+)"/g)) {
			expect(openApiDocument.components.schemas, name).toHaveProperty(name);
		}
		expect(text).toContain(JSON.stringify({ type: 'string', enum: apiErrorCodes }));
		expect(openApiDocument.openapi).toBe('3.1.0');
	});
});
