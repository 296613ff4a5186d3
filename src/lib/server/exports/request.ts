/**
 * What a download link asks for (`/staff/meetings/<id>/export/<sheet>?format=csv|xlsx[&names=1]`)
 * turned into the sheets to build and the file to send, or a refusal in plain words.
 */
import * as m from '../../paraglide/messages.js';
import type { Meeting } from '../db/schema/index.ts';
import { meetingExports, type MeetingExportKey } from './meeting-sheets.ts';
import { formatDay, meetingSlug } from './sheet.ts';

export { meetingSlug };

/** The `<sheet>` part of the URL: one table, or every table in one workbook. */
export const exportSheets = ['usulan', 'votes', 'attendance', 'all'] as const;
export type ExportSheet = (typeof exportSheets)[number];

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export type ExportRequest = {
	sheet: ExportSheet;
	format: ExportFormat;
	/** The attendance list with names was asked for (and must be audited). */
	withNames: boolean;
	/** Sheets to build, in workbook order; a CSV holds exactly one. */
	keys: MeetingExportKey[];
	fileStem: string;
};

export type ParsedExportRequest =
	{ ok: true; request: ExportRequest } | { ok: false; message: string };

const isOneOf = <T extends string>(list: readonly T[], value: string | null): value is T =>
	value !== null && (list as readonly string[]).includes(value);

/** Reads the sheet and the query; refuses anything it does not know (HTTP 400). */
export function parseExportRequest(
	sheet: string,
	query: URLSearchParams,
	locale: 'id' | 'en' = 'id'
): ParsedExportRequest {
	const o = { locale };
	const format = query.get('format');
	const names = query.get('names');
	if (!isOneOf(exportSheets, sheet)) return { ok: false, message: m.ex_error_sheet({}, o) };
	if (!isOneOf(exportFormats, format)) return { ok: false, message: m.ex_error_format({}, o) };
	if (names !== null && names !== '0' && names !== '1')
		return { ok: false, message: m.ex_error_names_value({}, o) };
	const withNames = names === '1';
	if (withNames && sheet !== 'attendance') return { ok: false, message: m.ex_error_names({}, o) };
	if (sheet === 'all' && format === 'csv') return { ok: false, message: m.ex_error_all_csv({}, o) };

	let keys: MeetingExportKey[];
	let fileStem: string;
	if (sheet === 'all') {
		keys = ['usulan', 'votes', 'attendance'];
		fileStem = 'data-rapat';
	} else if (withNames) {
		// A CSV is one table: the list alone. The workbook keeps the figures beside it.
		keys = format === 'csv' ? ['attendanceList'] : ['attendance', 'attendanceList'];
		fileStem = meetingExports.attendanceList.fileStem;
	} else {
		keys = [sheet];
		fileStem = meetingExports[sheet].fileStem;
	}
	return { ok: true, request: { sheet, format, withNames, keys, fileStem } };
}

/** `usulan-musrenbang-kelurahan-2027-2027-01-16.csv`: what, which meeting, the meeting's day. */
export function exportFileName(
	meeting: Pick<Meeting, 'title' | 'startsAt'>,
	request: Pick<ExportRequest, 'fileStem' | 'format'>,
	now = new Date()
): string {
	const day = formatDay(meeting.startsAt ?? now);
	return `${request.fileStem}-${meetingSlug(meeting.title)}-${day}.${request.format}`;
}

export const contentTypes: Record<ExportFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
};
