import type * as Y from 'yjs';
import {
	liveKeys,
	liveRoot,
	readLiveAttendance,
	readLiveMeeting,
	type LiveAttendance,
	type LiveMeeting
} from './schema.ts';
import { liveVoteKey, readLiveVote, type LiveVote } from './vote.ts';

export type LiveView = {
	/** Null until the server wrote it (or when what is there does not validate). */
	meeting: LiveMeeting | null;
	attendance: LiveAttendance | null;
	/** The vote the room is looking at (the last one opened), or null. */
	vote: LiveVote | null;
};

/**
 * The live doc as plain values. Only the server writes it, but a reader still validates: a
 * version mismatch or a bug must show "unknown", never crash the projector.
 */
export function readLive(doc: Y.Doc): LiveView {
	const state = doc.getMap(liveRoot);
	return {
		meeting: readLiveMeeting(state.get(liveKeys.meeting)),
		attendance: readLiveAttendance(state.get(liveKeys.attendance)),
		vote: readLiveVote(state.get(liveVoteKey))
	};
}
