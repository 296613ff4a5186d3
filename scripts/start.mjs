// `npm start`: build when there is no build (or the sources changed since), then run the server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outputs = ['build/handler.js', 'dist-server/index.js'].map((p) => join(root, p));
const inputs = [
	'src',
	'server',
	'messages',
	'static',
	'drizzle',
	'package-lock.json',
	'svelte.config.js',
	'vite.config.ts'
];

function newest(path) {
	if (!existsSync(path)) return 0;
	const s = statSync(path);
	if (!s.isDirectory()) return s.mtimeMs;
	let t = 0;
	for (const e of readdirSync(path, { withFileTypes: true })) {
		if (e.name === 'paraglide' || e.name.startsWith('.')) continue;
		t = Math.max(t, newest(join(path, e.name)));
	}
	return t;
}

const built = outputs.every((p) => existsSync(p));
const builtAt = built ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
const changedAt = Math.max(...inputs.map((p) => newest(join(root, p))));
if (!built || changedAt > builtAt) {
	console.log(
		built ? 'Sources changed since the last build: building …' : 'First start: building the app …'
	);
	const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(
	process.execPath,
	[
		...(existsSync(join(root, '.env')) ? ['--env-file=.env'] : []),
		join(root, 'dist-server/index.js')
	],
	{
		cwd: root,
		stdio: 'inherit'
	}
);
// Pass stop signals on, so the server shuts down gracefully whoever receives them.
for (const signal of ['SIGTERM', 'SIGINT']) {
	process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
