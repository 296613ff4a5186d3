/**
 * The live doc's `vote` key: the vote the room is looking at, with turnout, quorum and (when
 * results are live, or once it closed) the tally. Written by the server after every ballot,
 * coalesced; read by phones, the console and the projector.
 */
import type { QuorumStatus } from '../../domain/quorum.ts';
import type { VoteMethod, VoteSettings } from '../../domain/votes/methods.ts';
import { voteMethods } from '../../domain/votes/methods.ts';
import { voteStatuses, type VoteStatus } from '../../domain/votes/status.ts';
import type { TallyResult } from '../../domain/votes/tally.ts';

export const liveVoteKey = 'vote';

export type LiveVote = {
	id: string;
	title: string;
	method: VoteMethod;
	status: VoteStatus;
	/** ms since the epoch; phones count down to it. */
	closesAt: number | null;
	secret: boolean;
	options: { id: string; label: string; cost: number | null }[];
	settings: VoteSettings;
	/** Everyone who voted so far, from phones and counted by hand. */
	turnout: number;
	eligible: number;
	quorum: QuorumStatus;
	/** The tally when results are live or the vote is closed; null while hidden. */
	result: TallyResult | null;
};

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number =>
	typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The live vote, or null when there is none or what is there does not have the expected shape.
 * Only the server writes it; the check keeps a version mismatch from crashing a screen. The
 * tally inside is checked for its method only: screens render its numbers defensively.
 */
export function readLiveVote(v: unknown): LiveVote | null {
	if (!isObject(v)) return null;
	const { id, title, method, status, closesAt, secret, options, settings, turnout, eligible } = v;
	if (typeof id !== 'string' || typeof title !== 'string') return null;
	if (!(voteMethods as readonly unknown[]).includes(method)) return null;
	if (!(voteStatuses as readonly unknown[]).includes(status)) return null;
	if (closesAt !== null && typeof closesAt !== 'number') return null;
	if (typeof secret !== 'boolean' || !isCount(turnout) || !isCount(eligible)) return null;
	if (!isObject(settings) || settings.method !== method) return null;
	if (!Array.isArray(options) || options.length > 200) return null;
	const opts: LiveVote['options'] = [];
	for (const o of options) {
		if (!isObject(o) || typeof o.id !== 'string' || typeof o.label !== 'string') return null;
		opts.push({ id: o.id, label: o.label, cost: typeof o.cost === 'number' ? o.cost : null });
	}
	const q = v.quorum;
	if (!isObject(q) || typeof q.met !== 'boolean' || !isCount(q.required) || !isCount(q.have))
		return null;
	const result = v.result;
	if (result !== null && (!isObject(result) || result.method !== method)) return null;
	return {
		id,
		title,
		method: method as VoteMethod,
		status: status as VoteStatus,
		closesAt: closesAt as number | null,
		secret,
		options: opts,
		settings: settings as VoteSettings,
		turnout,
		eligible,
		quorum: { met: q.met, required: q.required, have: q.have },
		result: result as TallyResult | null
	};
}
