import { joinQrSvg } from '$lib/server/meetings/join-link';
import { usulanFates } from '$lib/server/plans/fates';
import { getRuntime } from '$lib/server/runtime';
import { resultsArePublic } from '$lib/server/plans/public-results';
import type { PageServerLoad } from './$types';

/**
 * What became of each usulan of the meeting, for staff (the layout has checked the meeting is
 * theirs): the same fates residents see, with links into the plans, and the public page's address
 * and QR once residents can open it.
 */
export const load: PageServerLoad = async ({ parent, url }) => {
	const { meeting } = await parent();
	const runtime = await getRuntime();
	const fates = await usulanFates(runtime.database.db, meeting.id);
	const open = resultsArePublic(
		meeting.phase,
		fates.length > 0,
		fates.filter((f) => f.decision !== null).length
	);
	const publicUrl = `${url.origin}/hasil/${meeting.id}`;
	return {
		fates,
		publicPage: open ? { url: publicUrl, qrSvg: await joinQrSvg(publicUrl) } : null
	};
};
