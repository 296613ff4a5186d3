/** What the board components need to know besides the board itself. */

/** A sector the meeting uses, with its name in the reader's language. */
export type SectorOption = { code: string; name: string };

/** The person at this screen: their id for `createdBy`, and how they are named as proposer. */
export type BoardMe = {
	kind: 'participant' | 'user';
	id: string;
	displayName: string;
	rt: number | null;
	rw: number | null;
};
