/** An option as the ballot screens show it (the live doc's `vote.options`). */
export type BallotOptionView = { id: string; label: string; cost: number | null };
