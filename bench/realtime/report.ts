/** The side-by-side table (servers as columns) and the JSON line per scenario and server. */
import type { ScenarioResult } from './scenario-run.ts';
import type { Scenario } from './scenarios.ts';
import type { TargetName } from './targets/target.ts';

/** How one server fared in one scenario. */
export type ServerOutcome<R> =
	| { status: 'ok'; result: R }
	| { status: 'unavailable'; reason: string }
	| { status: 'failed'; error: string };

export type Outcome = ServerOutcome<ScenarioResult>;

/**
 * A table with one column per server and one row per figure. A server that did not run fills
 * only its first cell, and says why in a note under the table; `note` adds notes of its own.
 */
export function sideBySide<R>(
	title: string,
	outcomes: Map<string, ServerOutcome<R>>,
	rows: [string, (r: R) => string][],
	opts: { unavailable: string; note?: (r: R) => string | null }
): string {
	const servers = [...outcomes.keys()];
	const cell = (outcome: ServerOutcome<R>, row: number, value: (r: R) => string) => {
		if (outcome.status === 'ok') return value(outcome.result);
		if (row > 0) return '';
		return outcome.status === 'unavailable' ? opts.unavailable : 'FAILED';
	};
	const body = rows.map(([name, value], i) => [
		name,
		...servers.map((s) => cell(outcomes.get(s)!, i, value))
	]);
	const header = ['', ...servers];
	const widths = header.map(
		(_, c) => Math.max(...[header, ...body].map((row) => row[c].length)) + 2
	);
	const line = (row: string[]) =>
		row
			.map((v, c) => v.padEnd(widths[c]))
			.join('')
			.trimEnd();
	const notes = servers.flatMap((s) => {
		const o = outcomes.get(s)!;
		if (o.status === 'unavailable') return [`  ${s}: ${o.reason}`];
		if (o.status === 'failed') return [`  ${s}: ${o.error.split('\n')[0]}`];
		const note = opts.note?.(o.result);
		return note ? [`  ${s}: ${note}`] : [];
	});
	return [title, line(header), ...body.map(line), ...notes].join('\n');
}

export function jsonLine(scenario: Scenario, server: TargetName, outcome: Outcome): string {
	const base = { bench: 'realtime', scenario: scenario.name, server };
	// JSON has no Infinity: a client that never synced or converged is counted in notSynced /
	// notConverged, and a percentile it reaches becomes null.
	if (outcome.status === 'ok') return JSON.stringify({ ...base, status: 'ok', ...outcome.result });
	return JSON.stringify({ ...base, ...outcome });
}

export function table(
	scenario: Scenario,
	workers: number,
	outcomes: Map<TargetName, Outcome>,
	timeoutMs: number
): string {
	const rows: [string, (r: ScenarioResult) => string][] = [
		['connect+sync, all clients', (r) => time(r.connect.max, timeoutMs)],
		['  not synced', (r) => `${r.connect.notSynced} / ${r.clients}`],
		[
			'round p50 / p99 / max',
			(r) => [r.round.p50, r.round.p99, r.round.max].map((v) => time(v, timeoutMs)).join(' / ')
		],
		[`  not converged in ${timeoutMs / 1000} s`, (r) => `${r.round.notConverged} / ${r.clients}`],
		['  last write after start', (r) => time(r.round.lastWriteMs, timeoutMs)],
		['  ran into awareness renewal', (r) => renewal(r, r.round.overlapsRenewal)],
		['typing p50 / p99', (r) => `${ms(r.typing.latencyMs.p50)} / ${ms(r.typing.latencyMs.p99)}`],
		['  delivered', (r) => delivered(r)],
		['  ran into awareness renewal', (r) => renewal(r, r.typing.overlapsRenewal)],
		[
			'server CPU s total / round',
			(r) => `${r.serverSide.cpuSeconds.toFixed(1)} / ${r.serverSide.roundCpuSeconds.toFixed(1)}`
		],
		[
			'server RSS idle / conn / peak',
			(r) =>
				`${mb(r.serverSide.idleRssMB)} / ${mb(r.serverSide.connectedRssMB)} / ${mb(r.serverSide.peakRssMB)} MB`
		],
		[
			'client CPU s total / round (ms/client)',
			(r) =>
				`${r.clientSide.cpuSeconds.toFixed(1)} / ${r.clientSide.roundCpuSeconds.toFixed(1)} (${((1000 * r.clientSide.roundCpuSeconds) / r.clients).toFixed(1)})`
		],
		[
			'round cores used: server / clients / other',
			(r) =>
				[r.serverSide.roundCores, r.clientSide.roundCores, r.otherProcessesRoundCores]
					.map((c) => c.toFixed(2))
					.join(' / ')
		],
		[
			'client ELU max typing / round',
			(r) => `${elu(r.clientSide.phases.typing.eluMax)} / ${elu(r.clientSide.phases.round.eluMax)}`
		],
		[
			'client workers late conn/typ/round',
			(r) =>
				(['connect', 'typing', 'round'] as const)
					.map((p) => r.clientSide.phases[p].lateWorkers)
					.join(' / ')
		],
		['client disconnects', (r) => String(r.clientSide.disconnects)]
	];
	const title = `${scenario.name}: ${scenario.rooms} room${scenario.rooms > 1 ? 's' : ''} × ${scenario.clientsPerRoom} clients (${workers} client worker${workers > 1 ? 's' : ''})`;
	return sideBySide(title, outcomes, rows, { unavailable: 'not available yet' });
}

/** A duration for the tables: ms below a second, seconds above, `>N s` for a timeout. */
export function time(value: number | null, timeoutMs: number): string {
	if (value === null) return '—';
	if (!Number.isFinite(value)) return `>${timeoutMs / 1000} s`;
	return Math.abs(value) < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}

function ms(value: number | null): string {
	if (value === null) return '—';
	if (!Number.isFinite(value)) return '∞';
	return value < 1000 ? `${value.toFixed(1)} ms` : `${(value / 1000).toFixed(2)} s`;
}

function renewal(r: ScenarioResult, overlaps: boolean): string {
	if (!r.awareness) return '— (no awareness)';
	return overlaps ? 'yes' : 'no';
}

/** An event-loop utilisation, or — when not measured. */
export function elu(value: number | null | undefined): string {
	return value === null || value === undefined ? '—' : value.toFixed(2);
}

function mb(value: number): string {
	return value.toFixed(0);
}

function delivered(r: ScenarioResult): string {
	if (r.typing.expected === 0) return '—';
	const pct = (100 * r.typing.received) / r.typing.expected;
	return `${pct.toFixed(pct === 100 ? 0 : 2)}% of ${r.typing.expected}`;
}
