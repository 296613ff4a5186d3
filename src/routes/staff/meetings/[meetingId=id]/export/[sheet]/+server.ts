import { error } from '@sveltejs/kit';
import { appendAudit } from '$lib/server/audit/log';
import { loadMeetingSheets, meetingExports } from '$lib/server/exports/meeting-sheets';
import {
	contentTypes,
	exportFileName,
	parseExportRequest,
	type ExportRequest
} from '$lib/server/exports/request';
import { toCsv, toXlsx, type Sheet } from '$lib/server/exports/sheet';
import { actorOf } from '$lib/server/http/actor';
import { canManageMeeting } from '$lib/server/meetings/policy';
import { getMeeting } from '$lib/server/meetings/service';
import { getRuntime } from '$lib/server/runtime';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

/**
 * A meeting's data as a CSV or XLSX download: `usulan`, `votes`, `attendance` (with `names=1` the
 * attendance list too, which is audited) or `all` (XLSX only). Layout loads do not run for an
 * endpoint, so access is checked here with the meeting pages' own rule: 401 without an account (a
 * resident's participant cookie is not one), 404 for another kelurahan's meeting, and only then
 * 400 for a request it does not understand.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = actorOf(locals);
	if (!actor) error(401, m.api_error_unauthenticated());
	const { database } = await getRuntime();
	const db = database.db;
	const meeting = await getMeeting(db, params.meetingId);
	if (!meeting || !canManageMeeting(actor, meeting)) error(404, m.meeting_error_not_found());

	const parsed = parseExportRequest(params.sheet, url.searchParams, getLocale());
	if (!parsed.ok) {
		return new Response(parsed.message, {
			status: 400,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	const request = parsed.request;
	const sheets = await loadMeetingSheets(db, meeting, request.keys);

	const personal = request.keys.filter((k) => meetingExports[k].personal);
	if (personal.length > 0) {
		// Who took residents' names, when and how many; never the names themselves.
		await db.transaction((tx) =>
			appendAudit(tx, {
				actor: { kind: 'user', id: actor.id },
				action: 'attendance.exported_with_names',
				subject: { type: 'meeting', id: meeting.id },
				after: { format: request.format, people: peopleIn(sheets, request) }
			})
		);
	}

	const body = request.format === 'csv' ? toCsv(sheets[0]) : await toXlsx(sheets);
	const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
	return new Response(bytes, {
		headers: {
			'content-type': contentTypes[request.format],
			'content-disposition': `attachment; filename="${exportFileName(meeting, request)}"`,
			'content-length': String(bytes.byteLength),
			'cache-control': 'private, no-store'
		}
	});
};

/** How many people the attendance list holds. */
function peopleIn(sheets: Sheet[], request: ExportRequest): number {
	const i = request.keys.indexOf('attendanceList');
	return i < 0 ? 0 : sheets[i].rows.length;
}
