// Where a Chromium for Playwright is: CHROMIUM_PATH, Debian's /usr/bin/chromium, or Playwright's cache.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function findChromium() {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
	const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache/ms-playwright');
	if (existsSync(cache)) {
		for (const d of readdirSync(cache)
			.filter((d) => d.startsWith('chromium-'))
			.sort()
			.reverse()) {
			candidates.push(
				join(cache, d, 'chrome-linux/chrome'),
				join(cache, d, 'chrome-linux64/chrome')
			);
		}
	}
	return candidates.find((p) => p && existsSync(p));
}
