import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { actorOf } from '$lib/server/http/actor';
import { readForm } from '$lib/server/http/form';
import { listParticipants, meetingAttendance } from '$lib/server/participants/queries';
import {
	mergeParticipants,
	ParticipantServiceError,
	removeParticipant,
	renameParticipant,
	verifyParticipant
} from '$lib/server/participants/service';
import { MeetingServiceError, setJoinLocked } from '$lib/server/meetings/service';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, params, depends }) => {
	depends('rembuk:participants');
	// The meeting layout has already refused (404) a meeting that is not ours to run.
	const { meeting } = await parent();
	const db = (await getRuntime()).database.db;
	const [participants, attendance] = await Promise.all([
		listParticipants(db, params.meetingId, { includeGone: true }),
		meetingAttendance(db, meeting)
	]);
	return { participants, attendance };
};

type Done = { done: string; participantId?: string };

function refusal(e: unknown, participantId?: string) {
	if (e instanceof MeetingServiceError && e.code === 'not_found') {
		return fail(404, { message: m.participants_error_not_found(), participantId });
	}
	if (e instanceof MeetingServiceError && e.code === 'forbidden')
		error(404, m.error_not_found_text());
	if (!(e instanceof ParticipantServiceError)) throw e;
	// Another kelurahan's meeting or participant is "not found": its existence is not ours to know.
	if (e.code === 'forbidden') error(404, m.error_not_found_text());
	const [status, message] =
		e.code === 'not_found'
			? [404, m.participants_error_not_found()]
			: e.code === 'finalized'
				? [409, m.participants_error_finalized()]
				: [400, m.participants_error_invalid()];
	return fail(status, { message, participantId });
}

const idField = z.uuid();
const verifyForm = z.object({ participantId: idField, verified: z.enum(['true', 'false']) });
const renameForm = z.object({ participantId: idField, displayName: z.string().max(200) });
const mergeForm = z.object({ participantId: idField, survivorId: idField });
const removeForm = z.object({ participantId: idField, confirm: z.literal('yes') });
const lockForm = z.object({ locked: z.enum(['true', 'false']) });

/** The posted form as a plain object ({} when the body is not a form). */
async function formOf(request: Request) {
	return Object.fromEntries((await readForm(request)) ?? []);
}

type Event = RequestEvent<{ meetingId: string }>;

export const actions: Actions = {
	verify: async ({ request, locals, params }: Event) => {
		const parsed = verifyForm.safeParse(await formOf(request));
		if (!parsed.success) return fail(400, { message: m.participants_error_invalid() });
		const { participantId } = parsed.data;
		try {
			const p = await verifyParticipant((await getRuntime()).database.db, actorOf(locals), {
				participantId,
				verified: parsed.data.verified === 'true',
				meetingId: params.meetingId
			});
			return {
				participantId,
				done: p.verifiedAt
					? m.participants_done_verified({ name: p.displayName })
					: m.participants_done_unverified({ name: p.displayName })
			} satisfies Done;
		} catch (e) {
			return refusal(e, participantId);
		}
	},
	rename: async ({ request, locals, params }: Event) => {
		const parsed = renameForm.safeParse(await formOf(request));
		if (!parsed.success) return fail(400, { message: m.participants_error_invalid() });
		const { participantId } = parsed.data;
		try {
			const p = await renameParticipant((await getRuntime()).database.db, actorOf(locals), {
				participantId,
				displayName: parsed.data.displayName,
				meetingId: params.meetingId
			});
			return {
				participantId,
				done: m.participants_done_renamed({ name: p.displayName })
			} satisfies Done;
		} catch (e) {
			if (e instanceof ParticipantServiceError && e.code === 'invalid') {
				return fail(400, { participantId, message: m.participants_error_name() });
			}
			return refusal(e, participantId);
		}
	},
	merge: async ({ request, locals, params }: Event) => {
		const parsed = mergeForm.safeParse(await formOf(request));
		if (!parsed.success) return fail(400, { message: m.participants_error_merge_choose() });
		const { participantId, survivorId } = parsed.data;
		try {
			const survivor = await mergeParticipants((await getRuntime()).database.db, actorOf(locals), {
				duplicateId: participantId,
				survivorId,
				meetingId: params.meetingId
			});
			return {
				participantId: survivor.id,
				done: m.participants_done_merged({ name: survivor.displayName })
			} satisfies Done;
		} catch (e) {
			if (e instanceof ParticipantServiceError && e.code === 'invalid') {
				return fail(400, { participantId, message: m.participants_error_merge_choose() });
			}
			return refusal(e, participantId);
		}
	},
	remove: async ({ request, locals, params }: Event) => {
		const parsed = removeForm.safeParse(await formOf(request));
		if (!parsed.success) return fail(400, { message: m.participants_error_remove_confirm() });
		const { participantId } = parsed.data;
		try {
			const p = await removeParticipant((await getRuntime()).database.db, actorOf(locals), {
				participantId,
				meetingId: params.meetingId
			});
			return { done: m.participants_done_removed({ name: p.displayName }) } satisfies Done;
		} catch (e) {
			return refusal(e, participantId);
		}
	},
	joinLock: async ({ request, locals, params }: Event) => {
		const parsed = lockForm.safeParse(await formOf(request));
		if (!parsed.success) return fail(400, { message: m.participants_error_invalid() });
		try {
			const mt = await setJoinLocked((await getRuntime()).database.db, actorOf(locals), {
				meetingId: params.meetingId,
				locked: parsed.data.locked === 'true'
			});
			return {
				done: mt.joinLockedAt ? m.participants_done_locked() : m.participants_done_unlocked()
			} satisfies Done;
		} catch (e) {
			return refusal(e);
		}
	}
};
