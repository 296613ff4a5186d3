/**
 * The servers bench:vote compares: Rembuk on PGlite, Rembuk on PostgreSQL (only when
 * `BENCH_DATABASE_URL` is set), and the naive approach on the reference y-websocket server and on
 * Hocuspocus, started exactly as bench:realtime starts them.
 */
import type { ClientProtocol } from '../realtime/messages.ts';
import { hocuspocus } from '../realtime/targets/hocuspocus.ts';
import { reference } from '../realtime/targets/reference.ts';
import type { Target } from '../realtime/targets/target.ts';
import type { PhoneSpec, VoteMode } from './messages.ts';
import { startRembukVote } from './rembuk.ts';

export type VoteTargetName = 'rembuk' | 'rembuk-pg' | 'reference' | 'hocuspocus';

export interface RunningVoteTarget {
	mode: VoteMode;
	protocol: ClientProtocol;
	serverUrl: string;
	pid: number;
	/** `api`: where the phones POST their ballots. */
	ballotUrl: string | null;
	phone(index: number): PhoneSpec;
	/** `api`: the tally as the staff API reports it once every ballot is in. */
	finalTally: (() => Promise<unknown>) | null;
	stop(): Promise<void>;
}

export interface VoteTarget {
	name: VoteTargetName;
	label: string;
	start(phones: number): Promise<RunningVoteTarget>;
}

/** Each phone writes `{ p<i>: choice }` into the room's `Y.Map` `votes`. */
function naive(anchor: Target): VoteTarget {
	return {
		name: anchor.name as VoteTargetName,
		label: `${anchor.label}, Y.Map`,
		async start() {
			const running = await anchor.start({ rooms: 1 });
			return {
				mode: 'map',
				protocol: running.protocol,
				serverUrl: running.serverUrl,
				pid: running.pid,
				ballotUrl: null,
				phone: (i) => ({
					id: i,
					docName: running.docNames[0],
					headers: running.headers,
					choice: ['o0', 'o1', 'o2', 'o3', 'o4'][i % 5]
				}),
				finalTally: null,
				stop: () => running.stop()
			};
		}
	};
}

/** `BENCH_DATABASE_URL`: a PostgreSQL server on which the bench may create and drop databases. */
export function postgresBaseUrl(): string | null {
	return process.env.BENCH_DATABASE_URL || null;
}

export const voteTargets: Record<VoteTargetName, VoteTarget> = {
	rembuk: {
		name: 'rembuk',
		label: 'Rembuk (PGlite)',
		start: (phones) => startRembukVote(phones, null)
	},
	'rembuk-pg': {
		name: 'rembuk-pg',
		label: 'Rembuk (PostgreSQL)',
		start: (phones) => {
			const url = postgresBaseUrl();
			if (!url) throw new Error('BENCH_DATABASE_URL is not set');
			return startRembukVote(phones, url);
		}
	},
	reference: naive(reference),
	hocuspocus: naive(hocuspocus)
};

export const voteTargetNames = Object.keys(voteTargets) as VoteTargetName[];

/** Every target that can run here: rembuk-pg only with BENCH_DATABASE_URL. */
export function defaultVoteTargets(): VoteTargetName[] {
	return voteTargetNames.filter((n) => n !== 'rembuk-pg' || postgresBaseUrl() !== null);
}
