import { fail, redirect, type Cookies } from '@sveltejs/kit';
import {
	itemFormFields,
	itemInputFromForm,
	type ItemFormFields
} from '$lib/components/board/item-form';
import { meetingPhase } from '$lib/domain/meeting-phase';
import { m } from '$lib/paraglide/messages';
import type { Meeting } from '$lib/server/db/schema';
import { actorOf } from '$lib/server/http/actor';
import { readForm } from '$lib/server/http/form';
import { kelurahanOverview } from '$lib/server/kelurahan/queries';
import { canManageMeeting } from '$lib/server/meetings/policy';
import { getMeeting } from '$lib/server/meetings/service';
import { participantForToken } from '$lib/server/participants/queries';
import { PARTICIPANT_COOKIE } from '$lib/server/participants/tokens';
import { docAccess, meetingAccessFacts, type RealtimeActor } from '$lib/server/realtime/policy';
import { getRuntime } from '$lib/server/runtime';
import { addUsulan, BoardServiceError } from '$lib/server/usulan/board-service';
import type { Actions, PageServerLoad } from './$types';

type Viewer = {
	actor: RealtimeActor;
	kind: 'participant' | 'user';
	id: string;
	displayName: string;
	/** The resident's RT and RW as they joined (null for staff), to prefill them as proposer. */
	rt: number | null;
	rw: number | null;
};

/**
 * Who is looking at this meeting: staff of its kelurahan (checked first, as the socket upgrade
 * does), else a participant whose cookie belongs to this very meeting; otherwise nobody.
 */
async function viewerOf(
	locals: App.Locals,
	cookies: Cookies,
	meetingId: string
): Promise<{ meeting: Meeting; viewer: Viewer } | null> {
	const { db } = (await getRuntime()).database;
	const staff = actorOf(locals);
	const token = cookies.get(PARTICIPANT_COOKIE);
	if (!staff && !token) return null;
	const meeting = await getMeeting(db, meetingId);
	if (!meeting) return null;
	if (canManageMeeting(staff, meeting) && locals.user) {
		return {
			meeting,
			viewer: {
				actor: staff,
				kind: 'user',
				id: staff.id,
				displayName: locals.user.displayName,
				rt: null,
				rw: null
			}
		};
	}
	const participant = await participantForToken(db, meeting.id, token);
	if (!participant) return null;
	return {
		meeting,
		viewer: {
			actor: {
				kind: 'participant',
				participantId: participant.id,
				meetingId: participant.meetingId,
				displayName: participant.displayName
			},
			kind: 'participant',
			id: participant.id,
			displayName: participant.displayName,
			rt: participant.rt,
			rw: participant.rw
		}
	};
}

function boardAccessOf(meeting: Meeting, viewer: Viewer) {
	return docAccess(
		viewer.actor,
		{ kind: 'board', meetingId: meeting.id },
		meetingAccessFacts(meeting)
	);
}

export const load: PageServerLoad = async ({ params, locals, cookies }) => {
	const found = await viewerOf(locals, cookies, params.meetingId);
	if (!found) redirect(303, '/join');
	const { meeting, viewer } = found;
	const boardAccess = boardAccessOf(meeting, viewer);
	// A participant of a meeting still in preparation (or deleted) has nothing to see yet.
	if (boardAccess === 'deny') redirect(303, '/join');

	const { db } = (await getRuntime()).database;
	const overview = await kelurahanOverview(db, meeting.kelurahanId);
	const names = new Map((overview?.sectors ?? []).map((s) => [s.code, s]));
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			place: meeting.place,
			startsAt: meeting.startsAt?.toISOString() ?? null,
			agenda: meeting.agenda,
			phase: meetingPhase(meeting),
			boardLocked: meeting.boardLockedAt !== null,
			budgetCeiling: meeting.budgetCeiling
		},
		// The meeting's own sector list is what the board accepts (and what finalizing reads).
		sectors: meeting.sectorCodes.map((code) => ({
			code,
			nameId: names.get(code)?.nameId ?? code,
			nameEn: names.get(code)?.nameEn ?? code
		})),
		me: {
			kind: viewer.kind,
			id: viewer.id,
			displayName: viewer.displayName,
			rt: viewer.rt,
			rw: viewer.rw
		},
		boardAccess
	};
};

const formFields = itemFormFields;

export const actions: Actions = {
	/**
	 * Adds an usulan without JavaScript: the form's Indonesian numbers are read here, and the
	 * board service checks, writes and stores it like a phone's own edit. With JavaScript the form
	 * never posts: the phone writes the doc itself.
	 */
	addUsulan: async ({ params, locals, cookies, request }) => {
		const found = await viewerOf(locals, cookies, params.meetingId);
		if (!found) redirect(303, '/join');
		const { meeting, viewer } = found;
		const form = await readForm(request);
		if (!form)
			return fail(400, {
				addUsulan: { values: {}, errors: [], message: m.error_bad_request_text() }
			});
		const values: ItemFormFields = {};
		for (const name of formFields) {
			const v = form.get(name);
			if (typeof v === 'string') values[name] = v.slice(0, 5000);
		}
		const parsed = itemInputFromForm(values, {
			participantId: viewer.kind === 'participant' ? viewer.id : undefined,
			name: viewer.displayName,
			rt: viewer.rt,
			rw: viewer.rw
		});
		if (!parsed.ok)
			return fail(400, { addUsulan: { values, errors: parsed.errors, message: null } });

		const runtime = await getRuntime();
		try {
			const result = await addUsulan(
				runtime.database.db,
				viewer.actor,
				{ meetingId: meeting.id, input: parsed.input },
				runtime.realtime
			);
			if (!result.ok)
				return fail(400, { addUsulan: { values, errors: result.errors, message: null } });
		} catch (e) {
			if (!(e instanceof BoardServiceError)) throw e;
			if (e.code === 'not_found') redirect(303, '/join');
			return fail(403, { addUsulan: { values, errors: [], message: m.board_locked() } });
		}
		return { addUsulan: { done: m.board_added({ title: values.title?.trim() ?? '' }) } };
	}
};
