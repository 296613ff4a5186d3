/**
 * Counts a facilitator adds to a vote from outside the phones: a show of hands, or paper ballots
 * counted by hand. They join the same tally, kept apart by source (see counts.ts).
 *
 * Only methods whose result is a plain sum per option take counts: yes / no, approval, dots and
 * budget. Score, criteria and ranked results need each ballot whole (a mean, a runoff), so paper
 * ballots for them are entered one by one as ballots (checked by validateBallot).
 */
import {
	includes,
	isRecord,
	type VoteMethod,
	type VoteOption,
	type VoteSettings
} from './methods.ts';
import { extraSources, type ExtraSource } from './counts.ts';
import { yesNoAnswers } from './ballot.ts';

/** More people than any meeting hall holds: a typo, not a count. */
export const MAX_EXTRA_VOTERS = 100_000;

/** Methods that accept counts from hands or paper. */
export const methodsWithExtraCounts = [
	'yes_no',
	'approval',
	'dots',
	'budget'
] as const satisfies readonly VoteMethod[];

export type ExtraCount = {
	source: ExtraSource;
	/** How many people these counts are from; added to turnout (and so to quorum). */
	voters: number;
	/**
	 * yes / no: `{ yes, no, abstain }` adding up to `voters`. Approval and budget: hands raised
	 * (or crosses on paper) per option id. Dots: dots per option id. Options left out count 0.
	 */
	counts: Record<string, number>;
};

export type ExtraCountErrorCode =
	/** Not `{ source, voters, counts }` with whole numbers ≥ 0. */
	| 'wrong_shape'
	/** This method takes ballots only (see the module comment). */
	| 'extra_not_supported'
	| 'unknown_option'
	| 'too_many_voters'
	/** yes + no + abstain is not the number of voters. */
	| 'counts_do_not_add_up'
	/** More on one option than the voters could give it (one hand each; `maxPerOption` dots each). */
	| 'count_exceeds_voters'
	/** More in all than the voters could give (`maxChoices` each; `dots` each). */
	| 'total_exceeds_voters';

export type ExtraCountResult =
	{ ok: true; extra: ExtraCount } | { ok: false; code: ExtraCountErrorCode; optionId?: string };

/**
 * Checks counts a facilitator typed in against the vote's (valid) settings and options, and
 * returns them normalized (option order, zeros left out; yes / no always has all three answers).
 * Budget counts cannot be checked against the ceiling (a hand count does not say who chose what):
 * the ceiling binds each phone ballot, and the result's selection binds the total.
 */
export function validateExtraCount(
	settings: VoteSettings,
	options: readonly VoteOption[],
	input: unknown
): ExtraCountResult {
	if (!includes(methodsWithExtraCounts, settings.method))
		return { ok: false, code: 'extra_not_supported' };
	if (!isRecord(input)) return { ok: false, code: 'wrong_shape' };
	const { source, voters, counts } = input;
	if (Object.keys(input).length !== 3 || !includes(extraSources, source) || !isRecord(counts))
		return { ok: false, code: 'wrong_shape' };
	if (!isCount(voters)) return { ok: false, code: 'wrong_shape' };
	if (voters > MAX_EXTRA_VOTERS) return { ok: false, code: 'too_many_voters' };
	for (const n of Object.values(counts)) if (!isCount(n)) return { ok: false, code: 'wrong_shape' };
	const given = counts as Record<string, number>;

	if (settings.method === 'yes_no') {
		for (const key of Object.keys(given))
			if (!includes(yesNoAnswers, key)) return { ok: false, code: 'wrong_shape' };
		const [yes, no, abstain] = yesNoAnswers.map((a) => given[a] ?? 0);
		if (yes + no + abstain !== voters) return { ok: false, code: 'counts_do_not_add_up' };
		return { ok: true, extra: { source, voters, counts: { yes, no, abstain } } };
	}

	const known = new Set(options.map((o) => o.id));
	for (const id of Object.keys(given))
		if (!known.has(id)) return { ok: false, code: 'unknown_option', optionId: id };
	const perOption = settings.method === 'dots' ? settings.maxPerOption : 1;
	const perVoter =
		settings.method === 'dots'
			? settings.dots
			: settings.method === 'approval'
				? settings.maxChoices
				: options.length;
	const out: Record<string, number> = {};
	let total = 0;
	for (const { id } of options) {
		const n = given[id] ?? 0;
		if (n > voters * perOption) return { ok: false, code: 'count_exceeds_voters', optionId: id };
		total += n;
		if (n > 0) out[id] = n;
	}
	if (total > voters * perVoter) return { ok: false, code: 'total_exceeds_voters' };
	return { ok: true, extra: { source, voters, counts: out } };
}

function isCount(n: unknown): n is number {
	return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}
