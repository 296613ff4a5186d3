import { fail, redirect } from '@sveltejs/kit';
import { parseMeetingForm } from '$lib/domain/meeting-input';
import { actorOf } from '$lib/server/http/actor';
import { readForm } from '$lib/server/http/form';
import { meetingFormOptions } from '$lib/server/kelurahan/queries';
import { createMeeting, MeetingServiceError } from '$lib/server/meetings/service';
import { getRuntime } from '$lib/server/runtime';
import { valuesFromForm } from '$lib/components/meeting/form-values';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const kelurahanId = locals.user!.kelurahanId;
	if (!kelurahanId) redirect(303, '/staff/meetings');
	const runtime = await getRuntime();
	return { options: await meetingFormOptions(runtime.database.db, kelurahanId) };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const body = await readForm(request);
		if (!body) return fail(400, { message: m.meeting_error_invalid(), errors: [], values: null });
		const values = valuesFromForm(body);
		const parsed = parseMeetingForm(body);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values });
		const runtime = await getRuntime();
		let id: string;
		try {
			id = (await createMeeting(runtime.database.db, actorOf(locals), parsed.value)).id;
		} catch (e) {
			if (e instanceof MeetingServiceError && e.code === 'invalid') {
				return fail(400, { errors: e.errors, values });
			}
			throw e;
		}
		redirect(303, `/staff/meetings/${id}`);
	}
};
