import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { VoteSettings } from '$lib/domain/votes/methods';
import { tally } from '$lib/domain/votes/tally';
import type { LiveVote } from '$lib/realtime/live/vote';
import BallotPanel from './BallotPanel.svelte';
import { emptyDraft } from './choice.ts';
import MethodBallot from './MethodBallot.svelte';

const options = [
	{ id: 'a', label: 'Jalan <b>RT</b> 03', cost: 200 },
	{ id: 'b', label: 'Posyandu', cost: 150 }
];
const settings: VoteSettings[] = [
	{ method: 'yes_no', threshold: 'majority' },
	{ method: 'approval', maxChoices: 1 },
	{ method: 'dots', dots: 3, maxPerOption: 2 },
	{ method: 'score', min: 1, max: 5 },
	{ method: 'criteria', criteria: [{ id: 'urgency', weight: 1 }], min: 1, max: 3 },
	{ method: 'ranked', fullRanking: true },
	{ method: 'budget', ceiling: 300 }
];

// Rendered on the server: catches a template that throws, and shows what a phone gets first.
describe('MethodBallot', () => {
	it.each(settings.map((s) => [s.method, s] as const))('renders a %s ballot', (_, s) => {
		const { body } = render(MethodBallot, {
			props: { draft: emptyDraft(s), options, onchange: () => {} }
		});
		if (s.method === 'yes_no') expect(body).toContain('Setuju');
		else expect(body).toContain('Posyandu');
		// Labels are text, never markup.
		expect(body).not.toContain('<b>RT</b>');
	});

	it('draws one radio per step of the scale for every option and criterion', () => {
		const { body } = render(MethodBallot, {
			props: { draft: emptyDraft(settings[4]), options, onchange: () => {} }
		});
		expect(body.match(/type="radio"/g)).toHaveLength(2 * 3);
	});
});

describe('BallotPanel', () => {
	const vote = (s: VoteSettings, status: LiveVote['status'], withResult: boolean): LiveVote => ({
		id: 'v1',
		title: 'Prioritas 2026',
		method: s.method,
		status,
		closesAt: null,
		secret: true,
		options,
		settings: s,
		turnout: 3,
		eligible: 10,
		quorum: { met: false, required: 5, have: 3 },
		result: withResult ? tally(s, options, []) : null
	});

	it.each(settings.map((s) => [s.method, s] as const))(
		'shows turnout and the final %s result of a closed vote',
		(_, s) => {
			const { body } = render(BallotPanel, {
				props: { vote: vote(s, 'closed', true), canVote: true }
			});
			expect(body).toContain('3 dari 10 sudah memilih');
			expect(body).toContain('Hasil akhir');
		}
	);

	it('waits for its ballot check before offering a ballot, and hides results while hidden', () => {
		const { body } = render(BallotPanel, {
			props: { vote: vote(settings[1], 'open', false), canVote: true }
		});
		expect(body).toContain('Memuat');
		expect(body).not.toContain('Hasil');
	});
});
