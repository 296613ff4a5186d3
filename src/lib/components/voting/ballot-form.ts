/**
 * The ballot as a plain HTML form, for a phone without JavaScript (or before its bundle arrived):
 * FormBallot.svelte draws the fields, the phone page's `ballot` action reads them back here into
 * exactly the choice the JSON API takes (see src/lib/domain/votes/ballot.ts). Reading only turns
 * text into the choice's shape; the method's rules (at most K, within the pagu, every option
 * scored …) stay with castBallot, which checks every ballot the same way. Pure; never throws.
 *
 * Field names, one convention for every method (option and criterion ids never contain a dot):
 *
 * - `answer`: yes / no / abstain (yes_no)
 * - `option`: a ticked option id, repeated (approval, budget)
 * - `dots.<optionId>`: dots on an option, a whole number; empty is 0 (dots)
 * - `score.<optionId>`: an option's score (score)
 * - `score.<optionId>.<criterionId>`: an option's score on a criterion (criteria)
 * - `rank.<optionId>`: the option's place, 1 = most preferred; empty = not ranked (ranked)
 */
import type { VoteOption, VoteSettings } from '$lib/domain/votes/methods';
import { m } from '$lib/paraglide/messages';
import { draftFrom } from './choice';
import { ballotProblem } from './labels';

/** What the form held, by field name (several values for ticked boxes): to fill it in again. */
export type BallotFormValues = Record<string, string[]>;

/** What the phone page's `load` gives FormBallot: the open vote, a fresh key, the last ballot. */
export type FormBallotData = {
	vote: {
		id: string;
		title: string;
		settings: VoteSettings;
		options: { id: string; label: string; cost: number | null }[];
		/** ms since the epoch, or null when the facilitator closes it by hand. */
		closesAt: number | null;
	};
	/** Made when the page was rendered: a form posted twice (a flaky network) counts once. */
	idempotencyKey: string;
	/** The resident's latest ballot in this vote: its short receipt and when it was cast. */
	mine: { receipt: string; castAt: string } | null;
	/** The form filled in from that ballot. */
	values: BallotFormValues;
};

/**
 * The form as the phone page gets it: drawn on the server into HTML (FormBallot.svelte), so that it
 * adds nothing to the phone's JavaScript; the page shows it as it is until the live ballot panel
 * takes over.
 */
export type FormBallotView = { voteId: string; html: string };

/** What the `ballot` action answers: a receipt, or why not with what was chosen. */
export type FormBallotResult = {
	voteId: string | null;
	receipt?: string;
	castAt?: string;
	message?: string;
	/** The option the message is about, to mark it. */
	optionId?: string;
	values?: BallotFormValues;
	/** The form drawn again with this answer in it; null when no vote is open any more. */
	form?: FormBallotView | null;
};

/** The part of FormData (or URLSearchParams) the reader needs. */
export type FormLike = { getAll(name: string): unknown[] };

/** Why the form could not be read as a choice: only what a form can get wrong itself. */
export type BallotFormProblem =
	/** Nothing chosen on a yes / no / abstain ballot (or something else than the three). */
	| { code: 'no_answer' }
	/** Not a whole number of 0 or more where one belongs (dots, a score). */
	| { code: 'not_whole_number'; optionId: string; criterionId?: string }
	/** A place outside 1 … number of options. */
	| { code: 'rank_out_of_range'; optionId: string; max: number }
	/** Two options given the same place. */
	| { code: 'duplicate_rank'; optionId: string; rank: number };

export type BallotFormResult =
	| { ok: true; choice: unknown; values: BallotFormValues }
	| { ok: false; problem: BallotFormProblem; values: BallotFormValues };

export const dotsField = (optionId: string) => `dots.${optionId}`;
export const scoreField = (optionId: string, criterionId?: string) =>
	criterionId === undefined ? `score.${optionId}` : `score.${optionId}.${criterionId}`;
export const rankField = (optionId: string) => `rank.${optionId}`;

/** Longest text kept from one field: numbers and ids are short; the rest is junk. */
const MAX_VALUE = 100;
/** More ticked boxes than this is no phone's form. */
const MAX_VALUES = 200;
const WHOLE = /^\d{1,9}$/;

function strings(form: FormLike, name: string): string[] {
	let all: unknown[];
	try {
		all = form.getAll(name);
	} catch {
		return [];
	}
	if (!Array.isArray(all)) return [];
	return all
		.filter((v): v is string => typeof v === 'string')
		.slice(0, MAX_VALUES)
		.map((v) => v.slice(0, MAX_VALUE));
}

/** The first value of a field, trimmed; '' when it is missing. */
function first(values: BallotFormValues, name: string): string {
	return (values[name]?.[0] ?? '').trim();
}

/** A whole number from a field, null when empty, NaN when it is something else. */
function wholeOf(text: string): number | null {
	if (text === '') return null;
	return WHOLE.test(text) ? Number(text) : NaN;
}

/** The field names a method's form has, given the vote's options. */
function fieldsOf(settings: VoteSettings, options: readonly VoteOption[]): string[] {
	switch (settings.method) {
		case 'yes_no':
			return ['answer'];
		case 'approval':
		case 'budget':
			return ['option'];
		case 'dots':
			return options.map((o) => dotsField(o.id));
		case 'score':
			return options.map((o) => scoreField(o.id));
		case 'criteria':
			return options.flatMap((o) => settings.criteria.map((c) => scoreField(o.id, c.id)));
		case 'ranked':
			return options.map((o) => rankField(o.id));
	}
}

