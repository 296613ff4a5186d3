// Bundles server/index.ts (and the src/lib/server code it reaches) into dist-server/index.js.
// Packages stay external: they are installed as runtime dependencies.
import { build } from 'esbuild';

await build({
	entryPoints: ['server/index.ts'],
	outfile: 'dist-server/index.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	sourcemap: true,
	logLevel: 'warning'
});
console.log('built dist-server/index.js');
