// `npm test`: every check, in the order that fails fastest. Prints one timing line per step and a
// closing "N passed, N failed" line counted from the test runners' JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

// Not test-results/: Playwright empties that folder when it starts.
const reports = '.test-reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const steps = [
	['format and lint', 'npm', ['run', 'lint']],
	['type-check (svelte-check)', 'npm', ['run', 'check']],
	// Before vitest: the integration tests start the built server (node dist-server/index.js).
	['production build', 'npm', ['run', 'build']],
	[
		'unit and integration tests (vitest)',
		'npx',
		[
			'vitest',
			'run',
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${reports}/vitest.json`
		]
	],
	['Chromium for the browser tests', 'node', ['tests/e2e/ensure-chromium.mjs']],
	['browser journeys (Playwright)', 'npx', ['playwright', 'test', '--reporter=list,json']]
];

const started = Date.now();
const timings = [];
for (const [name, cmd, args] of steps) {
	console.log(`\n=== ${name} ===`);
	const t0 = Date.now();
	const env = { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/playwright.json` };
	const r = spawnSync(cmd, args, { stdio: 'inherit', env });
	timings.push(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	if (r.status !== 0) {
		summary();
		console.error(`\nnpm test stopped: "${name}" failed.`);
		process.exit(r.status ?? 1);
	}
}
summary();

function summary() {
	let passed = 0;
	let failed = 0;
	let skipped = 0;
	const vitest = `${reports}/vitest.json`;
	if (existsSync(vitest)) {
		const v = JSON.parse(readFileSync(vitest, 'utf8'));
		passed += v.numPassedTests;
		failed += v.numFailedTests;
		skipped += v.numPendingTests + (v.numTodoTests ?? 0);
	}
	const pw = `${reports}/playwright.json`;
	if (existsSync(pw)) {
		const p = JSON.parse(readFileSync(pw, 'utf8'));
		passed += p.stats.expected + p.stats.flaky;
		failed += p.stats.unexpected;
		skipped += p.stats.skipped;
	}
	console.log('\n' + timings.join('\n'));
	console.log(`total: ${((Date.now() - started) / 1000).toFixed(1)} s`);
	console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
