import { parseArgs } from 'node:util';
import { defaultVoteTargets, voteTargetNames, type VoteTargetName } from './targets.ts';

export interface VoteOptions {
	/** Phones per scenario, one meeting each. */
	scenarios: number[];
	servers: VoteTargetName[];
	/** Worker processes; null = one per 100 phones, at most one per core. */
	workers: number | null;
	/** The ballots are spread evenly over this window. */
	windowMs: number;
	timeoutMs: number;
	clientNice: number;
}

export const fullVoteScenarios = [50, 200, 500, 1000];
export const quickVoteScenarios = [50, 200];

export const usage = `npm run bench:vote -- [options]

  --quick                 small scenarios only (${quickVoteScenarios.join(',')} phones)
  --scenarios LIST        comma-separated phone counts, one meeting each (default ${fullVoteScenarios.join(',')})
  --servers LIST          any of ${voteTargetNames.join(',')}
                          (default all; rembuk-pg only when BENCH_DATABASE_URL is set)
  --window SECONDS        the ballots are spread evenly over this window (default 3; decimals allowed)
  --workers N             phone worker processes (default: one per 100 phones, at most one per core)
  --timeout SECONDS       connect, ballot and final-tally timeout (default 60)
  --client-nice N         run the phone workers at this nice level (default 0)
  --help

  BENCH_DATABASE_URL=postgres://user:pass@host:5432/db adds rembuk-pg: Rembuk on a fresh
  PostgreSQL database created (and dropped afterwards) on that server.`;

export function parseVoteCli(argv: string[]): VoteOptions | null {
	const { values } = parseArgs({
		args: argv,
		strict: true,
		options: {
			quick: { type: 'boolean', default: false },
			scenarios: { type: 'string' },
			servers: { type: 'string' },
			window: { type: 'string', default: '3' },
			workers: { type: 'string' },
			timeout: { type: 'string', default: '60' },
			'client-nice': { type: 'string', default: '0' },
			help: { type: 'boolean', default: false }
		}
	});
	if (values.help) return null;
	const list = (value: string | undefined) =>
		value
			?.split(',')
			.map((s) => s.trim())
			.filter(Boolean) ?? null;
	const servers = list(values.servers) ?? defaultVoteTargets();
	for (const s of servers) {
		if (!voteTargetNames.includes(s as VoteTargetName))
			throw new Error(`unknown server "${s}" (${voteTargetNames.join(', ')})`);
	}
	const scenarios = (list(values.scenarios) ?? []).map((s) => integer('--scenarios', s, 1, 5000));
	const window = Number(values.window);
	if (!Number.isFinite(window) || window < 0 || window > 600)
		throw new Error('--window: expected seconds from 0 to 600');
	return {
		scenarios: scenarios.length ? scenarios : values.quick ? quickVoteScenarios : fullVoteScenarios,
		servers: servers as VoteTargetName[],
		workers: values.workers ? integer('--workers', values.workers, 1, 16) : null,
		windowMs: window * 1000,
		timeoutMs: integer('--timeout', values.timeout, 1, 600) * 1000,
		clientNice: integer('--client-nice', values['client-nice'], 0, 19)
	};
}

function integer(flag: string, value: string, min: number, max: number): number {
	const n = Number(value);
	if (!Number.isInteger(n) || n < min || n > max)
		throw new Error(`${flag}: expected whole numbers from ${min} to ${max}`);
	return n;
}
