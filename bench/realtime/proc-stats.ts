/**
 * CPU time and resident memory of a process, read from /proc (Linux). Reading /proc works the
 * same for every server under test, including Rembuk, which the bench does not instrument.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const ticksPerSecond = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
})();

/** User + system CPU seconds of all threads of `pid` so far, or null once it is gone. */
export function cpuSeconds(pid: number): number | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name, which is in parentheses and may contain spaces.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
	} catch {
		return null;
	}
}

export function totalCpuSeconds(pids: number[]): number {
	return pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
}

/**
 * CPU seconds that the whole machine has been busy (all cores, all processes), from /proc/stat.
 * Minus the bench's own processes, it shows what other work took from the cores.
 */
export function machineBusySeconds(): number {
	try {
		const cpu = readFileSync('/proc/stat', 'utf8')
			.split('\n')[0]
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		// user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
		const [user, nice, system, , , irq, softirq, steal] = cpu;
		return (user + nice + system + irq + softirq + steal) / ticksPerSecond;
	} catch {
		return 0;
	}
}

/** Current and peak ("high water mark") resident set in bytes. */
export function memory(pid: number): { rss: number; peak: number } | null {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field: string) =>
			Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
		return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
	} catch {
		return null;
	}
}

/**
 * Resets the kernel's peak-RSS counter so that VmHWM covers only what follows (startup, e.g.
 * PGlite's initdb, is not the server's cost per scenario). Returns false where not permitted.
 */
export function resetPeak(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/**
 * Samples RSS every `intervalMs` as a fallback for kernels or users without clear_refs, and as a
 * cross-check of VmHWM.
 */
export class RssSampler {
	#peak = 0;
	#timer: NodeJS.Timeout;

	constructor(
		private readonly pid: number,
		intervalMs = 100
	) {
		this.sample();
		this.#timer = setInterval(() => this.sample(), intervalMs);
		this.#timer.unref();
	}

	sample(): number {
		const m = memory(this.pid);
		if (m) this.#peak = Math.max(this.#peak, m.rss);
		return m?.rss ?? 0;
	}

	stop(): number {
		clearInterval(this.#timer);
		this.sample();
		return this.#peak;
	}
}
