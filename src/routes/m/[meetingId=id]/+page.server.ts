import { fail, redirect, type Cookies } from '@sveltejs/kit';
import { itemInputFromForm, type ItemFormFields } from '$lib/components/board/item-form';
import { meetingPhase } from '$lib/domain/meeting-phase';
import { m } from '$lib/paraglide/messages';
import { addItem, type OpResult } from '$lib/realtime/board';
import { docName } from '$lib/realtime/doc-names';
import type { Meeting } from '$lib/server/db/schema';
import { actorOf } from '$lib/server/http/actor';
import { readForm } from '$lib/server/http/form';
import { kelurahanOverview } from '$lib/server/kelurahan/queries';
import { canManageMeeting } from '$lib/server/meetings/policy';
import { getMeeting } from '$lib/server/meetings/service';
import { PARTICIPANT_COOKIE, verifyParticipantToken } from '$lib/server/participants/tokens';
import { docAccess, type RealtimeActor } from '$lib/server/realtime/policy';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

type Viewer = {
	actor: RealtimeActor;
	kind: 'participant' | 'user';
	id: string;
	displayName: string;
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
			viewer: { actor: staff, kind: 'user', id: staff.id, displayName: locals.user.displayName }
		};
	}
	const participant = token ? await verifyParticipantToken(db, token) : null;
	if (!participant || participant.meetingId !== meeting.id) return null;
	return {
		meeting,
		viewer: {
			actor: { kind: 'participant', ...participant },
			kind: 'participant',
			id: participant.participantId,
			displayName: participant.displayName
		}
	};
}

function boardAccessOf(meeting: Meeting, viewer: Viewer) {
	return docAccess(
		viewer.actor,
		{ kind: 'board', meetingId: meeting.id },
		{
			id: meeting.id,
			kelurahanId: meeting.kelurahanId,
			phase: meetingPhase(meeting),
			boardLocked: meeting.boardLockedAt !== null
		}
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
			rt: null as number | null,
			rw: null as number | null
		},
		boardAccess
	};
};

const formFields = [
	'title',
	'problem',
	'locationText',
	'rt',
	'rw',
	'sector',
	'volume',
	'unit',
	'estimatedCost',
	'fundingSource',
	'proposerName'
] as const;

export const actions: Actions = {
	/**
	 * Adds an usulan without JavaScript: the same validation and the same doc operation as the
	 * phone's own, applied by the server to its copy of the board (persisted and broadcast like
	 * any client's edit). With JavaScript the form never posts: the phone writes the doc itself.
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
		if (boardAccessOf(meeting, viewer) !== 'write') {
			return fail(403, { addUsulan: { values, errors: [], message: m.board_locked() } });
		}
		const parsed = itemInputFromForm(values, {
			participantId: viewer.kind === 'participant' ? viewer.id : undefined,
			name: viewer.displayName
		});
		if (!parsed.ok)
			return fail(400, { addUsulan: { values, errors: parsed.errors, message: null } });

		const runtime = await getRuntime();
		const board = await runtime.realtime.openDoc(docName.board(meeting.id));
		// Filled in by the transaction, which runs synchronously.
		const outcome: { result: OpResult<{ id: string }> | null } = { result: null };
		try {
			board.transact((doc) => {
				outcome.result = addItem(doc, parsed.input, {
					sectors: meeting.sectorCodes,
					actorId: viewer.id,
					now: Date.now()
				});
			});
			await board.flush();
		} finally {
			board.release();
		}
		const result = outcome.result ?? { ok: false, errors: [{ field: 'item', code: 'unreadable' }] };
		if (!result.ok)
			return fail(400, { addUsulan: { values, errors: result.errors, message: null } });
		return { addUsulan: { done: m.board_added({ title: values.title?.trim() ?? '' }) } };
	}
};
