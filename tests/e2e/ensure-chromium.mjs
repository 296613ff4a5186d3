// Makes sure a Chromium exists before Playwright runs: never a silent skip.
// Found → nothing to do. Missing and we are root with apt-get → install Debian's chromium.
// Otherwise stop at once with the one command to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium-path.mjs';

const found = findChromium();
if (found) {
	process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
	console.log("No Chromium found for the browser tests: installing Debian's chromium (apt-get) …");
	try {
		execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit' });
	} catch {
		execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
		execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit' });
	}
	if (findChromium()) process.exit(0);
}
console.error(
	'The browser tests need Chromium and none was found.\n' +
		'Install it with:  sudo apt-get install -y chromium\n' +
		'(or point CHROMIUM_PATH at a Chromium binary).'
);
process.exit(1);
