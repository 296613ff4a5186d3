import { finalOrder } from '$lib/components/voting/staff/decisions';
import type { StaffVote } from '$lib/components/voting/staff/types';
import { defaultCriteria, type TallyResult } from '$lib/domain/votes';
import { getRuntime } from '$lib/server/runtime';
import { latestBoardVersion } from '$lib/server/usulan/queries';
import { candidatesOf, voteActions } from './actions';
import { meetingVotes } from '$lib/server/votes/queries';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url }) => {
	const { meeting } = await parent();
	const runtime = await getRuntime();
	const db = runtime.database.db;
	const [latest, votes, candidates] = await Promise.all([
		latestBoardVersion(db, meeting.id),
		meetingVotes(db, meeting.id),
		candidatesOf(db, meeting.id),
		runtime.livePublisher.ensurePublished(meeting.id)
	]);
	return {
		finalList:
			latest?.usulan.map((u) => ({
				id: u.id,
				rank: u.rank,
				title: u.title,
				estimatedCost: u.estimatedCost
			})) ?? [],
		finalVersion: latest?.version.version ?? null,
		candidates,
		defaultCriteria: defaultCriteria.map((c) => ({ id: c.id, weight: c.weight })),
		created: url.searchParams.get('created'),
		votes: votes.map(({ vote: v, status, options, tally, hybrid, decisions }): StaffVote => {
			const labels = options.map((o) => ({ id: o.id, label: o.label }));
			// What decisions refer to is the tally stored at closing, not a recount.
			const stored = v.finalTally as { result?: TallyResult } | null;
			return {
				id: v.id,
				title: v.title,
				method: v.method,
				subject: v.subject,
				settings: v.settings,
				secret: v.secret,
				results: v.results,
				eligibility: v.eligibility,
				durationSeconds: v.durationSeconds,
				closesAt: v.closesAt,
				status,
				quorumRule: v.quorum,
				options: options.map((o) => ({ id: o.id, label: o.label, cost: o.cost })),
				result: tally?.result ?? null,
				turnout: tally?.result.turnout.total ?? 0,
				eligible: tally?.eligible ?? 0,
				quorum: tally?.quorum ?? null,
				hybrid: hybrid.map((h) => ({
					id: h.id,
					source: h.source,
					voters: h.voters,
					counts: h.counts,
					note: h.note,
					enteredAt: h.enteredAt
				})),
				decisions: decisions.map((d) => ({
					id: d.id,
					optionId: d.optionId,
					outcome: d.outcome,
					rank: d.rank,
					note: d.note,
					decidedAt: d.decidedAt
				})),
				finalOrder:
					status === 'closed' && stored?.result
						? finalOrder(stored.result, labels, v.settings)
						: null
			};
		})
	};
};

export const actions: Actions = voteActions;
