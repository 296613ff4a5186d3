/**
 * `npm run bench:vote`: N phones in one meeting all vote within a few seconds. Rembuk (ballots
 * over its HTTP API, tally through the live doc) against the naive approach on the reference
 * y-websocket server and on Hocuspocus (every phone writes its vote into a shared Y.Map), one
 * scenario at a time, each server in its own process. See docs/benchmarks.md.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { TargetUnavailable } from '../realtime/targets/target.ts';
import { parseVoteCli, usage } from './cli.ts';
import { voteJsonLine, voteTable, type VoteOutcome } from './report.ts';
import { runVoteScenario, voteWorkersFor } from './scenario-run.ts';
import { voteTargets, type VoteTargetName } from './targets.ts';

const log = (line: string) => console.error(`[bench:vote] ${line}`);

async function main() {
	const options = parseVoteCli(process.argv.slice(2));
	if (!options) {
		console.log(usage);
		return;
	}
	log(
		`node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB; ` +
			`phones ${options.scenarios.join(', ')}; servers ${options.servers.join(', ')}; ` +
			`window ${options.windowMs / 1000} s`
	);
	const unavailable = new Map<VoteTargetName, string>();
	for (const phones of options.scenarios) {
		const outcomes = new Map<VoteTargetName, VoteOutcome>();
		for (const name of options.servers) {
			const known = unavailable.get(name);
			if (known) {
				outcomes.set(name, { status: 'unavailable', reason: known });
				continue;
			}
			// The machine may be shared: a busy neighbour shows up here, not in the figures.
			log(`${phones} × ${name} (load average ${loadavg()[0].toFixed(2)})`);
			try {
				const result = await runVoteScenario(phones, voteTargets[name], options, (line) =>
					log(`${phones} × ${name}: ${line}`)
				);
				outcomes.set(name, { status: 'ok', result });
			} catch (error) {
				const outcome: VoteOutcome =
					error instanceof TargetUnavailable
						? { status: 'unavailable', reason: error.message }
						: {
								status: 'failed',
								error: error instanceof Error ? (error.stack ?? error.message) : String(error)
							};
				if (outcome.status === 'unavailable') unavailable.set(name, outcome.reason);
				outcomes.set(name, outcome);
				log(
					`${phones} × ${name}: ${outcome.status === 'unavailable' ? outcome.reason : outcome.error}`
				);
			}
		}
		console.log(voteJsonLine(phones, outcomes));
		console.log(
			'\n' + voteTable(phones, voteWorkersFor(phones, options), outcomes, options.timeoutMs) + '\n'
		);
	}
}

await main();
