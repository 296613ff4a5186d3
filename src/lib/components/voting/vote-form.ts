/**
 * The facilitator's vote forms (new vote, show-of-hands / paper count, decisions) from what was
 * typed to the input the vote services take, with errors per field. Numbers are read the
 * Indonesian way (`150.000.000`, `Rp 150 juta`); settings and options are checked by the same
 * domain rules the service applies, so a mistake is shown next to its field before anything is
 * written. Pure: runs in unit tests and in form actions alike.
 *
 * Input names of the new-vote form (the no-JavaScript form shows every method's fieldset, so each
 * method's inputs have their own names):
 *
 * - `title`; `subject` (`usulan` | `candidates` | `options`); `usulanIds` (checkboxes);
 *   `candidateIds` (checkboxes: participants of the meeting); `labels` (one per line)
 * - `method`, then: `threshold`; `maxChoices`; `dots`, `maxPerOption`; `score.min`, `score.max`;
 *   `criteria.min`, `criteria.max` and rows `criteria.N.id` / `criteria.N.label` /
 *   `criteria.N.weight` (a row without a weight is left out); `fullRanking`; `ceiling` (Rupiah)
 * - `secret` (checkbox); `results` (`live` | `after_close`); `durationMinutes` (blank = until
 *   closed); `eligibility` (`joined` | `verified`)
 * - `quorum.kind` (`meeting` = the meeting's rule, the default | `none` | `count` | `share`), then
 *   `quorum.min` (ballots) or `quorum.share` (a percentage, `50` → 0.5); the other one is ignored
 */
import {
	parsePercent,
	parseRupiah,
	parseWholeNumber,
	type NumberInputErrorCode,
	type NumberInputResult
} from '$lib/domain/number-input';
import type { QuorumRule } from '$lib/domain/quorum';
import {
	includes,
	MAX_CRITERIA,
	validateVoteOptions,
	validateVoteSettings,
	voteMethods,
	yesNoAnswers,
	type VoteMethod,
	type VoteOptionsErrorCode,
	type VoteSettings,
	type VoteSettingsErrorCode
} from '$lib/domain/votes';

export type FormLike = {
	get(name: string): unknown;
	getAll(name: string): unknown[];
};

export const voteFormSubjects = ['usulan', 'candidates', 'options'] as const;
export type VoteFormSubject = (typeof voteFormSubjects)[number];
/**
 * Methods a delegate election can use: each ranks people. A yes / no vote, weighted criteria
 * (made for usulan) and a budget (candidates have no cost) do not fit.
 */
export const candidateMethods = [
	'approval',
	'dots',
	'score',
	'ranked'
] as const satisfies readonly VoteMethod[];
/** `meeting`: the meeting's own rule applies (the vote does not set one). */
export const voteFormQuorumKinds = ['meeting', 'none', 'count', 'share'] as const;
/** As MAX_QUORUM_COUNT in meeting-input.ts (not imported: it pulls in zod). */
export const MAX_QUORUM_BALLOTS = 100_000;
export const voteFormResults = ['live', 'after_close'] as const;
export const voteFormEligibilities = ['joined', 'verified'] as const;
/** As `decisionOutcomes` in the vote schema (server-only, so not imported here). */
export const decisionFormOutcomes = ['agreed', 'rejected', 'deferred', 'elected'] as const;

/** 30 s is the service's floor; a whole minute is the least a form offers. 2 h is its ceiling. */
export const MAX_DURATION_MINUTES = 120;
const MAX_TITLE = 200;
const MIN_TITLE = 3;
const MAX_LABEL = 200;
const MAX_NOTE = 1000;

