/** bench:vote's side-by-side table (servers as columns) and its JSON line per scenario. */
import { elu, sideBySide, time, type ServerOutcome } from '../realtime/report.ts';
import type { VoteResult } from './scenario-run.ts';
import type { VoteTargetName } from './targets.ts';

export type VoteOutcome = ServerOutcome<VoteResult>;

/**
 * One line per scenario with every server in it. JSON has no Infinity: a phone that never got
 * the final tally is counted in `missing`, and a percentile it reaches becomes null.
 */
export function voteJsonLine(phones: number, outcomes: Map<VoteTargetName, VoteOutcome>): string {
	const servers: Record<string, unknown> = {};
	for (const [name, outcome] of outcomes) {
		servers[name] = outcome.status === 'ok' ? { status: 'ok', ...outcome.result } : { ...outcome };
	}
	return JSON.stringify({ bench: 'vote', scenario: String(phones), phones, servers });
}

export function voteTable(
	phones: number,
	workers: number,
	outcomes: Map<VoteTargetName, VoteOutcome>,
	timeoutMs: number
): string {
	const t = (v: number | null) => time(v, timeoutMs);
	const rows: [string, (r: VoteResult) => string][] = [
		['how phones vote', (r) => (r.mode === 'api' ? 'HTTP ballot, live doc' : 'Y.Map entry')],
		['connect+sync, all phones', (r) => t(r.connect.max)],
		['  not synced', (r) => `${r.connect.notSynced} / ${r.phones}`],
		['ballot ack p50 / p99', (r) => `${t(r.ack.p50)} / ${t(r.ack.p99)}`],
		['  acknowledged', (r) => `${r.ack.acknowledged} / ${r.phones}${failures(r)}`],
		[
			'ballots/s acked (offered)',
			(r) => `${rate(r.ballotsPerSecond)} (${rate(r.offeredPerSecond)})`
		],
		[
			'final tally after last ack p50 / p99 / max',
			(r) => [r.finalTally.p50, r.finalTally.p99, r.finalTally.max].map(t).join(' / ')
		],
		[
			`  phones without it after ${timeoutMs / 1000} s`,
			(r) => `${r.finalTally.missing} / ${r.phones}`
		],
		[
			'  wrong tally (vs staff API)',
			(r) =>
				r.mode === 'map'
					? '—'
					: r.finalTally.apiError
						? 'API unreadable'
						: `${r.finalTally.wrongTally} / ${r.phones - r.finalTally.missing}`
		],
		[
			'server CPU s total / vote (cores)',
			(r) =>
				`${r.serverSide.cpuSeconds.toFixed(1)} / ${r.serverSide.voteCpuSeconds.toFixed(1)} (${r.serverSide.voteCores.toFixed(2)})`
		],
		[
			'server RSS idle / conn / peak',
			(r) =>
				`${r.serverSide.idleRssMB.toFixed(0)} / ${r.serverSide.connectedRssMB.toFixed(0)} / ${r.serverSide.peakRssMB.toFixed(0)} MB`
		],
		[
			'client CPU s total / vote',
			(r) => `${r.clientSide.cpuSeconds.toFixed(1)} / ${r.clientSide.voteCpuSeconds.toFixed(1)}`
		],
		[
			'client ELU max vote / final',
			(r) => `${elu(r.clientSide.eluMax.vote)} / ${elu(r.clientSide.eluMax.final)}`
		],
		[
			'client workers late conn/vote/final',
			(r) =>
				(['connect', 'vote', 'final'] as const).map((p) => r.clientSide.lateWorkers[p]).join(' / ')
		],
		['client disconnects', (r) => String(r.clientSide.disconnects)],
		['other processes, cores (vote)', (r) => r.otherProcessesCores.toFixed(2)]
	];
	const title = `${phones} phones in one meeting (${workers} phone worker${workers > 1 ? 's' : ''})`;
	return sideBySide(title, outcomes, rows, {
		unavailable: 'not available',
		note: (r) => r.finalTally.apiError ?? null
	});
}

function rate(value: number | null): string {
	return value === null ? '—' : value.toFixed(0);
}

function failures(r: VoteResult): string {
	const entries = Object.entries(r.ack.failed);
	return entries.length ? ` (${entries.map(([k, n]) => `${n}× ${k}`).join(', ')})` : '';
}
