/**
 * The worker and the reference servers run as plain `node` children, like Rembuk's own
 * `dist-server/index.js`: no TypeScript loader in their memory or CPU figures. esbuild bundles
 * their TypeScript (packages stay external) into node_modules/.cache, from where Node resolves
 * the packages as usual.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const entries = {
	worker: 'worker.ts',
	/** bench:vote's simulated phones (bench/vote/worker.ts). */
	'vote-worker': '../vote/worker.ts',
	'reference-server': 'targets/reference-server.ts',
	'hocuspocus-server': 'targets/hocuspocus-server.ts'
} as const;

export type ChildEntry = keyof typeof entries;

const here = fileURLToPath(new URL('.', import.meta.url));
const outdir = fileURLToPath(new URL('../../node_modules/.cache/bench-realtime/', import.meta.url));
let built: Promise<void> | null = null;

/** Path of the runnable .mjs for a child entry, building all of them once per run. */
export async function childEntry(name: ChildEntry): Promise<string> {
	built ??= build({
		entryPoints: Object.entries(entries).map(([out, src]) => ({ out, in: here + src })),
		outdir,
		outExtension: { '.js': '.mjs' },
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		logLevel: 'warning'
	}).then(() => undefined);
	await built;
	return `${outdir}${name}.mjs`;
}
