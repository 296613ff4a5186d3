import { error } from '@sveltejs/kit';
import { meetingRecord } from '$lib/server/meetings/record';
import { getRuntime } from '$lib/server/runtime';
import { m } from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

/** What each download will hold, in a sentence (the layout has checked the meeting is ours). */
export const load: PageServerLoad = async ({ parent }) => {
	const { meeting } = await parent();
	const { database } = await getRuntime();
	const record = await meetingRecord(database.db, meeting.id);
	if (!record) error(404, m.meeting_error_not_found());
	return {
		summary: {
			finalList: record.finalList && {
				version: record.finalList.version,
				count: record.finalList.usulan.length
			},
			votes: record.votes.length,
			attendance: record.attendance.total
		}
	};
};
