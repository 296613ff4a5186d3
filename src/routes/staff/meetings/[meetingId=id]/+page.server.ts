import { formatJoinCode } from '$lib/domain/join-code';
import { joinQrSvg, joinUrl } from '$lib/server/meetings/join-link';
import { meetingAttendance } from '$lib/server/participants/queries';
import { meetingFormOptions } from '$lib/server/kelurahan/queries';
import { getRuntime } from '$lib/server/runtime';
import { latestBoardVersion, listBoardVersions } from '$lib/server/usulan/queries';
import { consoleActions } from './phase-actions';
import { closeVoteAction } from './votes/actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, url, locals }) => {
	const { meeting } = await parent();
	const runtime = await getRuntime();
	const link = meeting.joinCode ? joinUrl(url.origin, meeting.joinCode) : null;
	const db = runtime.database.db;
	const [qrSvg, attendance, versions, latest, options] = await Promise.all([
		link ? joinQrSvg(link) : null,
		meetingAttendance(db, meeting),
		listBoardVersions(db, meeting.id),
		latestBoardVersion(db, meeting.id),
		meetingFormOptions(db, meeting.kelurahanId),
		runtime.livePublisher.ensurePublished(meeting.id)
	]);
	return {
		join: meeting.joinCode
			? { code: formatJoinCode(meeting.joinCode), url: link!, qrSvg: qrSvg! }
			: null,
		attendance,
		me: {
			kind: 'user' as const,
			id: locals.user!.id,
			displayName: locals.user!.displayName,
			rt: null,
			rw: null
		},
		sectorNames: options.sectors.filter((s) => meeting.sectorCodes.includes(s.code)),
		versions: versions.map((v) => ({
			id: v.id,
			version: v.version,
			count: v.usulanCount,
			createdAt: v.createdAt
		})),
		finalList: latest?.usulan.map((u) => ({ rank: u.rank, title: u.title })) ?? [],
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = { ...consoleActions, closeVote: closeVoteAction };
