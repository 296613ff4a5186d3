import type { Affiliation, InclusionGroup } from '$lib/domain/attendance';
import type { MeetingInputErrorCode, MeetingKind } from '$lib/domain/meeting-input';
import type { MeetingPhase } from '$lib/domain/meeting-phase';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

const phases: Record<MeetingPhase, () => string> = {
	draft: m.meeting_phase_draft,
	open: m.meeting_phase_open,
	collecting: m.meeting_phase_collecting,
	voting: m.meeting_phase_voting,
	closed: m.meeting_phase_closed,
	finalized: m.meeting_phase_finalized
};
export const phaseLabel = (p: MeetingPhase) => phases[p]();

const kinds: Record<MeetingKind, () => string> = {
	musrenbang_kelurahan: m.meeting_kind_musrenbang_kelurahan,
	rembuk_rw: m.meeting_kind_rembuk_rw,
	forum_tematik: m.meeting_kind_forum_tematik,
	lainnya: m.meeting_kind_lainnya
};
export const kindLabel = (k: MeetingKind) => kinds[k]();

const errors: Record<MeetingInputErrorCode | 'closed', () => string> = {
	required: m.meeting_error_required,
	invalid_number: m.meeting_error_invalid_number,
	invalid_amount: m.meeting_error_invalid_amount,
	ambiguous_amount: m.meeting_error_ambiguous_amount,
	not_whole_rupiah: m.meeting_error_not_whole_rupiah,
	too_big: m.meeting_error_too_big,
	invalid_type: m.meeting_error_invalid_type,
	too_short: m.meeting_error_too_short,
	too_long: m.meeting_error_too_long,
	too_few: m.meeting_error_too_few,
	too_many: m.meeting_error_too_many,
	too_small: m.meeting_error_too_small,
	not_integer: m.meeting_error_not_integer,
	invalid_choice: m.meeting_error_invalid_choice,
	invalid_datetime: m.meeting_error_invalid_datetime,
	invalid_format: m.meeting_error_invalid_format,
	unknown_field: m.meeting_error_unknown_field,
	unknown_sector: m.meeting_error_unknown_sector,
	invalid: m.meeting_error_invalid,
	closed: m.meeting_error_closed
};
/** A meeting form error code in the reader's language. */
export const meetingErrorText = (code: MeetingInputErrorCode | 'closed') =>
	(errors[code] ?? m.meeting_error_invalid)();

const groups: Record<InclusionGroup, () => string> = {
	women: m.attendance_women,
	youth: m.attendance_youth,
	elderly: m.attendance_elderly,
	disability: m.attendance_disability
};
export const groupLabel = (g: InclusionGroup) => groups[g]();

const affiliationNames: Record<Affiliation | 'unknown', () => string> = {
	warga: m.attendance_affiliation_warga,
	lsm: m.attendance_affiliation_lsm,
	swasta: m.attendance_affiliation_swasta,
	pemerintah: m.attendance_affiliation_pemerintah,
	tokoh: m.attendance_affiliation_tokoh,
	unknown: m.attendance_affiliation_unknown
};
export const affiliationLabel = (a: Affiliation | 'unknown') => affiliationNames[a]();

const intlLocale = () => (getLocale() === 'en' ? 'en-GB' : 'id-ID');

/** A percentage for people, without false precision: 33.3 % → "33". */
export const formatPercent = (share: number) => String(Math.round(share * 100));

/**
 * A meeting's date and time at the kelurahan (WIB by default: the meeting happens there, so the
 * viewer's own clock does not matter).
 */
export function formatMeetingTime(date: Date | string, timeZone = 'Asia/Jakarta'): string {
	return new Intl.DateTimeFormat(intlLocale(), {
		dateStyle: 'full',
		timeStyle: 'short',
		timeZone
	}).format(new Date(date));
}