export type VoteFormErrorCode =
	| VoteSettingsErrorCode
	| VoteOptionsErrorCode
	| NumberInputErrorCode
	| 'too_short'
	/** Votes on usulan need a final list (the board finalized at least once). */
	| 'no_final_list'
	/** An usulan id that is not on the latest final list. */
	| 'unknown_option'
	/** A method that does not fit a delegate election (see {@link candidateMethods}). */
	| 'not_for_candidates'
	/** A candidate who is not (or no longer) a participant of the meeting. */
	| 'unknown_candidate'
	/** An election needs at least two candidates. */
	| 'too_few_candidates'
	/** A ballot count that is not a whole number from 1 to {@link MAX_QUORUM_BALLOTS}. */
	| 'quorum_count_range'
	/** A percentage that is not a number from 1 to 100. */
	| 'quorum_share_range'
	/** Anything the service refused that the form cannot name more precisely. */
	| 'invalid';

export type VoteFormError = { field: string; code: VoteFormErrorCode; optionId?: string };

/** What createVote takes as `vote` (no `quorum`: the meeting's rule applies). */
export type VoteFormValue = {
	title: string;
	subject: VoteFormSubject;
	settings: VoteSettings;
	secret: boolean;
	results: (typeof voteFormResults)[number];
	eligibility?: (typeof voteFormEligibilities)[number];
	durationSeconds: number | null;
	quorum?: QuorumRule;
	usulanIds?: string[];
	candidateIds?: string[];
	labels?: string[];
};

export type VoteFormResult =
	{ ok: true; vote: VoteFormValue } | { ok: false; errors: VoteFormError[] };

/**
 * The latest final list, in rank order: what a vote on usulan can choose from; and the meeting's
 * participants in the order the form lists them: who can stand as a candidate.
 */
export type VoteFormContext = {
	usulan: readonly { id: string; estimatedCost: number | null }[];
	candidates?: readonly { id: string }[];
};

const blank = (s: string | undefined) => s === undefined || s.trim() === '';

function reader(form: FormLike) {
	const text = (name: string): string | undefined => {
		const v = form.get(name);
		return typeof v === 'string' ? v : undefined;
	};
	const texts = (name: string): string[] =>
		form.getAll(name).filter((v): v is string => typeof v === 'string');
	return { text, texts };
}

/**
 * Parses the new-vote form. Only the chosen method's inputs are read; the others may hold
 * anything. Every error is reported (a form shows them all at once), each under the input's name.
 */
export function parseVoteForm(form: FormLike, ctx: VoteFormContext): VoteFormResult {
	const { text, texts } = reader(form);
	const errors: VoteFormError[] = [];
	const number = (field: string, result: NumberInputResult): number | undefined => {
		if (result.ok) return result.value;
		errors.push({ field, code: result.code });
		return undefined;
	};

	const title = (text('title') ?? '').trim();
	if (title === '') errors.push({ field: 'title', code: 'required' });
	else if (title.length < MIN_TITLE) errors.push({ field: 'title', code: 'too_short' });
	else if (title.length > MAX_TITLE) errors.push({ field: 'title', code: 'too_long' });

	const subject = text('subject') ?? 'usulan';
	if (!includes(voteFormSubjects, subject))
		errors.push({ field: 'subject', code: 'invalid_choice' });

	const method = text('method');
	let settings: VoteSettings | undefined;
	if (method === undefined || method === '') errors.push({ field: 'method', code: 'required' });
	else if (!includes(voteMethods, method)) errors.push({ field: 'method', code: 'invalid_choice' });
	else if (subject === 'candidates' && !includes(candidateMethods, method))
		errors.push({ field: 'method', code: 'not_for_candidates' });
	else settings = readSettings(method, text, number, errors);

	const results = text('results') ?? 'live';
	if (!includes(voteFormResults, results))
		errors.push({ field: 'results', code: 'invalid_choice' });
	const eligibilityText = text('eligibility');
	const eligibility = blank(eligibilityText) ? undefined : eligibilityText!.trim();
	if (eligibility !== undefined && !includes(voteFormEligibilities, eligibility))
		errors.push({ field: 'eligibility', code: 'invalid_choice' });

	const minutesText = text('durationMinutes');
	let durationSeconds: number | null = null;
	if (!blank(minutesText)) {
		const minutes = number('durationMinutes', parseWholeNumber(minutesText!));
		if (minutes !== undefined) {
			if (minutes < 1) errors.push({ field: 'durationMinutes', code: 'too_small' });
			else if (minutes > MAX_DURATION_MINUTES)
				errors.push({ field: 'durationMinutes', code: 'too_big' });
			else durationSeconds = minutes * 60;
		}
	}

	const quorum = readQuorum(text, errors);

	let usulanIds: string[] | undefined;
	let candidateIds: string[] | undefined;
	let labels: string[] | undefined;
	if (subject === 'usulan') {
		usulanIds = readUsulan(texts('usulanIds'), ctx, settings, errors);
	} else if (subject === 'candidates') {
		candidateIds = readCandidates(texts('candidateIds'), ctx, settings, errors);
	} else if (subject === 'options') {
		labels = readLabels(text('labels') ?? '', settings, errors);
	}

	if (errors.length > 0 || !settings) return { ok: false, errors };
	return {
		ok: true,
		vote: {
			title,
			subject: subject as VoteFormSubject,
			settings,
			secret: form.get('secret') !== null && form.get('secret') !== undefined,
			results: results as VoteFormValue['results'],
			...(eligibility ? { eligibility: eligibility as VoteFormValue['eligibility'] } : {}),
			durationSeconds,
			...(quorum ? { quorum } : {}),
			...(usulanIds ? { usulanIds } : {}),
			...(candidateIds ? { candidateIds } : {}),
			...(labels ? { labels } : {})
		}
	};
}

