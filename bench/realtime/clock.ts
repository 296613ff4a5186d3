/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC, what `process.hrtime` reads).
 * Every process of the bench runs on one machine and reads the same clock, so a timestamp taken
 * in one worker can be compared with `monotonicNow()` in another: that is how latency is measured
 * (the writer puts the time inside the edit).
 */
export function monotonicNow(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

export function sleepUntil(atMs: number): Promise<void> {
	return sleep(atMs - monotonicNow());
}
