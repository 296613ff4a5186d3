import type { MeetingInputJson } from '../../src/lib/domain/meeting-input.ts';

/** The sectors a test meeting uses (codes of the demo kelurahan's sectors). */
export const testMeetingSectors = ['pendidikan', 'ekonomi', 'infrastruktur'];

/**
 * A valid meeting input for the demo kelurahan (its sector codes), with sensible defaults; a test
 * sets only the fields it is about.
 */
export function buildMeetingInput(overrides: Partial<MeetingInputJson> = {}): MeetingInputJson {
	return {
		title: 'Musrenbang uji',
		kind: 'musrenbang_kelurahan',
		startsAt: '2027-01-16T09:00:00+07:00',
		place: 'Balai Kelurahan',
		agenda: ['Pembukaan', 'Penyampaian usulan', 'Penentuan prioritas'],
		rwScope: [],
		budgetCeiling: 150_000_000,
		quorum: { kind: 'none' },
		voters: 'joined',
		sectors: [...testMeetingSectors],
		inclusionThresholds: {},
		...overrides
	};
}
