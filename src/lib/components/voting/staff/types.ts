/** What the staff votes page loads per vote and per candidate, and what its forms send back. */
import type { QuorumRule, QuorumStatus } from '$lib/domain/quorum';
import type { TallyResult, VoteMethod, VoteSettings, VoteStatus } from '$lib/domain/votes';
import type { VoteFormSubject } from '../vote-form.ts';
import type { FinalRow } from './decisions.ts';
import type { OutcomeCode } from './labels.ts';

export type StaffVote = {
	id: string;
	title: string;
	method: VoteMethod;
	subject: VoteFormSubject;
	settings: VoteSettings;
	secret: boolean;
	results: 'live' | 'after_close';
	eligibility: 'joined' | 'verified';
	durationSeconds: number | null;
	closesAt: Date | null;
	status: VoteStatus;
	/** The vote's own quorum rule (the meeting's, copied when the vote was made without one). */
	quorumRule: QuorumRule;
	options: { id: string; label: string; cost: number | null }[];
	result: TallyResult | null;
	turnout: number;
	eligible: number;
	quorum: QuorumStatus | null;
	hybrid: {
		id: string;
		source: 'hands' | 'paper';
		voters: number;
		counts: Record<string, number>;
		note: string;
		enteredAt: Date;
	}[];
	decisions: {
		id: string;
		optionId: string | null;
		outcome: OutcomeCode;
		rank: number | null;
		note: string;
		decidedAt: Date;
	}[];
	/** A closed vote whose method ranks: its stored final tally's order, best first. */
	finalOrder: FinalRow[] | null;
};

/** A participant who can stand as a candidate, verified ones first. */
export type StaffCandidate = {
	id: string;
	displayName: string;
	rt: number | null;
	rw: number | null;
	verified: boolean;
};

/** One form's answer from an action, as a card or the create form reads it. */
export type FormAnswer = {
	message?: string;
	errors?: Record<string, string>;
	values?: Record<string, string | string[]>;
	done?: unknown;
} | null;
