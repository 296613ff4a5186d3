import { formatJoinCode } from '$lib/domain/join-code';
import { joinQrSvg, joinUrl } from '$lib/server/meetings/join-link';
import { meetingAttendance } from '$lib/server/participants/queries';
import { getRuntime } from '$lib/server/runtime';
import { consoleActions } from './phase-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url }) => {
	const { meeting } = await parent();
	const runtime = await getRuntime();
	const link = meeting.joinCode ? joinUrl(url.origin, meeting.joinCode) : null;
	const [qrSvg, attendance] = await Promise.all([
		link ? joinQrSvg(link) : null,
		meetingAttendance(runtime.database.db, meeting),
		runtime.livePublisher.ensurePublished(meeting.id)
	]);
	return {
		join: meeting.joinCode
			? { code: formatJoinCode(meeting.joinCode), url: link!, qrSvg: qrSvg! }
			: null,
		attendance,
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = consoleActions;
