import { sleep, monotonicNow } from './clock.ts';
import { totalCpuSeconds } from './proc-stats.ts';

/**
 * Waits until `pids` together use less than `threshold` of one core for two half-second windows
 * in a row (e.g. the connect storm and its awareness traffic are over), at most `maxMs`.
 * Returns how long it waited and whether it got quiet.
 */
export async function waitForQuiet(
	pids: number[],
	{ maxMs = 20_000, threshold = 0.1 } = {}
): Promise<{ waitedMs: number; quiet: boolean }> {
	const start = monotonicNow();
	const windowMs = 500;
	let previous = totalCpuSeconds(pids);
	let quietWindows = 0;
	while (monotonicNow() - start < maxMs) {
		await sleep(windowMs);
		const now = totalCpuSeconds(pids);
		const cores = (now - previous) / (windowMs / 1000);
		previous = now;
		quietWindows = cores < threshold ? quietWindows + 1 : 0;
		if (quietWindows >= 2) return { waitedMs: Math.round(monotonicNow() - start), quiet: true };
	}
	return { waitedMs: Math.round(monotonicNow() - start), quiet: false };
}
