import { jsonResponse } from '$lib/server/http/json';
import { meetingAttendance } from '$lib/server/participants/queries';
import { getRuntime } from '$lib/server/runtime';
import { managedMeeting } from '../../../access';
import { endpoint } from '../../../endpoint';
import type { RequestHandler } from './$types';

/** Attendance figures (totals, by RW, inclusion shares against the thresholds), for its staff. */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	const { meeting } = await managedMeeting(locals, params.meetingId);
	const { database } = await getRuntime();
	return jsonResponse({ attendance: await meetingAttendance(database.db, meeting) });
});