/**
 * Reads a posted ballot form into the choice for this vote's method, plus what was typed (only
 * this method's fields, cut short) so a refused form is drawn again as the resident left it.
 */
export function readBallotForm(
	form: FormLike,
	settings: VoteSettings,
	options: readonly VoteOption[]
): BallotFormResult {
	const values: BallotFormValues = {};
	for (const name of fieldsOf(settings, options)) {
		const got = strings(form, name);
		if (got.length > 0) values[name] = got;
	}
	const refuse = (problem: BallotFormProblem): BallotFormResult => ({
		ok: false,
		problem,
		values
	});

	switch (settings.method) {
		case 'yes_no': {
			const answer = first(values, 'answer');
			if (answer !== 'yes' && answer !== 'no' && answer !== 'abstain')
				return refuse({ code: 'no_answer' });
			return { ok: true, choice: { answer }, values };
		}
		case 'approval':
		case 'budget':
			// Unknown or doubled ids are the method's to refuse: passed on as they came.
			return { ok: true, choice: { optionIds: values.option ?? [] }, values };
		case 'dots': {
			const dots: Record<string, number> = {};
			for (const o of options) {
				const n = wholeOf(first(values, dotsField(o.id)));
				if (Number.isNaN(n)) return refuse({ code: 'not_whole_number', optionId: o.id });
				if (n) dots[o.id] = n;
			}
			return { ok: true, choice: { dots }, values };
		}
		case 'score': {
			const scores: Record<string, number> = {};
			for (const o of options) {
				const n = wholeOf(first(values, scoreField(o.id)));
				if (Number.isNaN(n)) return refuse({ code: 'not_whole_number', optionId: o.id });
				// A score left out is the method's "missing score", with the option's name.
				if (n !== null) scores[o.id] = n;
			}
			return { ok: true, choice: { scores }, values };
		}
		case 'criteria': {
			const scores: Record<string, Record<string, number>> = {};
			for (const o of options) {
				const row: Record<string, number> = {};
				for (const c of settings.criteria) {
					const n = wholeOf(first(values, scoreField(o.id, c.id)));
					if (Number.isNaN(n))
						return refuse({ code: 'not_whole_number', optionId: o.id, criterionId: c.id });
					if (n !== null) row[c.id] = n;
				}
				if (Object.keys(row).length > 0) scores[o.id] = row;
			}
			return { ok: true, choice: { scores }, values };
		}
		case 'ranked': {
			const max = options.length;
			const byPlace = new Map<number, string>();
			for (const o of options) {
				const n = wholeOf(first(values, rankField(o.id)));
				if (n === null) continue;
				if (Number.isNaN(n) || n < 1 || n > max)
					return refuse({ code: 'rank_out_of_range', optionId: o.id, max });
				if (byPlace.has(n)) return refuse({ code: 'duplicate_rank', optionId: o.id, rank: n });
				byPlace.set(n, o.id);
			}
			// Gaps (1, 2, 4) keep their order: the places only say which comes first.
			const ranking = [...byPlace.entries()].sort((a, b) => a[0] - b[0]).map(([, id]) => id);
			return { ok: true, choice: { ranking }, values };
		}
	}
}

/**
 * The form's values for a choice already cast (the resident's latest ballot), so "ubah pilihan"
 * starts from it. A choice that no longer fits this vote gives an empty form.
 */
export function ballotFormValues(
	settings: VoteSettings,
	options: readonly VoteOption[],
	choice: unknown
): BallotFormValues {
	const draft = draftFrom(settings, options, choice);
	const values: BallotFormValues = {};
	switch (draft.method) {
		case 'yes_no':
			if (draft.choice.answer) values.answer = [draft.choice.answer];
			break;
		case 'approval':
		case 'budget':
			if (draft.choice.optionIds.length > 0) values.option = [...draft.choice.optionIds];
			break;
		case 'dots':
			for (const [id, n] of Object.entries(draft.choice.dots)) values[dotsField(id)] = [String(n)];
			break;
		case 'score':
			for (const [id, n] of Object.entries(draft.choice.scores))
				values[scoreField(id)] = [String(n)];
			break;
		case 'criteria':
			for (const [id, row] of Object.entries(draft.choice.scores))
				for (const [c, n] of Object.entries(row)) values[scoreField(id, c)] = [String(n)];
			break;
		case 'ranked':
			draft.choice.ranking.forEach((id, i) => (values[rankField(id)] = [String(i + 1)]));
			break;
	}
	return values;
}

/** The sentence for a form that could not be read, with the option's (and criterion's) name. */
export function ballotFormProblemText(
	problem: BallotFormProblem,
	labelOf: (optionId: string) => string,
	criterionOf: (criterionId: string) => string
): string {
	switch (problem.code) {
		case 'no_answer':
			return ballotProblem('invalid_answer', undefined, labelOf, criterionOf);
		case 'not_whole_number':
			return problem.criterionId === undefined
				? m.formballot_whole_number({ option: labelOf(problem.optionId) })
				: m.formballot_whole_number_criterion({
						option: labelOf(problem.optionId),
						criterion: criterionOf(problem.criterionId)
					});
		case 'rank_out_of_range':
			return m.formballot_rank_range({ option: labelOf(problem.optionId), max: problem.max });
		case 'duplicate_rank':
			return m.formballot_rank_twice({ rank: problem.rank });
	}
}
