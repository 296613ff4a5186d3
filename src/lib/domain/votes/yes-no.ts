/**
 * Yes / no / abstain (*setuju / tidak setuju / abstain*) on one question.
 */
import type { YesNoAnswer, YesNoBallot } from './ballot.ts';
import { addCount, emptyCount, turnoutOf, type Cast, type Count } from './counts.ts';
import type { ExtraCount } from './extra.ts';
import type { SettingsOf, YesNoThreshold } from './methods.ts';

export type YesNoResult = {
	method: 'yes_no';
	threshold: YesNoThreshold;
	/** Everyone who voted, abstentions included (what quorum counts). */
	turnout: Count;
	answers: Record<YesNoAnswer, Count>;
	passed: boolean;
};

/**
 * Whether `yes` against `no` passes `threshold` (see {@link YesNoThreshold}): abstentions are
 * left out; two thirds is checked in whole numbers (3 × yes ≥ 2 × (yes + no)) so 2 of 3 passes
 * exactly; nothing passes without at least one *setuju*.
 */
export function yesNoPasses(threshold: YesNoThreshold, yes: number, no: number): boolean {
	if (yes < 1) return false;
	switch (threshold) {
		case 'majority':
			return yes > no;
		case 'two_thirds':
			return 3 * yes >= 2 * (yes + no);
		case 'consensus':
			return no === 0;
	}
}

/** Counts yes / no / abstain from ballots and from hands or paper, and applies the threshold. */
export function tallyYesNo(
	settings: SettingsOf<'yes_no'>,
	ballots: readonly Cast<YesNoBallot>[],
	extra: readonly ExtraCount[] = []
): YesNoResult {
	const answers = { yes: emptyCount(), no: emptyCount(), abstain: emptyCount() };
	for (const b of ballots) addCount(answers[b.answer], b.source ?? 'phone', 1);
	for (const e of extra) {
		addCount(answers.yes, e.source, e.counts.yes ?? 0);
		addCount(answers.no, e.source, e.counts.no ?? 0);
		addCount(answers.abstain, e.source, e.counts.abstain ?? 0);
	}
	return {
		method: 'yes_no',
		threshold: settings.threshold,
		turnout: turnoutOf(ballots, extra),
		answers,
		passed: yesNoPasses(settings.threshold, answers.yes.total, answers.no.total)
	};
}
