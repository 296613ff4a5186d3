/**
 * `npm run bench:realtime`: stock Yjs clients against Rembuk's realtime endpoint and, in the same
 * run, the reference y-websocket server and Hocuspocus, one scenario at a time, each server in its
 * own process. See docs/benchmarks.md for what the figures mean.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { parseCli, usage } from './cli.ts';
import { table, jsonLine, type Outcome } from './report.ts';
import { runScenario, workersFor } from './scenario-run.ts';
import { targets } from './targets/index.ts';
import { TargetUnavailable, type TargetName } from './targets/target.ts';

const log = (line: string) => console.error(`[bench] ${line}`);

async function main() {
	const options = parseCli(process.argv.slice(2));
	if (!options) {
		console.log(usage);
		return;
	}
	log(
		`node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB; ` +
			`scenarios ${options.scenarios.map((s) => s.name).join(', ')}; servers ${options.servers.join(', ')}`
	);
	const unavailable = new Map<TargetName, string>();
	for (const scenario of options.scenarios) {
		const outcomes = new Map<TargetName, Outcome>();
		for (const name of options.servers) {
			const target = targets[name];
			const known = unavailable.get(name);
			let outcome: Outcome;
			if (known) {
				outcome = { status: 'unavailable', reason: known };
			} else {
				// The machine may be shared: a busy neighbour shows up here, not in the figures.
				log(`${scenario.name} × ${name} (load average ${loadavg()[0].toFixed(2)})`);
				try {
					const result = await runScenario(scenario, target, options, (line) =>
						log(`${scenario.name} × ${name}: ${line}`)
					);
					outcome = { status: 'ok', result };
				} catch (error) {
					if (error instanceof TargetUnavailable) {
						unavailable.set(name, error.message);
						outcome = { status: 'unavailable', reason: error.message };
					} else {
						outcome = {
							status: 'failed',
							error: error instanceof Error ? (error.stack ?? error.message) : String(error)
						};
					}
					log(
						`${scenario.name} × ${name}: ${outcome.status === 'unavailable' ? outcome.reason : outcome.error}`
					);
				}
			}
			outcomes.set(name, outcome);
			console.log(jsonLine(scenario, name, outcome));
		}
		console.log(
			'\n' + table(scenario, workersFor(scenario, options), outcomes, options.timeoutMs) + '\n'
		);
	}
}

await main();
