/**
 * The kinds of meeting and who may vote, as plain lists. Kept apart from meeting-input.ts (which
 * uses full zod) so that pages importing only these lists ship no validation library.
 */
export const meetingKinds = [
	'musrenbang_kelurahan',
	'rembuk_rw',
	'forum_tematik',
	'lainnya'
] as const;
export type MeetingKind = (typeof meetingKinds)[number];

/** Who may vote: everyone who joined, or only attendees the facilitator verified. */
export const voterModes = ['joined', 'verified'] as const;
export type VoterMode = (typeof voterModes)[number];
