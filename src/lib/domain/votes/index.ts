/**
 * Vote methods, ballots and tallies: pure functions, no I/O, safe on phones and on the server.
 * Import from here; the modules are split by method only to keep each one small.
 */
export * from './methods.ts';
export * from './ballot.ts';
export * from './counts.ts';
export * from './extra.ts';
export * from './tally.ts';
export type { YesNoResult } from './yes-no.ts';
export { yesNoPasses } from './yes-no.ts';
export type { ApprovalResult } from './approval.ts';
export type { DotsResult } from './dots.ts';
export type { OptionScore, ScoreResult } from './score.ts';
export type { CriteriaResult, CriterionScore, OptionCriteriaScore } from './criteria.ts';
export type { BordaResult, IrvResult, IrvRound, RankedResult, TieBreak } from './ranked.ts';
export { borda, instantRunoff } from './ranked.ts';
export type { BudgetOption, BudgetResult, BudgetStatus } from './budget.ts';
export * from './status.ts';
