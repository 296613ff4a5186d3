import type * as Y from 'yjs';
import {
	liveAttendanceSchema,
	liveKeys,
	liveMeetingSchema,
	liveRoot,
	type LiveAttendance,
	type LiveMeeting
} from './schema.ts';

export type LiveView = {
	/** Null until the server wrote it (or when what is there does not validate). */
	meeting: LiveMeeting | null;
	attendance: LiveAttendance | null;
};

/**
 * The live doc as plain values. Only the server writes it, but a reader still validates: a
 * version mismatch or a bug must show "unknown", never crash the projector.
 */
export function readLive(doc: Y.Doc): LiveView {
	const state = doc.getMap(liveRoot);
	const meeting = liveMeetingSchema.safeParse(state.get(liveKeys.meeting));
	const attendance = liveAttendanceSchema.safeParse(state.get(liveKeys.attendance));
	return {
		meeting: meeting.success ? meeting.data : null,
		attendance: attendance.success ? attendance.data : null
	};
}
