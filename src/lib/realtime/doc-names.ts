/**
 * Every Yjs doc is named through this module. `meeting/<uuid>/board` is the co-edited usulan
 * board; `meeting/<uuid>/live` is written by the server only (phase, current vote, tallies,
 * attendance counts).
 */
export const docKinds = ['board', 'live'] as const;
export type DocKind = (typeof docKinds)[number];
export type DocRef = { kind: DocKind; meetingId: string };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const pattern = new RegExp(`^meeting/(${UUID})/(board|live)$`);

export const docName = {
	board: (meetingId: string) => `meeting/${meetingId}/board`,
	live: (meetingId: string) => `meeting/${meetingId}/live`
} as const;

/** The doc a name refers to, or null for anything that is not exactly a known doc name. */
export function parseDocName(name: string): DocRef | null {
	const m = pattern.exec(name);
	return m ? { meetingId: m[1], kind: m[2] as DocKind } : null;
}