type Number_ = (field: string, result: NumberInputResult) => number | undefined;

/** The settings of `method` from its inputs, checked by validateVoteSettings. */
function readSettings(
	method: VoteMethod,
	text: (name: string) => string | undefined,
	number: Number_,
	errors: VoteFormError[]
): VoteSettings | undefined {
	const before = errors.length;
	const whole = (name: string, field = name) => number(field, parseWholeNumber(text(name) ?? ''));
	/** Blank scale ends take the method's defaults (1–5). */
	const optionalWhole = (name: string) =>
		blank(text(name)) ? undefined : number(name, parseWholeNumber(text(name)!));
	const criteriaRows: number[] = [];
	let raw: Record<string, unknown>;
	switch (method) {
		case 'yes_no':
			raw = { method, threshold: blank(text('threshold')) ? undefined : text('threshold') };
			break;
		case 'approval':
			raw = { method, maxChoices: whole('maxChoices') };
			break;
		case 'dots':
			raw = { method, dots: whole('dots'), maxPerOption: whole('maxPerOption') };
			break;
		case 'score':
			raw = { method, min: optionalWhole('score.min'), max: optionalWhole('score.max') };
			break;
		case 'criteria': {
			const criteria: Record<string, unknown>[] = [];
			for (let i = 0; i < MAX_CRITERIA; i++) {
				const id = (text(`criteria.${i}.id`) ?? '').trim();
				const label = (text(`criteria.${i}.label`) ?? '').trim();
				const weightText = text(`criteria.${i}.weight`);
				if (blank(weightText)) continue;
				const weight = number(`criteria.${i}.weight`, parseWholeNumber(weightText!));
				if (id === '' && label === '') {
					errors.push({ field: `criteria.${i}.label`, code: 'required' });
					continue;
				}
				criteriaRows.push(i);
				// A criterion the facilitator named gets an id from its row; its label is what shows.
				criteria.push({
					id: id === '' ? `own-${i}` : id,
					weight,
					...(label === '' ? {} : { label })
				});
			}
			raw = {
				method,
				criteria,
				min: optionalWhole('criteria.min'),
				max: optionalWhole('criteria.max')
			};
			break;
		}
		case 'ranked':
			raw = { method, fullRanking: text('fullRanking') !== undefined };
			break;
		case 'budget':
			raw = { method, ceiling: number('ceiling', parseRupiah(text('ceiling') ?? '')) };
			break;
	}
	// A number the parser refused is already reported under its input; don't report it twice.
	if (errors.length > before) return undefined;
	for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
	const checked = validateVoteSettings(raw);
	if (checked.ok) return checked.settings;
	for (const e of checked.errors)
		errors.push({ field: settingsField(method, e.field, criteriaRows), code: e.code });
	return undefined;
}

