/**
 * Dot voting: each voter places up to N dots, at most M on one option; most dots ranks first.
 */
import { addExtra, standingsOf } from './approval.ts';
import type { DotsBallot } from './ballot.ts';
import {
	addCount,
	optionCounts,
	turnoutOf,
	type Cast,
	type Count,
	type OptionCount,
	type Standing
} from './counts.ts';
import type { ExtraCount } from './extra.ts';
import type { VoteOption } from './methods.ts';

export type DotsResult = {
	method: 'dots';
	turnout: Count;
	/** Dots per option, in option order. */
	options: OptionCount[];
	/** Most dots first; ties keep option order and are marked `tied`. */
	standings: Standing[];
};

/** Dots per option from ballots and from paper (or a count of stickers on a wall chart). */
export function tallyDots(
	options: readonly VoteOption[],
	ballots: readonly Cast<DotsBallot>[],
	extra: readonly ExtraCount[] = []
): DotsResult {
	const counts = optionCounts(options.map((o) => o.id));
	for (const b of ballots) {
		for (const [id, n] of Object.entries(b.dots)) {
			const count = counts.get(id);
			if (count) addCount(count, b.source ?? 'phone', n);
		}
	}
	addExtra(counts, extra);
	const list = [...counts.values()];
	return {
		method: 'dots',
		turnout: turnoutOf(ballots, extra),
		options: list,
		standings: standingsOf(list)
	};
}
