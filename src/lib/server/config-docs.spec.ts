import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configVariables } from './config';

const root = join(import.meta.dirname, '../../..');

describe('configuration documentation', () => {
	it('.env.example documents every variable config.ts reads', () => {
		const example = readFileSync(join(root, '.env.example'), 'utf8');
		const documented = new Set(
			[...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1])
		);
		const missing = configVariables.filter((v) => v !== 'NODE_ENV' && !documented.has(v));
		expect(missing).toEqual([]);
	});

	it('docs/configuration.md names every variable', () => {
		const doc = readFileSync(join(root, 'docs/configuration.md'), 'utf8');
		expect(configVariables.filter((v) => !doc.includes(`\`${v}\``))).toEqual([]);
	});
});
