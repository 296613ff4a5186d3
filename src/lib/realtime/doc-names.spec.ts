import { describe, expect, it } from 'vitest';
import { docName, parseDocName } from './doc-names';

const id = '0b6f1c8e-2f4a-4f7e-9d7a-3c1e5b2a9f00';

describe('doc names', () => {
	it('round-trips board and live names', () => {
		expect(parseDocName(docName.board(id))).toEqual({ kind: 'board', meetingId: id });
		expect(parseDocName(docName.live(id))).toEqual({ kind: 'live', meetingId: id });
	});
	it.each([
		'',
		'meeting',
		`meeting/${id}`,
		`meeting/${id}/other`,
		`meeting/${id}/board/x`,
		`meeting/${id.toUpperCase()}/board`,
		`meeting/../${id}/board`,
		`/meeting/${id}/board`,
		'meeting/not-a-uuid/board'
	])('refuses %j', (name) => {
		expect(parseDocName(name)).toBeNull();
	});
});
