import { fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { meetingPhases } from '$lib/domain/meeting-phase';
import { actorOf } from '$lib/server/http/actor';
import { readForm } from '$lib/server/http/form';
import {
	advanceMeetingPhase,
	MeetingServiceError,
	setBoardLocked
} from '$lib/server/meetings/service';
import { getRuntime } from '$lib/server/runtime';
import { finalizeBoard, UsulanServiceError } from '$lib/server/usulan/service';
import { m } from '$lib/paraglide/messages';

const phaseForm = z.object({ to: z.enum(meetingPhases.filter((p) => p !== 'draft')) });
const lockForm = z.object({ locked: z.enum(['true', 'false']) });

function refusal(e: unknown) {
	if (!(e instanceof MeetingServiceError)) throw e;
	const message =
		e.code === 'backwards'
			? m.meeting_error_backwards()
			: e.code === 'not_found'
				? m.meeting_error_not_found()
				: m.meeting_error_forbidden();
	return fail(e.code === 'backwards' ? 409 : e.code === 'not_found' ? 404 : 403, {
		form: 'phase',
		message
	});
}

/** The console's phase and board-lock buttons (forms that work without JavaScript). */
export const consoleActions = {
	phase: async ({ request, locals, params }: RequestEvent<{ meetingId: string }>) => {
		const parsed = phaseForm.safeParse(Object.fromEntries((await readForm(request)) ?? []));
		if (!parsed.success) return fail(400, { form: 'phase', message: m.meeting_error_invalid() });
		const runtime = await getRuntime();
		try {
			await advanceMeetingPhase(runtime.database.db, actorOf(locals), {
				meetingId: params.meetingId,
				to: parsed.data.to
			});
		} catch (e) {
			return refusal(e);
		}
		return { form: 'phase', done: true };
	},
	boardLock: async ({ request, locals, params }: RequestEvent<{ meetingId: string }>) => {
		const parsed = lockForm.safeParse(Object.fromEntries((await readForm(request)) ?? []));
		if (!parsed.success) return fail(400, { form: 'phase', message: m.meeting_error_invalid() });
		const runtime = await getRuntime();
		try {
			await setBoardLocked(runtime.database.db, actorOf(locals), {
				meetingId: params.meetingId,
				locked: parsed.data.locked === 'true'
			});
		} catch (e) {
			return refusal(e);
		}
		return { form: 'phase', done: true };
	},
	finalize: async ({ locals, params }: RequestEvent<{ meetingId: string }>) => {
		const runtime = await getRuntime();
		try {
			const result = await finalizeBoard(
				runtime.database.db,
				actorOf(locals),
				{ meetingId: params.meetingId },
				runtime.realtime
			);
			return {
				form: 'finalize',
				finalized: {
					version: result.version.version,
					count: result.usulan.length,
					skipped: result.skipped.length,
					created: result.created
				}
			};
		} catch (e) {
			if (!(e instanceof UsulanServiceError)) throw e;
			const message =
				e.code === 'too_early'
					? m.console_finalize_too_early()
					: e.code === 'sealed'
						? m.console_finalize_sealed()
						: e.code === 'not_found'
							? m.meeting_error_not_found()
							: m.meeting_error_forbidden();
			return fail(e.code === 'forbidden' ? 403 : e.code === 'not_found' ? 404 : 409, {
				form: 'finalize',
				message
			});
		}
	}
};
