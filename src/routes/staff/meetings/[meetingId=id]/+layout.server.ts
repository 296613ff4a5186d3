import { error } from '@sveltejs/kit';
import { meetingPhase } from '$lib/domain/meeting-phase';
import { actorOf } from '$lib/server/http/actor';
import { canManageMeeting } from '$lib/server/meetings/policy';
import { getMeeting } from '$lib/server/meetings/service';
import { getRuntime } from '$lib/server/runtime';
import { m } from '$lib/paraglide/messages';
import type { LayoutServerLoad } from './$types';

/** Every page of one meeting in the staff area: the meeting, or 404 when it is not ours to run. */
export const load: LayoutServerLoad = async ({ locals, params, depends }) => {
	depends('rembuk:meeting');
	const runtime = await getRuntime();
	const row = await getMeeting(runtime.database.db, params.meetingId);
	// Another kelurahan's meeting is "not found", not "forbidden": its existence is not ours to know.
	if (!row || !canManageMeeting(actorOf(locals), row)) error(404, m.meeting_error_not_found());
	return {
		meeting: {
			id: row.id,
			kelurahanId: row.kelurahanId,
			title: row.title,
			kind: row.kind,
			startsAt: row.startsAt,
			place: row.place,
			agenda: row.agenda,
			rwScope: row.rwScope,
			budgetCeiling: row.budgetCeiling,
			quorum: row.quorum,
			voters: row.voters,
			sectorCodes: row.sectorCodes,
			inclusionThresholds: row.inclusionThresholds,
			joinCode: row.joinCode,
			joinLocked: row.joinLockedAt !== null,
			boardLocked: row.boardLockedAt !== null,
			phase: meetingPhase(row)
		}
	};
};
