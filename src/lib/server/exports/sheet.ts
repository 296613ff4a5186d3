/**
 * Tables for download. Every export is a {@link Sheet} (a name, typed columns, rows of plain
 * values); this module owns the two file formats, so a new table (plan items, say) is one more
 * sheet definition and never a new writer.
 *
 * - CSV: RFC 4180 (CRLF, fields quoted when they hold a comma, quote or line break), UTF-8 with a
 *   byte-order mark so Excel reads Indonesian text right, and text that a spreadsheet would run as
 *   a formula defused with a leading apostrophe.
 * - XLSX through exceljs: one worksheet per sheet, a bold frozen header row, column widths and
 *   number formats, numbers and dates as real numbers and dates.
 */
import ExcelJS from 'exceljs';

/** What a cell holds. Numbers stay numbers; text is never parsed into numbers. */
export type CellValue = string | number | Date | null;

export type SheetColumn<K extends string = string> = {
	key: K;
	header: string;
	/** Column width in characters (XLSX). */
	width?: number;
	/** Excel number format of the column (XLSX), e.g. {@link numFmt.rupiah}. */
	numFmt?: string;
};

export type Sheet<K extends string = string> = {
	/** The worksheet's name (XLSX); cut to 31 characters, without `: \ / ? * [ ]`. */
	name: string;
	columns: readonly SheetColumn<K>[];
	rows: readonly Readonly<Record<K, CellValue>>[];
};

/** Number formats the sheets use. */
export const numFmt = {
	/** Whole Rupiah with thousands separators (shown as `85.000.000` in an Indonesian Excel). */
	rupiah: '#,##0',
	/** A whole count. */
	count: '0',
	/** A mean or a score. */
	decimal: '0.00',
	/** A share stored as a fraction (0.25 → 25,0%). */
	percent: '0.0%',
	/** A moment, shown in the kelurahan's time. */
	dateTime: 'dd/mm/yyyy hh:mm'
} as const;

export type WriteOptions = {
	/** Dates are written as the wall-clock time here (no spreadsheet knows time zones). */
	timeZone?: string;
};

/** Every kelurahan the app serves runs on WIB, as the berita acara says. */
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (or, for
 * tab and CR, that they strip before doing so): `=1+1`, `+cmd|…`, `-2+3`, `@SUM(…)`.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The sheet as CSV text (RFC 4180), starting with a UTF-8 byte-order mark. */
export function toCsv(sheet: Sheet, opts: WriteOptions = {}): string {
	const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
	const lines = [sheet.columns.map((c) => csvField(c.header))];
	for (const row of sheet.rows) {
		lines.push(sheet.columns.map((c) => csvField(csvText(row[c.key], timeZone))));
	}
	return BOM + lines.map((fields) => fields.join(',') + CRLF).join('');
}

function csvText(value: CellValue | undefined, timeZone: string): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (value instanceof Date) return formatWallClock(value, timeZone);
	// Text only: a negative number is a number, and `-5` typed by someone is not.
	return FORMULA_START.test(value) ? `'${value}` : value;
}

function csvField(text: string): string {
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The sheets as one XLSX workbook, one worksheet each, in order. */
export async function toXlsx(sheets: readonly Sheet[], opts: WriteOptions = {}): Promise<Buffer> {
	const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Rembuk';
	const used = new Set<string>();
	for (const sheet of sheets) {
		const ws = workbook.addWorksheet(worksheetName(sheet.name, used), {
			views: [{ state: 'frozen', ySplit: 1 }]
		});
		ws.columns = sheet.columns.map((c) => ({
			header: c.header,
			key: c.key,
			width: c.width ?? Math.max(10, c.header.length + 2),
			style: c.numFmt ? { numFmt: c.numFmt } : {}
		}));
		const header = ws.getRow(1);
		header.font = { bold: true };
		// the header is text, whatever its column holds
		header.eachCell((cell) => (cell.numFmt = '@'));
		for (const row of sheet.rows) {
			ws.addRow(sheet.columns.map((c) => xlsxValue(row[c.key], timeZone)));
		}
		if (sheet.columns.length > 0) {
			ws.autoFilter = {
				from: { row: 1, column: 1 },
				to: { row: 1, column: sheet.columns.length }
			};
		}
	}
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

function xlsxValue(value: CellValue | undefined, timeZone: string): ExcelJS.CellValue {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	// exceljs writes a Date as its UTC clock: give it the kelurahan's clock instead.
	if (value instanceof Date) return new Date(Date.UTC(...wallClockParts(value, timeZone)));
	// Text is written as text (never as a formula), so it needs no apostrophe here.
	return value;
}

/** A worksheet name Excel accepts, unique within the workbook. */
function worksheetName(name: string, used: Set<string>): string {
	const base =
		name
			.replace(/[:\\/?*[\]]/g, ' ')
			.trim()
			.slice(0, 31) || 'Sheet';
	let candidate = base;
	for (let n = 2; used.has(candidate.toLowerCase()); n++) {
		const suffix = ` (${n})`;
		candidate = base.slice(0, 31 - suffix.length) + suffix;
	}
	used.add(candidate.toLowerCase());
	return candidate;
}

type WallClock = [year: number, monthIndex: number, day: number, hour: number, minute: number];

function wallClockParts(date: Date, timeZone: string): WallClock {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		hourCycle: 'h23'
	}).formatToParts(date);
	const get = (type: Intl.DateTimeFormatPartTypes) =>
		Number(parts.find((p) => p.type === type)?.value ?? 0);
	return [get('year'), get('month') - 1, get('day'), get('hour'), get('minute')];
}

/** `2027-01-16 09:00`: the wall-clock time in `timeZone`, sortable as text. */
export function formatWallClock(date: Date, timeZone = DEFAULT_TIME_ZONE): string {
	const [y, mo, d, h, mi] = wallClockParts(date, timeZone);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${y}-${pad(mo + 1)}-${pad(d)} ${pad(h)}:${pad(mi)}`;
}

/** `2027-01-16`: the calendar day in `timeZone` (for file names). */
export function formatDay(date: Date, timeZone = DEFAULT_TIME_ZONE): string {
	return formatWallClock(date, timeZone).slice(0, 10);
}

/**
 * A title as a file-name part: `Musrenbang Kelurahan 2027` → `musrenbang-kelurahan-2027` (ASCII,
 * accents dropped, at most `max` characters, `fallback` when nothing is left).
 */
export function meetingSlug(title: string, max = 48, fallback = 'rapat'): string {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+/, '')
		.slice(0, max)
		.replace(/-+$/, '');
	return slug || fallback;
}
