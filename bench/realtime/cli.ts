import { parseArgs } from 'node:util';
import { fullScenarios, parseScenario, quickScenarios, type Scenario } from './scenarios.ts';
import { targetNames } from './targets/index.ts';
import type { TargetName } from './targets/target.ts';

export interface Options {
	scenarios: Scenario[];
	servers: TargetName[];
	/** Worker processes per scenario; null = one per 100 clients, at most one per core. */
	workers: number | null;
	timeoutMs: number;
	typingMs: number;
	/** How long receivers keep counting after the last keystroke. */
	drainMs: number;
	writersPerRoom: number;
	typingRateHz: number;
	awareness: boolean;
	clientNice: number;
}

export const usage = `npm run bench:realtime -- [options]

  --quick                 small scenarios only (${quickScenarios.join(', ')})
  --scenarios LIST        comma-separated <rooms>x<clients per room> (default ${fullScenarios.join(',')})
  --servers LIST          any of ${targetNames.join(',')} (default all, in that order)
  --workers N             client worker processes (default: one per 100 clients, at most one per core)
  --timeout SECONDS       connect and round timeout (default 60)
  --typing-seconds S      length of the typing phase (default 5; with the 2 s drain it fits
                          between two awareness renewal bursts, which come every 15 s)
  --writers N             typists per room (default 3)
  --rate HZ               keystrokes per second per typist (default 5)
  --no-awareness          clients publish no awareness state (stock clients do)
  --client-nice N         run the client workers at this nice level (default 0)
  --help`;

export function parseCli(argv: string[]): Options | null {
	const { values } = parseArgs({
		args: argv,
		strict: true,
		options: {
			quick: { type: 'boolean', default: false },
			scenarios: { type: 'string' },
			servers: { type: 'string' },
			workers: { type: 'string' },
			timeout: { type: 'string', default: '60' },
			'typing-seconds': { type: 'string', default: '5' },
			writers: { type: 'string', default: '3' },
			rate: { type: 'string', default: '5' },
			'no-awareness': { type: 'boolean', default: false },
			'client-nice': { type: 'string', default: '0' },
			help: { type: 'boolean', default: false }
		}
	});
	if (values.help) return null;
	const list = (value: string | undefined, fallback: string[]) =>
		value
			? value
					.split(',')
					.map((s) => s.trim())
					.filter(Boolean)
			: fallback;
	const servers = list(values.servers, targetNames);
	for (const s of servers) {
		if (!targetNames.includes(s as TargetName))
			throw new Error(`unknown server "${s}" (${targetNames.join(', ')})`);
	}
	return {
		scenarios: list(values.scenarios, values.quick ? quickScenarios : fullScenarios).map(
			parseScenario
		),
		servers: servers as TargetName[],
		workers: values.workers ? positive('--workers', values.workers, 16) : null,
		timeoutMs: positive('--timeout', values.timeout, 600) * 1000,
		typingMs: positive('--typing-seconds', values['typing-seconds'], 300) * 1000,
		drainMs: 2000,
		writersPerRoom: positive('--writers', values.writers, 100),
		typingRateHz: positive('--rate', values.rate, 50),
		awareness: !values['no-awareness'],
		clientNice: integer('--client-nice', values['client-nice'], 0, 19)
	};
}

function positive(flag: string, value: string, max: number): number {
	return integer(flag, value, 1, max);
}

function integer(flag: string, value: string, min: number, max: number): number {
	const n = Number(value);
	if (!Number.isInteger(n) || n < min || n > max)
		throw new Error(`${flag}: expected an integer from ${min} to ${max}`);
	return n;
}
