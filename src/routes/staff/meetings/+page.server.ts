import { meetingPhase } from '$lib/domain/meeting-phase';
import { actorOf } from '$lib/server/http/actor';
import { listMeetings } from '$lib/server/meetings/service';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const runtime = await getRuntime();
	const rows = await listMeetings(runtime.database.db, actorOf(locals)!);
	return {
		canCreate: locals.user!.kelurahanId !== null,
		meetings: rows.map((r) => ({
			id: r.id,
			title: r.title,
			kind: r.kind,
			place: r.place,
			startsAt: r.startsAt,
			phase: meetingPhase(r)
		}))
	};
};
