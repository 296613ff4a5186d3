import { setParticipantCookie } from '$lib/server/auth/cookies';
import { fail, redirect } from '@sveltejs/kit';
import { formatJoinCode } from '$lib/domain/join-code';
import { m } from '$lib/paraglide/messages';
import { readForm } from '$lib/server/http/form';
import { limitWrongCodes, sharedJoinLimiter } from '$lib/server/participants/join-limiter';
import { participantForToken } from '$lib/server/participants/queries';
import {
	joinMeeting,
	joinStatus,
	lookupJoinCode,
	type JoinField,
	type JoinFieldError,
	type JoinRefusal
} from '$lib/server/participants/service';
import { PARTICIPANT_COOKIE } from '$lib/server/participants/tokens';
import { getRuntime } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

/** The form fields a resident fills in, echoed back when the form has to be shown again. */
const fields = [
	'displayName',
	'rt',
	'rw',
	'gender',
	'ageGroup',
	'disability',
	'affiliation'
] as const;
type Values = Partial<Record<(typeof fields)[number], string>>;

const refusalText: Record<JoinRefusal, () => string> = {
	not_open: m.join_error_not_open,
	ended: m.join_error_ended,
	locked: m.join_error_locked
};

function fieldText(e: JoinFieldError): string {
	switch (e.problem) {
		case 'required':
			return m.join_field_required();
		case 'too_short':
			return m.join_field_name_short();
		case 'too_long':
			return m.join_field_name_long();
		case 'not_a_number':
			return m.join_field_not_a_number();
		case 'out_of_range':
			return m.join_field_out_of_range();
		default:
			return m.join_field_invalid();
	}
}

export const load: PageServerLoad = async ({ params, cookies, getClientAddress }) => {
	const runtime = await getRuntime();
	const db = runtime.database.db;
	const lookup = await limitWrongCodes(sharedJoinLimiter(runtime.redis), getClientAddress(), () =>
		lookupJoinCode(db, params.code)
	);
	if (!lookup.ok) {
		return {
			found: false as const,
			message:
				lookup.reason === 'rate_limited'
					? m.join_error_rate_limited({ minutes: lookup.retryAfterMinutes })
					: m.join_error_unknown_code()
		};
	}
	const { meeting } = lookup;
	// After the meeting the same code and QR lead to its public results.
	if (joinStatus(meeting) === 'ended') redirect(303, `/hasil/${meeting.id}`);
	const me = await participantForToken(db, meeting.id, cookies.get(PARTICIPANT_COOKIE));
	const status = joinStatus(meeting);
	// Someone already in may still update their answers while joining is locked.
	const canSubmit = status === 'ok' || (status === 'locked' && me !== null);
	return {
		found: true as const,
		meeting: {
			id: meeting.id,
			title: meeting.title,
			place: meeting.place,
			startsAt: meeting.startsAt,
			code: formatJoinCode(meeting.joinCode!)
		},
		refusal: status === 'ok' || canSubmit ? null : refusalText[status](),
		canSubmit,
		me: me
			? {
					displayName: me.displayName,
					values: {
						displayName: me.displayName,
						rt: me.rt?.toString() ?? '',
						rw: me.rw?.toString() ?? '',
						gender: me.gender ?? 'unsaid',
						ageGroup: me.ageGroup ?? 'unsaid',
						disability: me.disability === null ? 'unsaid' : me.disability ? 'yes' : 'no',
						affiliation: me.affiliation ?? 'unsaid'
					} satisfies Values
				}
			: null
	};
};

export const actions: Actions = {
	default: async ({ request, params, cookies, url, getClientAddress }) => {
		const data = await readForm(request);
		const values: Values = {};
		for (const f of fields) {
			const v = data?.get(f);
			if (typeof v === 'string') values[f] = v.slice(0, 200);
		}
		const runtime = await getRuntime();
		const result = await limitWrongCodes(sharedJoinLimiter(runtime.redis), getClientAddress(), () =>
			joinMeeting(
				runtime.database.db,
				{ ...values, code: params.code },
				cookies.get(PARTICIPANT_COOKIE)
			)
		);
		if (result.ok) {
			setParticipantCookie(cookies, url, PARTICIPANT_COOKIE, result.token);
			redirect(303, `/m/${result.meeting.id}`);
		}
		switch (result.reason) {
			case 'rate_limited':
				return fail(429, {
					values,
					message: m.join_error_rate_limited({ minutes: result.retryAfterMinutes })
				});
			case 'unknown_code':
				return fail(404, { values, message: m.join_error_unknown_code() });
			case 'invalid': {
				const errors: Partial<Record<JoinField, string>> = {};
				for (const e of result.errors) errors[e.field] = fieldText(e);
				return fail(400, { values, errors, message: m.join_error_check_fields() });
			}
			default:
				return fail(409, { values, message: refusalText[result.reason]() });
		}
	}
};
