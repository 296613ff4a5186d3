import { describe, expect, it } from 'vitest';
import { meetingPhases, type MeetingPhase } from '../../domain/meeting-phase';
import { docAccess, type MeetingAccessFacts, type RealtimeActor } from './policy';

const meetingId = '11111111-1111-4111-8111-111111111111';
const otherMeeting = '22222222-2222-4222-8222-222222222222';
const kel = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const otherKel = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

const facts = (phase: MeetingPhase, boardLocked = false): MeetingAccessFacts => ({
	id: meetingId,
	kelurahanId: kel,
	phase,
	boardLocked
});
const facilitator: RealtimeActor = {
	kind: 'user',
	id: 'u1',
	role: 'facilitator',
	kelurahanId: kel
};
const outsider: RealtimeActor = { kind: 'user', id: 'u2', role: 'staff', kelurahanId: otherKel };
const resident: RealtimeActor = {
	kind: 'participant',
	participantId: 'p1',
	meetingId,
	displayName: 'Siti'
};
const board = { kind: 'board', meetingId } as const;
const live = { kind: 'live', meetingId } as const;

describe('docAccess', () => {
	it('lets residents edit the board only while collecting and unlocked', () => {
		const got = Object.fromEntries(
			meetingPhases.map((p) => [p, docAccess(resident, board, facts(p))])
		);
		expect(got).toEqual({
			draft: 'deny',
			open: 'read',
			collecting: 'write',
			voting: 'read',
			closed: 'read',
			finalized: 'read'
		});
		expect(docAccess(resident, board, facts('collecting', true))).toBe('read');
	});

	it('lets the facilitator edit the board while preparing and collecting, even when locked', () => {
		expect(docAccess(facilitator, board, facts('draft'))).toBe('write');
		expect(docAccess(facilitator, board, facts('collecting', true))).toBe('write');
		expect(docAccess(facilitator, board, facts('voting'))).toBe('read');
	});

	it('never lets anyone write the live doc', () => {
		for (const p of meetingPhases) {
			expect(docAccess(facilitator, live, facts(p))).toBe('read');
			expect(docAccess(resident, live, facts(p))).toBe(p === 'draft' ? 'deny' : 'read');
		}
	});

	it('refuses another meeting’s participant, another kelurahan’s staff and unknown meetings', () => {
		const stranger: RealtimeActor = { ...resident, meetingId: otherMeeting } as RealtimeActor;
		expect(docAccess(stranger, board, facts('collecting'))).toBe('deny');
		expect(docAccess(outsider, board, facts('collecting'))).toBe('deny');
		expect(docAccess(outsider, live, facts('collecting'))).toBe('deny');
		expect(docAccess(facilitator, board, null)).toBe('deny');
		expect(docAccess(facilitator, { kind: 'board', meetingId: otherMeeting }, facts('open'))).toBe(
			'deny'
		);
	});

	it('lets a city admin without a kelurahan read and edit every meeting', () => {
		const cityAdmin: RealtimeActor = { kind: 'user', id: 'a', role: 'admin', kelurahanId: null };
		expect(docAccess(cityAdmin, board, facts('collecting'))).toBe('write');
	});
});