/**
 * The form input a settings error belongs to (`min` of a score vote is `score.min`; the 2nd
 * criterion sent may be row 3 of the form when a row was left blank).
 */
export function settingsField(method: VoteMethod, field: string, criteriaRows: number[] = []) {
	if (method === 'score' && (field === 'min' || field === 'max')) return `score.${field}`;
	if (method === 'criteria') {
		if (field === 'min' || field === 'max') return `criteria.${field}`;
		const row = /^criteria\.(\d+)\.(\w+)$/.exec(field);
		if (row) {
			const at = criteriaRows[Number(row[1])] ?? Number(row[1]);
			// An id error on a criterion the facilitator named is about its name.
			return `criteria.${at}.${row[2] === 'id' ? 'label' : row[2]}`;
		}
		if (field === 'criteria') return 'criteria';
	}
	return field === '' ? 'method' : field;
}

function readUsulan(
	ticked: string[],
	ctx: VoteFormContext,
	settings: VoteSettings | undefined,
	errors: VoteFormError[]
): string[] | undefined {
	if (ctx.usulan.length === 0) {
		errors.push({ field: 'usulanIds', code: 'no_final_list' });
		return undefined;
	}
	const wanted = new Set(ticked);
	const chosen = ctx.usulan.filter((u) => wanted.has(u.id));
	if (chosen.length !== wanted.size) {
		errors.push({ field: 'usulanIds', code: 'unknown_option' });
		return undefined;
	}
	if (settings) {
		const checked = validateVoteOptions(
			settings,
			chosen.map((u) => ({ id: u.id, cost: u.estimatedCost }))
		);
		if (!checked.ok) {
			errors.push({
				field: 'usulanIds',
				code: checked.code,
				...(checked.optionId ? { optionId: checked.optionId } : {})
			});
			return undefined;
		}
	}
	// List order, whatever order the browser sent the boxes in: ties are broken by it.
	return chosen.map((u) => u.id);
}

/**
 * The vote's own quorum, or undefined for the meeting's rule. A wrong number is reported under
 * its input with the range it must be in.
 */
function readQuorum(
	text: (name: string) => string | undefined,
	errors: VoteFormError[]
): QuorumRule | undefined {
	const typed = text('quorum.kind');
	const kind = blank(typed) ? 'meeting' : typed!.trim();
	if (!includes(voteFormQuorumKinds, kind)) {
		errors.push({ field: 'quorum.kind', code: 'invalid_choice' });
		return undefined;
	}
	switch (kind) {
		case 'meeting':
			return undefined;
		case 'none':
			return { kind };
		case 'count': {
			const typedMin = text('quorum.min');
			if (blank(typedMin)) {
				errors.push({ field: 'quorum.min', code: 'required' });
				return undefined;
			}
			const min = parseWholeNumber(typedMin!);
			if (!min.ok || min.value < 1 || min.value > MAX_QUORUM_BALLOTS) {
				errors.push({ field: 'quorum.min', code: 'quorum_count_range' });
				return undefined;
			}
			return { kind, min: min.value };
		}
		case 'share': {
			const typedShare = text('quorum.share');
			if (blank(typedShare)) {
				errors.push({ field: 'quorum.share', code: 'required' });
				return undefined;
			}
			const share = parsePercent(typedShare!);
			// 1 % is the least a form offers: below it, a quorum would be one ballot anyway.
			if (!share.ok || share.value < 0.01 - 1e-9 || share.value > 1) {
				errors.push({ field: 'quorum.share', code: 'quorum_share_range' });
				return undefined;
			}
			return { kind, share: share.value };
		}
	}
}

