import { fail, redirect } from '@sveltejs/kit';
import { parseMeetingForm } from '$lib/domain/meeting-input';
import { valuesFromForm } from '$lib/components/meeting/form-values';
import { actorOf } from '$lib/server/http/actor';
import { readForm } from '$lib/server/http/form';
import { meetingFormOptions } from '$lib/server/kelurahan/queries';
import { MeetingServiceError, updateMeeting } from '$lib/server/meetings/service';
import { getRuntime } from '$lib/server/runtime';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	const { meeting } = await parent();
	const runtime = await getRuntime();
	return { options: await meetingFormOptions(runtime.database.db, meeting.kelurahanId) };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const body = await readForm(request);
		if (!body) return fail(400, { errors: [], values: null, message: m.meeting_error_invalid() });
		const values = valuesFromForm(body);
		const parsed = parseMeetingForm(body);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values, message: null });
		const runtime = await getRuntime();
		try {
			await updateMeeting(runtime.database.db, actorOf(locals), params.meetingId, parsed.value);
		} catch (e) {
			if (!(e instanceof MeetingServiceError)) throw e;
			if (e.code === 'invalid') return fail(400, { errors: e.errors, values, message: null });
			if (e.code === 'closed') {
				return fail(409, { errors: [], values, message: m.meeting_error_closed() });
			}
			return fail(e.code === 'forbidden' ? 403 : 404, {
				errors: [],
				values,
				message: m.meeting_error_forbidden()
			});
		}
		redirect(303, `/staff/meetings/${params.meetingId}?saved=1`);
	}
};
