/**
 * What a resident has picked so far, per method, in exactly the choice shape the server takes
 * (see src/lib/domain/votes/ballot.ts): the ballot components only ever call these functions, so
 * what is on screen and what is sent cannot drift apart. Pure; unit-tested next door.
 */
import {
	validateBallot,
	yesNoAnswers,
	type BallotOf,
	type BallotResult,
	type YesNoAnswer
} from '$lib/domain/votes/ballot';
import type { SettingsOf, VoteMethod, VoteOption, VoteSettings } from '$lib/domain/votes/methods';

/** A choice being made: the method's ballot shape, except that yes / no may have no answer yet. */
export type DraftChoiceOf = Omit<BallotOf, 'yes_no'> & {
	yes_no: { answer: YesNoAnswer | null };
};

/** A vote's settings with the choice made so far; `method` narrows both at once. */
export type Draft = {
	[M in VoteMethod]: { method: M; settings: SettingsOf<M>; choice: DraftChoiceOf[M] };
}[VoteMethod];

/** An empty choice for these settings (nothing picked, nothing scored). */
export function emptyDraft(settings: VoteSettings): Draft {
	switch (settings.method) {
		case 'yes_no':
			return { method: 'yes_no', settings, choice: { answer: null } };
		case 'approval':
			return { method: 'approval', settings, choice: { optionIds: [] } };
		case 'dots':
			return { method: 'dots', settings, choice: { dots: {} } };
		case 'score':
			return { method: 'score', settings, choice: { scores: {} } };
		case 'criteria':
			return { method: 'criteria', settings, choice: { scores: {} } };
		case 'ranked':
			return { method: 'ranked', settings, choice: { ranking: [] } };
		case 'budget':
			return { method: 'budget', settings, choice: { optionIds: [] } };
	}
}

/**
 * The draft to start from: the resident's earlier ballot when it is still valid for this vote
 * (so "ubah pilihan" starts from what they sent), else an empty one.
 */
export function draftFrom(
	settings: VoteSettings,
	options: readonly VoteOption[],
	earlier?: unknown
): Draft {
	if (earlier === undefined || earlier === null) return emptyDraft(settings);
	const checked = validateBallot(settings, options, earlier);
	if (!checked.ok) return emptyDraft(settings);
	// validateBallot returns the ballot of `settings.method`; the pairing is what Draft says.
	return { method: settings.method, settings, choice: checked.ballot } as Draft;
}

/** Checks a draft as the server will; most refusals thus never leave the phone. */
export function checkDraft(draft: Draft, options: readonly VoteOption[]): BallotResult {
	return validateBallot(draft.settings, options, draft.choice);
}

/** Whether an answer is one of yes / no / abstain. */
export function isYesNoAnswer(v: unknown): v is YesNoAnswer {
	return (yesNoAnswers as readonly unknown[]).includes(v);
}

/**
 * Ticks or unticks an option in an approval list. Ticking beyond `max` does nothing: the
 * checkbox is disabled then, and this keeps a fast double tap from getting past it.
 */
export function toggleApproval(ids: readonly string[], id: string, max: number): string[] {
	if (ids.includes(id)) return ids.filter((x) => x !== id);
	if (ids.length >= max) return [...ids];
	return [...ids, id];
}

/** Dots placed in all. */
export function dotsSpent(dots: Readonly<Record<string, number>>): number {
	return Object.values(dots).reduce((sum, n) => sum + n, 0);
}

/** Dots still to place. */
export function dotsLeft(settings: SettingsOf<'dots'>, dots: Readonly<Record<string, number>>) {
	return Math.max(0, settings.dots - dotsSpent(dots));
}

/** Whether one more dot may go on `id` (dots left, and under the per-option limit). */
export function canAddDot(
	settings: SettingsOf<'dots'>,
	dots: Readonly<Record<string, number>>,
	id: string
): boolean {
	return dotsLeft(settings, dots) > 0 && (dots[id] ?? 0) < settings.maxPerOption;
}

/** Adds (+1) or takes back (−1) a dot on `id`; a step the limits do not allow changes nothing. */
export function stepDots(
	settings: SettingsOf<'dots'>,
	dots: Readonly<Record<string, number>>,
	id: string,
	step: 1 | -1
): Record<string, number> {
	const now = dots[id] ?? 0;
	if (step === 1 && !canAddDot(settings, dots, id)) return { ...dots };
	if (step === -1 && now === 0) return { ...dots };
	const next = { ...dots, [id]: now + step };
	// Zero dots are left out, as the server stores them.
	if (next[id] === 0) delete next[id];
	return next;
}

/** Scores with `id` set to `n`. */
export function setScore(
	scores: Readonly<Record<string, number>>,
	id: string,
	n: number
): Record<string, number> {
	return { ...scores, [id]: n };
}

/** Criteria scores with `optionId` × `criterionId` set to `n`. */
export function setCriterionScore(
	scores: Readonly<Record<string, Readonly<Record<string, number>>>>,
	optionId: string,
	criterionId: string,
	n: number
): Record<string, Record<string, number>> {
	return { ...scores, [optionId]: { ...scores[optionId], [criterionId]: n } };
}

/** How many options have a score on every criterion (for "3 dari 5 sudah dinilai"). */
export function criteriaDone(
	settings: SettingsOf<'criteria'>,
	scores: Readonly<Record<string, Readonly<Record<string, number>>>>
): number {
	return Object.values(scores).filter((row) =>
		settings.criteria.every((c) => row[c.id] !== undefined)
	).length;
}

/**
 * Tapping an option in a ranking: an unranked option gets the next place; tapping a ranked one
 * takes it out and moves the ones after it up a place.
 */
export function toggleRank(ranking: readonly string[], id: string): string[] {
	return ranking.includes(id) ? ranking.filter((x) => x !== id) : [...ranking, id];
}

/** An option's place in a ranking (1, 2, …), or null when not ranked. */
export function rankOf(ranking: readonly string[], id: string): number | null {
	const i = ranking.indexOf(id);
	return i === -1 ? null : i + 1;
}

/** Ticks or unticks an usulan in a budget ballot (the total may go over; the panel says so). */
export function toggleBudget(ids: readonly string[], id: string): string[] {
	return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id];
}

/** What the chosen usulan cost together (options without a cost count as 0, as in the tally). */
export function budgetTotal(options: readonly VoteOption[], ids: readonly string[]): number {
	const chosen = new Set(ids);
	return options.reduce((sum, o) => sum + (chosen.has(o.id) ? (o.cost ?? 0) : 0), 0);
}
