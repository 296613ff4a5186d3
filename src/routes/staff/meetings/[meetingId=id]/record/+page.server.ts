import { error } from '@sveltejs/kit';
import { meetingRecord } from '$lib/server/meetings/record';
import { getRuntime } from '$lib/server/runtime';
import { m } from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

/** The meeting record: read-only, counts only (the layout has checked the meeting is ours). */
export const load: PageServerLoad = async ({ parent }) => {
	const { meeting } = await parent();
	const runtime = await getRuntime();
	const record = await meetingRecord(runtime.database.db, meeting.id);
	if (!record) error(404, m.meeting_error_not_found());
	return { record };
};
