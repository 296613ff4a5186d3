import { randomUUID } from 'node:crypto';
import { fail, redirect, type Cookies } from '@sveltejs/kit';
import { render } from 'svelte/server';
import {
	itemFormFields,
	itemInputFromForm,
	type ItemFormFields
} from '$lib/components/board/item-form';
import {
	ballotFormProblemText,
	ballotFormValues,
	readBallotForm,
	type FormBallotData,
	type FormBallotResult,
	type FormBallotView
} from '$lib/components/voting/ballot-form';
import FormBallot from '$lib/components/voting/FormBallot.svelte';
import { ballotProblem, criterionLabel } from '$lib/components/voting/labels';
import { shortReceipt } from '$lib/components/voting/send-ballot';
import { meetingPhase } from '$lib/domain/meeting-phase';
import type { VoteSettings } from '$lib/domain/votes/methods';
import { voteStatus } from '$lib/domain/votes/status';
import { voteRefusalMessage } from '$lib/i18n/vote-errors';
import { m } from '$lib/paraglide/messages';
import type { Queryable } from '$lib/server/db/client';
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
import { myBallot, voteWithOptions } from '$lib/server/votes/queries';
import { roomVote } from '$lib/server/votes/tally';
import { castBallot, optionsOf, VoteServiceError } from '$lib/server/votes/service';
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

/**
 * The open vote the room is looking at (`roomVote`, as the live doc shows it), as a plain
 * form for a resident's phone without JavaScript, with their latest ballot to start from. With
 * JavaScript the live doc's ballot panel takes over. Null for staff (they do not vote here) and
 * when no vote is open. No tally is computed: every phone that opens the page comes through here.
 */
async function formBallotOf(
	db: Queryable,
	meetingId: string,
	viewer: Viewer,
	now = new Date()
): Promise<FormBallotData | null> {
	if (viewer.kind !== 'participant') return null;
	const current = await roomVote(db, meetingId);
	if (!current || voteStatus(current, now) !== 'open') return null;
	const [options, mine] = await Promise.all([
		optionsOf(db, current.id),
		myBallot(db, current.id, viewer.id)
	]);
	const shown = options.map((o) => ({ id: o.id, label: o.label, cost: o.cost }));
	return {
		vote: {
			id: current.id,
			title: current.title,
			settings: current.settings,
			options: shown,
			closesAt: current.closesAt?.getTime() ?? null
		},
		idempotencyKey: randomUUID(),
		mine: mine ? { receipt: shortReceipt(mine.id), castAt: mine.castAt.toISOString() } : null,
		values: mine ? ballotFormValues(current.settings, shown, mine.choice) : {}
	};
}

/**
 * The ballot form drawn here into HTML: the phone page shows it as it is, so it costs the phone's
 * JavaScript bundle nothing (the live ballot panel, loaded apart, is the ballot with JavaScript).
 */
function formBallotView(
	ballot: FormBallotData | null,
	result?: FormBallotResult
): FormBallotView | null {
	if (!ballot) return null;
	const { head, body } = render(FormBallot, { props: { ballot, result }, idPrefix: 'ballot' });
	return { voteId: ballot.vote.id, html: head + body };
}

/** A refused ballot in the resident's words: the same sentences the JSON API answers with. */
function ballotRefusal(
	e: VoteServiceError,
	labelOf: (optionId: string) => string,
	criterionOf: (criterionId: string) => string
): { status: number; message: string } {
	switch (e.code) {
		case 'not_found':
			return { status: 404, message: voteRefusalMessage('not_found') };
		case 'forbidden':
			return { status: 403, message: voteRefusalMessage('other_meeting') };
		case 'invalid':
			return { status: 400, message: voteRefusalMessage('bad_key') };
		case 'not_eligible':
			return { status: 403, message: voteRefusalMessage('not_eligible') };
		case 'unauthenticated':
			return { status: 401, message: m.api_error_unauthenticated() };
		case 'invalid_ballot':
			return {
				status: 422,
				message: ballotProblem(
					e.details.ballotCode ?? 'wrong_shape',
					e.details.ballotDetail,
					labelOf,
					criterionOf
				)
			};
		case 'not_open':
		case 'closed':
		case 'not_closed':
		case 'no_final_list':
			return { status: 409, message: voteRefusalMessage(e.code) };
		case 'already_planned':
			// Staff-only refusal; a ballot never meets it.
			return { status: 409, message: voteRefusalMessage('closed') };
	}
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
		boardAccess,
		ballot: formBallotView(await formBallotOf(db, meeting.id, viewer))
	};
};

const formFields = itemFormFields;

export const actions: Actions = {
	/**
	 * Casts a ballot without JavaScript: the form is read into the method's choice and cast like
	 * the JSON API's, with the key the page was rendered with (a form posted twice counts once).
	 * A refusal keeps what was chosen; with JavaScript the ballot panel sends through the API.
	 */
	ballot: async ({ params, locals, cookies, request }) => {
		const found = await viewerOf(locals, cookies, params.meetingId);
		if (!found) redirect(303, '/join');
		const { meeting, viewer } = found;
		const { db } = (await getRuntime()).database;
		/** The answer, with the form drawn again around it (the open vote's, whichever it is now). */
		const answer = async (result: FormBallotResult) => ({
			...result,
			form: formBallotView(await formBallotOf(db, meeting.id, viewer), result)
		});
		const refuse = async (status: number, result: FormBallotResult) =>
			fail(status, { ballot: await answer(result) });

		if (viewer.kind !== 'participant')
			return refuse(403, { voteId: null, message: m.ballot_staff_note() });
		const form = await readForm(request);
		if (!form) return refuse(400, { voteId: null, message: m.error_bad_request_text() });
		const voteId = form.get('voteId');
		const target = typeof voteId === 'string' ? await voteWithOptions(db, voteId) : null;
		if (!target || target.vote.meetingId !== meeting.id)
			return refuse(404, { voteId: null, message: voteRefusalMessage('not_found') });

		const { vote, options } = target;
		const settings: VoteSettings = vote.settings;
		const labelOf = (id: string) => options.find((o) => o.id === id)?.label ?? id;
		const criterionOf = (id: string) => {
			const c = settings.method === 'criteria' && settings.criteria.find((x) => x.id === id);
			return c ? criterionLabel(c) : id;
		};
		const read = readBallotForm(form, settings, options);
		if (!read.ok) {
			const { problem } = read;
			return refuse(422, {
				voteId: vote.id,
				message: ballotFormProblemText(problem, labelOf, criterionOf),
				values: read.values,
				optionId: problem.code === 'no_answer' ? undefined : problem.optionId
			});
		}
		try {
			const receipt = await castBallot(
				db,
				{ participantId: viewer.id, meetingId: meeting.id },
				{ voteId: vote.id, choice: read.choice, idempotencyKey: form.get('idempotencyKey') }
			);
			return {
				ballot: await answer({
					voteId: vote.id,
					receipt: shortReceipt(receipt.receiptId),
					castAt: receipt.castAt.toISOString()
				})
			};
		} catch (e) {
			if (!(e instanceof VoteServiceError)) throw e;
			const { status, message } = ballotRefusal(e, labelOf, criterionOf);
			return refuse(status, {
				voteId: vote.id,
				message,
				values: read.values,
				optionId: e.details.ballotDetail?.optionId
			});
		}
	},
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