/** Ticked candidates in the form's order (verified first), checked against the participants. */
function readCandidates(
	ticked: string[],
	ctx: VoteFormContext,
	settings: VoteSettings | undefined,
	errors: VoteFormError[]
): string[] | undefined {
	const wanted = new Set(ticked);
	const chosen = (ctx.candidates ?? []).filter((c) => wanted.has(c.id));
	if (chosen.length !== wanted.size) {
		errors.push({ field: 'candidateIds', code: 'unknown_candidate' });
		return undefined;
	}
	if (chosen.length < 2) {
		errors.push({ field: 'candidateIds', code: 'too_few_candidates' });
		return undefined;
	}
	if (settings) {
		const checked = validateVoteOptions(
			settings,
			chosen.map((c) => ({ id: c.id }))
		);
		if (!checked.ok) {
			errors.push({ field: 'candidateIds', code: checked.code });
			return undefined;
		}
	}
	return chosen.map((c) => c.id);
}

function readLabels(
	typed: string,
	settings: VoteSettings | undefined,
	errors: VoteFormError[]
): string[] | undefined {
	const labels = typed
		.split(/\r\n|\r|\n/)
		.map((l) => l.trim())
		.filter((l) => l !== '');
	if (labels.some((l) => l.length > MAX_LABEL)) {
		errors.push({ field: 'labels', code: 'too_long' });
		return undefined;
	}
	if (new Set(labels.map((l) => l.toLocaleLowerCase('id'))).size !== labels.length) {
		errors.push({ field: 'labels', code: 'duplicate_option' });
		return undefined;
	}
	if (settings) {
		if (settings.method === 'budget') {
			// Free options have no cost: only usulan from the final list can be budgeted.
			errors.push({ field: 'subject', code: 'missing_cost' });
			return undefined;
		}
		const checked = validateVoteOptions(
			settings,
			labels.map((_, i) => ({ id: `o${i}` }))
		);
		if (!checked.ok) {
			errors.push({ field: 'labels', code: checked.code });
			return undefined;
		}
	}
	return labels;
}

/**
 * The form input a createVote refusal (`VoteServiceError` details.fields) belongs to.
 * The service names settings `settings.x` and the options `options`.
 */
export function serviceErrorField(
	field: string,
	method: VoteMethod | undefined,
	subject: VoteFormSubject
): string {
	if (
		field === 'options' ||
		field === 'usulanIds' ||
		field.startsWith('labels') ||
		field.startsWith('candidateIds')
	)
		return subject === 'usulan'
			? 'usulanIds'
			: subject === 'candidates'
				? 'candidateIds'
				: 'labels';
	if (field === 'durationSeconds') return 'durationMinutes';
	if (field === 'quorum.min' || field === 'quorum.share') return field;
	if (field === 'quorum' || field.startsWith('quorum.')) return 'quorum.kind';
	if (field === 'settings' || field.startsWith('settings.')) {
		const inner = field.slice('settings.'.length);
		return method ? settingsField(method, field === 'settings' ? '' : inner) : 'method';
	}
	return field;
}

/** A show-of-hands or paper count, as addHybridCount takes it. */
export type HybridCountValue = {
	count: { source: 'hands' | 'paper'; voters: number; counts: Record<string, number> };
	note: string;
};

/**
 * Parses a count form: `source` (`hands` | `paper`), `voters`, a number per option
 * (`count.<optionId>`; for yes / no votes `count.yes`, `count.no`, `count.abstain`; blank = 0)
 * and `note`. Whether the numbers add up is the service's check (validateExtraCount).
 */
