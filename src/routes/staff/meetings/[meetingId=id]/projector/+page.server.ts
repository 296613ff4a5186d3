import { formatJoinCode } from '$lib/domain/join-code';
import { joinQrSvg, joinUrl } from '$lib/server/meetings/join-link';
import { meetingFormOptions } from '$lib/server/kelurahan/queries';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url, locals }) => {
	const { meeting } = await parent();
	const runtime = await getRuntime();
	const link = meeting.joinCode ? joinUrl(url.origin, meeting.joinCode) : null;
	const [qrSvg, options] = await Promise.all([
		link ? joinQrSvg(link) : null,
		meetingFormOptions(runtime.database.db, meeting.kelurahanId),
		runtime.livePublisher.ensurePublished(meeting.id)
	]);
	return {
		me: { id: locals.user!.id },
		sectorNames: options.sectors,
		join:
			meeting.joinCode && link && qrSvg
				? { code: formatJoinCode(meeting.joinCode), url: link, host: url.host, qrSvg }
				: null
	};
};
