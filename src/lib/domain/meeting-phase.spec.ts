import { describe, expect, it } from 'vitest';
import { meetingPhase, type MeetingLifecycle } from './meeting-phase';

const none: MeetingLifecycle = {
	openedAt: null,
	collectingAt: null,
	votingAt: null,
	closedAt: null,
	finalizedAt: null
};
const t = new Date('2027-01-10T09:00:00Z');

describe('meetingPhase', () => {
	it('is draft with no timestamps', () => {
		expect(meetingPhase(none)).toBe('draft');
	});
	it.each([
		['openedAt', 'open'],
		['collectingAt', 'collecting'],
		['votingAt', 'voting'],
		['closedAt', 'closed'],
		['finalizedAt', 'finalized']
	] as const)('%s makes it %s', (key, phase) => {
		expect(meetingPhase({ ...none, openedAt: t, [key]: t })).toBe(phase);
	});
	it('the latest reached step wins whatever else is set', () => {
		expect(meetingPhase({ ...none, openedAt: t, closedAt: t, collectingAt: t })).toBe('closed');
	});
});