export function parseHybridCountForm(
	form: FormLike,
	method: VoteMethod,
	optionIds: readonly string[]
): { ok: true; value: HybridCountValue } | { ok: false; errors: VoteFormError[] } {
	const { text } = reader(form);
	const errors: VoteFormError[] = [];
	const source = text('source');
	if (source !== 'hands' && source !== 'paper')
		errors.push({ field: 'source', code: source ? 'invalid_choice' : 'required' });
	const votersResult = parseWholeNumber(text('voters') ?? '');
	if (!votersResult.ok) errors.push({ field: 'voters', code: votersResult.code });
	const keys = method === 'yes_no' ? [...yesNoAnswers] : optionIds;
	const counts: Record<string, number> = {};
	for (const key of keys) {
		const typed = text(`count.${key}`);
		if (blank(typed)) continue;
		const n = parseWholeNumber(typed!);
		if (n.ok) counts[key] = n.value;
		else errors.push({ field: `count.${key}`, code: n.code });
	}
	const note = (text('note') ?? '').trim();
	if (note.length > MAX_NOTE) errors.push({ field: 'note', code: 'too_long' });
	if (errors.length > 0 || !votersResult.ok) return { ok: false, errors };
	return {
		ok: true,
		value: {
			count: { source: source as 'hands' | 'paper', voters: votersResult.value, counts },
			note
		}
	};
}

/** The motion as a whole (a yes / no vote), for which a decision has no option. */
export const MOTION = 'motion';

export type DecisionOutcome = (typeof decisionFormOutcomes)[number];

export type DecisionsValue = {
	outcomes: {
		optionId: string | null;
		outcome: DecisionOutcome;
		/** The confirmed place on a ranked list (1 = first); left out otherwise. */
		rank?: number;
		note: string;
	}[];
};

/** What a delegate election decides per candidate: *terpilih* or *tidak terpilih*. */
export const electionOutcomes = [
	'elected',
	'rejected'
] as const satisfies readonly DecisionOutcome[];

/**
 * Parses a decisions form: per option `outcome.<optionId>` (blank = no decision on it now) and
 * `note.<optionId>`; for the motion as a whole `outcome.motion` / `note.motion`. At least one
 * decision is needed. `allowed` narrows the outcomes (a delegate election takes
 * {@link electionOutcomes}).
 */
export function parseDecisionsForm(
	form: FormLike,
	keys: readonly string[],
	allowed: readonly DecisionOutcome[] = decisionFormOutcomes
): { ok: true; value: DecisionsValue } | { ok: false; errors: VoteFormError[] } {
	const { text } = reader(form);
	const errors: VoteFormError[] = [];
	const outcomes: DecisionsValue['outcomes'] = [];
	for (const key of keys) {
		const outcome = (text(`outcome.${key}`) ?? '').trim();
		if (outcome === '') continue;
		if (!includes(allowed, outcome)) {
			errors.push({ field: `outcome.${key}`, code: 'invalid_choice' });
			continue;
		}
		const note = (text(`note.${key}`) ?? '').trim();
		if (note.length > MAX_NOTE) {
			errors.push({ field: `note.${key}`, code: 'too_long' });
			continue;
		}
		outcomes.push({ optionId: key === MOTION ? null : key, outcome, note });
	}
	if (errors.length === 0 && outcomes.length === 0)
		errors.push({ field: 'outcomes', code: 'required' });
	if (errors.length > 0) return { ok: false, errors };
	return { ok: true, value: { outcomes } };
}

export type PriorityFormValue = {
	/** The option ids in the order the facilitator saw them confirmed (best first). */
	order: string[];
	note: string;
};

/**
 * Parses the form confirming a ranked priority list: `order` (hidden, repeated: the option ids in
 * the order the page showed, so a result that changed meanwhile is not confirmed unseen) and an
 * optional `note`. The ranks themselves come from the stored final tally, not from the form.
 */
export function parsePriorityForm(
	form: FormLike,
	optionIds: readonly string[]
): { ok: true; value: PriorityFormValue } | { ok: false; errors: VoteFormError[] } {
	const { text, texts } = reader(form);
	const errors: VoteFormError[] = [];
	const order = texts('order');
	const known = new Set(optionIds);
	if (order.length === 0) errors.push({ field: 'order', code: 'required' });
	else if (new Set(order).size !== order.length || order.some((id) => !known.has(id)))
		errors.push({ field: 'order', code: 'invalid' });
	const note = (text('note') ?? '').trim();
	if (note.length > MAX_NOTE) errors.push({ field: 'note', code: 'too_long' });
	if (errors.length > 0) return { ok: false, errors };
	return { ok: true, value: { order, note } };
}
