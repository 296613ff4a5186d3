/**
 * A tally turned into rows of bars a phone can draw: one row per option (or per answer for
 * yes / no), best first, each with the number the bar stands for and the scale it is drawn on.
 * Pure; the component only formats numbers and words.
 */
import type { YesNoAnswer } from '$lib/domain/votes/ballot';
import type { BudgetStatus } from '$lib/domain/votes/budget';
import type { Standing } from '$lib/domain/votes/counts';
import type { VoteSettings } from '$lib/domain/votes/methods';
import type { TallyResult } from '$lib/domain/votes/tally';

/** What a row's number counts, so the phone can say "12 suara", "rata-rata 4,2", "27 poin". */
export type ResultUnit = 'votes' | 'dots' | 'mean' | 'points' | 'voters';

export type ResultRow = {
	/** The option id, or the answer for yes / no. */
	id: string;
	/** The option's label; null for yes / no answers (the phone names them). */
	label: string | null;
	value: number;
	/** The bar's full width; never 0. */
	max: number;
	unit: ResultUnit;
	place: number | null;
	tied: boolean;
	/** Budget votes: the usulan's cost and whether it fits the pagu. */
	cost?: number;
	status?: BudgetStatus;
};

export type ResultView = {
	rows: ResultRow[];
	/** Everyone counted, and how many of them came from hands or paper. */
	turnout: number;
	counted: number;
	/** Yes / no: whether the motion passed its threshold. */
	passed?: boolean;
	/** Ranked: the instant-runoff winner's label (null when nobody ranked anything). */
	winner?: string | null;
	budget?: { ceiling: number; selectedCost: number; remaining: number };
};

type OptionLabel = { id: string; label: string };

const answers: YesNoAnswer[] = ['yes', 'no', 'abstain'];

/** Rows for `result`, with labels from the vote's options (in the order standings give). */
export function resultRows(
	result: TallyResult,
	options: readonly OptionLabel[],
	settings: VoteSettings
): ResultView {
	const labels = new Map(options.map((o) => [o.id, o.label]));
	const label = (id: string) => labels.get(id) ?? id;
	const turnout = result.turnout.total;
	const counted = result.turnout.bySource.hands + result.turnout.bySource.paper;
	const ranked = (
		standings: readonly Standing[],
		value: (id: string) => number,
		unit: ResultUnit,
		scale?: number
	): ResultRow[] => {
		const max = Math.max(1, scale ?? Math.max(0, ...standings.map((s) => value(s.optionId))));
		return standings.map((s) => ({
			id: s.optionId,
			label: label(s.optionId),
			value: value(s.optionId),
			max,
			unit,
			place: s.place,
			tied: s.tied
		}));
	};
	const scaleMax = 'max' in settings ? settings.max : undefined;

	switch (result.method) {
		case 'yes_no': {
			const max = Math.max(1, turnout);
			return {
				rows: answers.map((a) => ({
					id: a,
					label: null,
					value: result.answers[a].total,
					max,
					unit: 'votes',
					place: null,
					tied: false
				})),
				turnout,
				counted,
				passed: result.passed
			};
		}
		case 'approval':
		case 'dots': {
			const byId = new Map(result.options.map((o) => [o.optionId, o.total]));
			const unit = result.method === 'dots' ? 'dots' : 'votes';
			return {
				rows: ranked(result.standings, (id) => byId.get(id) ?? 0, unit),
				turnout,
				counted
			};
		}
		case 'score': {
			const byId = new Map(result.options.map((o) => [o.optionId, o.mean ?? 0]));
			return {
				rows: ranked(result.standings, (id) => byId.get(id) ?? 0, 'mean', scaleMax),
				turnout,
				counted
			};
		}
		case 'criteria': {
			const byId = new Map(result.options.map((o) => [o.optionId, o.weightedMean ?? 0]));
			return {
				rows: ranked(result.standings, (id) => byId.get(id) ?? 0, 'mean', scaleMax),
				turnout,
				counted
			};
		}
		case 'ranked': {
			const byId = new Map(result.borda.points.map((p) => [p.optionId, p.points]));
			return {
				rows: ranked(result.borda.standings, (id) => byId.get(id) ?? 0, 'points'),
				turnout,
				counted,
				winner: result.irv.winner === null ? null : label(result.irv.winner)
			};
		}
		case 'budget': {
			const byId = new Map(result.options.map((o) => [o.optionId, o]));
			const rows = ranked(result.standings, (id) => byId.get(id)?.total ?? 0, 'voters').map(
				(row) => {
					const o = byId.get(row.id);
					return o ? { ...row, cost: o.cost, status: o.status } : row;
				}
			);
			return {
				rows,
				turnout,
				counted,
				budget: {
					ceiling: result.ceiling,
					selectedCost: result.selectedCost,
					remaining: result.remaining
				}
			};
		}
	}
}

/** A bar's width in percent (0–100), for a style attribute. */
export function barPercent(value: number, max: number): number {
	if (!(max > 0) || !(value > 0)) return 0;
	return Math.min(100, Math.round((value / max) * 1000) / 10);
}
