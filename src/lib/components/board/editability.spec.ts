import { describe, expect, it } from 'vitest';
import { boardEditability, type EditabilityFacts } from './editability.ts';

const resident: EditabilityFacts = {
	removed: false,
	access: 'write',
	phase: 'collecting',
	locked: false,
	staff: false
};

describe('boardEditability', () => {
	it('lets a resident edit while collecting on a writable socket', () => {
		expect(boardEditability(resident)).toEqual({ canEdit: true, reason: null });
	});

	it('assumes the server rule before the socket has said anything (offline start)', () => {
		expect(boardEditability({ ...resident, access: null })).toEqual({
			canEdit: true,
			reason: null
		});
		expect(boardEditability({ ...resident, access: null, locked: true })).toEqual({
			canEdit: false,
			reason: 'locked'
		});
	});

	it('says the facilitator locked the board, even before the socket turns read-only', () => {
		expect(boardEditability({ ...resident, locked: true })).toEqual({
			canEdit: false,
			reason: 'locked'
		});
		expect(boardEditability({ ...resident, access: 'read', locked: true })).toEqual({
			canEdit: false,
			reason: 'locked'
		});
	});

	it('refuses a read-only socket whatever the phase facts say', () => {
		expect(boardEditability({ ...resident, access: 'read' })).toEqual({
			canEdit: false,
			reason: 'readOnly'
		});
	});

	it('explains the phase: not open yet, or over', () => {
		expect(boardEditability({ ...resident, access: 'read', phase: 'open' })).toEqual({
			canEdit: false,
			reason: 'notOpen'
		});
		expect(boardEditability({ ...resident, access: 'read', phase: 'voting' })).toEqual({
			canEdit: false,
			reason: 'closed'
		});
	});

	it('tells a removed participant so, before anything else', () => {
		expect(boardEditability({ ...resident, removed: true })).toEqual({
			canEdit: false,
			reason: 'removed'
		});
	});

	it('lets staff edit a locked board while preparing and collecting, not after', () => {
		const staff = { ...resident, staff: true, locked: true };
		expect(boardEditability(staff).canEdit).toBe(true);
		expect(boardEditability({ ...staff, phase: 'draft' }).canEdit).toBe(true);
		expect(boardEditability({ ...staff, phase: 'voting', access: 'read' })).toEqual({
			canEdit: false,
			reason: 'closed'
		});
	});
});
