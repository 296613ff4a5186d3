import { describe, expect, it } from 'vitest';
import {
	MAX_BUDGET_CEILING,
	parseMeetingForm,
	validateMeetingInput,
	type MeetingInputError,
	type MeetingInputResult
} from './meeting-input.ts';

const valid = {
	title: 'Musrenbang Kelurahan Rejosari 2027',
	kind: 'musrenbang_kelurahan',
	startsAt: '2027-01-10T09:00:00+07:00',
	place: 'Balai Kelurahan Rejosari',
	agenda: ['Pembukaan', 'Paparan pagu indikatif', 'Penyusunan usulan'],
	rwScope: [1, 2, 3],
	budgetCeiling: 1_500_000_000,
	quorum: { kind: 'share', share: 0.5 },
	voters: 'verified',
	sectors: ['infrastruktur', 'ekonomi'],
	inclusionThresholds: { women: 0.3, youth: 0.1 }
};

const errorsOf = (result: MeetingInputResult): MeetingInputError[] =>
	result.ok ? [] : result.errors;

describe('validateMeetingInput', () => {
	it('accepts a complete meeting as is', () => {
		expect(validateMeetingInput(valid)).toEqual({ ok: true, value: valid });
	});

	it('fills the optional fields', () => {
		const { place, rwScope, budgetCeiling, inclusionThresholds, ...required } = valid;
		void [place, rwScope, budgetCeiling, inclusionThresholds];
		const result = validateMeetingInput(required);
		expect(result.ok && result.value).toMatchObject({
			place: '',
			rwScope: [],
			budgetCeiling: null,
			inclusionThresholds: {}
		});
	});

	it('tidies what it accepts', () => {
		const result = validateMeetingInput({
			...valid,
			title: '  Rembuk RW 03  ',
			place: ' Pos RW ',
			agenda: ['  Pembukaan ', '', '   ', 'Usulan'],
			rwScope: [7, 3, 7, 1],
			sectors: ['ekonomi', ' infrastruktur ', 'ekonomi'],
			budgetCeiling: null
		});
		expect(result.ok && result.value).toMatchObject({
			title: 'Rembuk RW 03',
			place: 'Pos RW',
			agenda: ['Pembukaan', 'Usulan'],
			rwScope: [1, 3, 7],
			sectors: ['ekonomi', 'infrastruktur'],
			budgetCeiling: null
		});
	});

	it.each([
		['Z', '2027-01-10T02:00:00Z'],
		['WITA', '2027-01-10T09:00:00+08:00'],
		['fractions of a second', '2027-01-10T09:00:00.500+07:00']
	])('accepts a date-time with %s', (_, startsAt) => {
		expect(validateMeetingInput({ ...valid, startsAt }).ok).toBe(true);
	});

	it.each([
		['none', { kind: 'none' }],
		['count', { kind: 'count', min: 25 }],
		['share 1.0', { kind: 'share', share: 1 }]
	])('accepts a %s quorum', (_, quorum) => {
		expect(validateMeetingInput({ ...valid, quorum })).toMatchObject({
			ok: true,
			value: { quorum }
		});
	});

	it('accepts the edges of every range', () => {
		const result = validateMeetingInput({
			...valid,
			title: 'abc',
			place: 'x'.repeat(200),
			agenda: Array.from({ length: 30 }, () => 'x'.repeat(200)),
			rwScope: [1, 99],
			budgetCeiling: MAX_BUDGET_CEILING,
			inclusionThresholds: { women: 0, youth: 1, elderly: 0.05, disability: 0.01 }
		});
		expect(result.ok).toBe(true);
		expect(validateMeetingInput({ ...valid, title: 'x'.repeat(200), budgetCeiling: 0 }).ok).toBe(
			true
		);
	});

	it.each<[string, Record<string, unknown>, MeetingInputError]>([
		['a missing title', { title: undefined }, { field: 'title', code: 'required' }],
		['a short title', { title: '  ab  ' }, { field: 'title', code: 'too_short' }],
		['a long title', { title: 'x'.repeat(201) }, { field: 'title', code: 'too_long' }],
		['a title that is not text', { title: 42 }, { field: 'title', code: 'invalid_type' }],
		['an unknown kind', { kind: 'rapat' }, { field: 'kind', code: 'invalid_choice' }],
		['a missing kind', { kind: undefined }, { field: 'kind', code: 'required' }],
		['a missing start', { startsAt: undefined }, { field: 'startsAt', code: 'required' }],
		[
			'a start without offset',
			{ startsAt: '2027-01-10T09:00:00' },
			{ field: 'startsAt', code: 'invalid_datetime' }
		],
		[
			'a start without seconds',
			{ startsAt: '2027-01-10T09:00+07:00' },
			{ field: 'startsAt', code: 'invalid_datetime' }
		],
		[
			'30 February',
			{ startsAt: '2027-02-30T09:00:00+07:00' },
			{ field: 'startsAt', code: 'invalid_datetime' }
		],
		[
			'a start in words',
			{ startsAt: 'besok pagi' },
			{ field: 'startsAt', code: 'invalid_datetime' }
		],
		[
			'a start as a number',
			{ startsAt: 1_800_000_000_000 },
			{ field: 'startsAt', code: 'invalid_type' }
		],
		['a long place', { place: 'x'.repeat(201) }, { field: 'place', code: 'too_long' }],
		['a missing agenda', { agenda: undefined }, { field: 'agenda', code: 'required' }],
		['an empty agenda', { agenda: [] }, { field: 'agenda', code: 'too_few' }],
		['an agenda of blank lines', { agenda: ['', '  '] }, { field: 'agenda', code: 'too_few' }],
		[
			'31 agenda items',
			{ agenda: Array.from({ length: 31 }, (_, i) => `Acara ${i}`) },
			{ field: 'agenda', code: 'too_many' }
		],
		[
			'a long agenda item',
			{ agenda: ['Pembukaan', 'x'.repeat(201)] },
			{ field: 'agenda', code: 'too_long' }
		],
		[
			'an agenda item that is not text',
			{ agenda: ['Pembukaan', 3] },
			{ field: 'agenda', code: 'invalid_type' }
		],
		[
			'an agenda that is not a list',
			{ agenda: 'Pembukaan' },
			{ field: 'agenda', code: 'invalid_type' }
		],
		['RW 0', { rwScope: [0] }, { field: 'rwScope', code: 'too_small' }],
		['RW 100', { rwScope: [100] }, { field: 'rwScope', code: 'too_big' }],
		['RW 1.5', { rwScope: [1.5] }, { field: 'rwScope', code: 'not_integer' }],
		['an RW as text', { rwScope: ['1'] }, { field: 'rwScope', code: 'invalid_type' }],
		['a negative pagu', { budgetCeiling: -1 }, { field: 'budgetCeiling', code: 'too_small' }],
		[
			'a pagu above Rp 10 triliun',
			{ budgetCeiling: MAX_BUDGET_CEILING + 1 },
			{ field: 'budgetCeiling', code: 'too_big' }
		],
		['a pagu with sen', { budgetCeiling: 1000.5 }, { field: 'budgetCeiling', code: 'not_integer' }],
		[
			'a pagu as text',
			{ budgetCeiling: '150 juta' },
			{ field: 'budgetCeiling', code: 'invalid_type' }
		],
		['a missing quorum', { quorum: undefined }, { field: 'quorum', code: 'required' }],
		['a quorum without kind', { quorum: {} }, { field: 'quorum.kind', code: 'required' }],
		[
			'an unknown quorum kind',
			{ quorum: { kind: 'majority' } },
			{ field: 'quorum.kind', code: 'invalid_choice' }
		],
		[
			'a count quorum without min',
			{ quorum: { kind: 'count' } },
			{ field: 'quorum.min', code: 'required' }
		],
		[
			'a count quorum of 0',
			{ quorum: { kind: 'count', min: 0 } },
			{ field: 'quorum.min', code: 'too_small' }
		],
		[
			'a fractional count quorum',
			{ quorum: { kind: 'count', min: 2.5 } },
			{ field: 'quorum.min', code: 'not_integer' }
		],
		[
			'a huge count quorum',
			{ quorum: { kind: 'count', min: 100_001 } },
			{ field: 'quorum.min', code: 'too_big' }
		],
		[
			'a share quorum of 0',
			{ quorum: { kind: 'share', share: 0 } },
			{ field: 'quorum.share', code: 'too_small' }
		],
		[
			'a share quorum above 1',
			{ quorum: { kind: 'share', share: 1.2 } },
			{ field: 'quorum.share', code: 'too_big' }
		],
		[
			'a share quorum as a percentage',
			{ quorum: { kind: 'share', share: 50 } },
			{ field: 'quorum.share', code: 'too_big' }
		],
		[
			'a share quorum without share',
			{ quorum: { kind: 'share' } },
			{ field: 'quorum.share', code: 'required' }
		],
		[
			'a stray field on a quorum',
			{ quorum: { kind: 'none', min: 3 } },
			{ field: 'quorum.min', code: 'unknown_field' }
		],
		['an unknown voter mode', { voters: 'all' }, { field: 'voters', code: 'invalid_choice' }],
		['a missing voter mode', { voters: undefined }, { field: 'voters', code: 'required' }],
		['no sectors', { sectors: [] }, { field: 'sectors', code: 'too_few' }],
		['a missing sector list', { sectors: undefined }, { field: 'sectors', code: 'required' }],
		[
			'a malformed sector code',
			{ sectors: ['Infra Struktur'] },
			{ field: 'sectors', code: 'invalid_format' }
		],
		['an empty sector code', { sectors: [''] }, { field: 'sectors', code: 'invalid_format' }],
		[
			'51 sectors',
			{ sectors: Array.from({ length: 51 }, (_, i) => `s${i}`) },
			{ field: 'sectors', code: 'too_many' }
		],
		[
			'a threshold above 1',
			{ inclusionThresholds: { women: 1.5 } },
			{ field: 'inclusionThresholds.women', code: 'too_big' }
		],
		[
			'a negative threshold',
			{ inclusionThresholds: { youth: -0.1 } },
			{ field: 'inclusionThresholds.youth', code: 'too_small' }
		],
		[
			'a threshold as text',
			{ inclusionThresholds: { elderly: '10' } },
			{ field: 'inclusionThresholds.elderly', code: 'invalid_type' }
		],
		[
			'an unknown group',
			{ inclusionThresholds: { woman: 0.3 } },
			{ field: 'inclusionThresholds.woman', code: 'unknown_field' }
		],
		['a misspelt field', { budget: 5 }, { field: 'budget', code: 'unknown_field' }]
	])('refuses %s', (_, change, error) => {
		expect(errorsOf(validateMeetingInput({ ...valid, ...change }))).toEqual([error]);
	});

	it.each([
		['null', null, 'invalid_type'],
		['undefined', undefined, 'required'],
		['text', 'meeting', 'invalid_type'],
		['a list', [valid], 'invalid_type']
	])('refuses %s as a whole', (_, input, code) => {
		expect(errorsOf(validateMeetingInput(input))).toEqual([{ field: '', code }]);
	});

	it('reports every bad field at once, each only once', () => {
		const errors = errorsOf(
			validateMeetingInput({
				...valid,
				title: '',
				voters: 'all',
				agenda: ['x'.repeat(201), 'y'.repeat(201)]
			})
		);
		expect(errors).toEqual(
			expect.arrayContaining([
				{ field: 'title', code: 'too_short' },
				{ field: 'voters', code: 'invalid_choice' },
				{ field: 'agenda', code: 'too_long' }
			])
		);
		expect(errors).toHaveLength(3);
	});

	it('refuses a sector the kelurahan does not use, when told which it uses', () => {
		const knownSectors = ['infrastruktur', 'ekonomi', 'pendidikan'];
		expect(validateMeetingInput(valid, { knownSectors }).ok).toBe(true);
		expect(
			errorsOf(
				validateMeetingInput({ ...valid, sectors: ['ekonomi', 'pariwisata'] }, { knownSectors })
			)
		).toEqual([{ field: 'sectors', code: 'unknown_sector' }]);
		expect(validateMeetingInput({ ...valid, sectors: ['pariwisata'] }).ok).toBe(true);
	});
});

/** A form as the browser would send it. Repeated names (checkboxes) go in as arrays. */
function form(fields: Record<string, string | string[] | undefined>): FormData {
	const fd = new FormData();
	for (const [name, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		for (const v of Array.isArray(value) ? value : [value]) fd.append(name, v);
	}
	return fd;
}

const validForm = {
	title: 'Musrenbang Kelurahan Rejosari 2027',
	kind: 'musrenbang_kelurahan',
	startsAt: '2027-01-10T09:00',
	place: 'Balai Kelurahan Rejosari',
	agenda: 'Pembukaan\r\nPaparan pagu indikatif\r\n\r\nPenyusunan usulan\r\n',
	rwScope: ['1', '2', '3'],
	budgetCeiling: 'Rp 1,5 miliar',
	'quorum.kind': 'share',
	'quorum.share': '50',
	'quorum.min': '',
	voters: 'verified',
	sectors: ['infrastruktur', 'ekonomi'],
	'inclusionThresholds.women': '30',
	'inclusionThresholds.youth': '10%',
	'inclusionThresholds.elderly': '',
	'inclusionThresholds.disability': ''
};

const parseForm = (change: Record<string, string | string[] | undefined> = {}) =>
	parseMeetingForm(form({ ...validForm, ...change }));

describe('parseMeetingForm', () => {
	it('turns a filled-in form into the same meeting the API takes', () => {
		expect(parseForm()).toEqual({ ok: true, value: valid });
	});

	it('works with URLSearchParams too', () => {
		const params = new URLSearchParams();
		for (const [k, v] of form(validForm)) params.append(k, v as string);
		expect(parseMeetingForm(params)).toEqual({ ok: true, value: valid });
	});

	describe('startsAt', () => {
		it.each([
			['2027-01-10T09:00', '2027-01-10T09:00:00+07:00'],
			['2027-01-10T09:00:30', '2027-01-10T09:00:30+07:00'],
			['2027-01-10 09:00', '2027-01-10T09:00:00+07:00'],
			['2027-01-10T02:00:00Z', '2027-01-10T02:00:00Z'],
			['2027-01-10T02:00z', '2027-01-10T02:00:00Z'],
			['2027-01-10T09:00+09:00', '2027-01-10T09:00:00+09:00']
		])('reads %j as %s', (startsAt, iso) => {
			const result = parseForm({ startsAt });
			expect(result.ok && result.value.startsAt).toBe(iso);
		});

		it("uses the kelurahan's time zone for a local time", () => {
			const result = parseMeetingForm(form(validForm), { utcOffset: '+08:00' });
			expect(result.ok && result.value.startsAt).toBe('2027-01-10T09:00:00+08:00');
		});

		it.each([
			['', 'required'],
			['besok', 'invalid_datetime'],
			['10/01/2027 09:00', 'invalid_datetime'],
			['2027-02-30T09:00', 'invalid_datetime'],
			['2027-01-10T25:00', 'invalid_datetime'],
			['2027-01-10', 'invalid_datetime']
		])('refuses %j with %s', (startsAt, code) => {
			expect(errorsOf(parseForm({ startsAt }))).toEqual([{ field: 'startsAt', code }]);
		});

		it('refuses a missing field', () => {
			expect(errorsOf(parseForm({ startsAt: undefined }))).toEqual([
				{ field: 'startsAt', code: 'required' }
			]);
		});
	});

	describe('agenda', () => {
		it('takes one item per line, trimmed, without blank lines, for any line ending', () => {
			const result = parseForm({ agenda: '  Pembukaan  \n\n\rDoa\r\n   \nPenutup' });
			expect(result.ok && result.value.agenda).toEqual(['Pembukaan', 'Doa', 'Penutup']);
		});
		it.each([
			['a blank textarea', '\n \n', 'too_few'],
			['a missing textarea', undefined, 'required'],
			['a long line', `Pembukaan\n${'x'.repeat(201)}`, 'too_long'],
			['31 lines', Array.from({ length: 31 }, (_, i) => `Acara ${i}`).join('\n'), 'too_many']
		])('refuses %s', (_, agenda, code) => {
			expect(errorsOf(parseForm({ agenda }))).toEqual([{ field: 'agenda', code }]);
		});
	});

	describe('rwScope', () => {
		it('takes checkboxes and typed lists alike, sorted and without repeats', () => {
			const result = parseForm({ rwScope: ['3', '1, 05;2', ' 3 '] });
			expect(result.ok && result.value.rwScope).toEqual([1, 2, 3, 5]);
		});
		it('means the whole kelurahan when nothing is ticked', () => {
			const result = parseForm({ rwScope: undefined });
			expect(result.ok && result.value.rwScope).toEqual([]);
		});
		it.each([
			['RW1', 'invalid_number'],
			['1-3', 'invalid_number'],
			['0', 'too_small'],
			['100', 'too_big'],
			['1234567', 'invalid_number']
		])('refuses %j with %s', (rwScope, code) => {
			expect(errorsOf(parseForm({ rwScope }))).toEqual([{ field: 'rwScope', code }]);
		});
	});

	describe('budgetCeiling', () => {
		it.each([
			['150.000.000', 150_000_000],
			['Rp 150 juta', 150_000_000],
			['', null],
			['   ', null],
			[undefined, null]
		])('reads %j as %s', (budgetCeiling, value) => {
			const result = parseForm({ budgetCeiling });
			expect(result.ok && result.value.budgetCeiling).toBe(value);
		});
		it.each([
			['banyak', 'invalid_amount'],
			['5 M', 'ambiguous_amount'],
			['150,000', 'ambiguous_amount'],
			['1.500,50', 'not_whole_rupiah'],
			['20 triliun', 'too_big']
		])('refuses %j with %s', (budgetCeiling, code) => {
			expect(errorsOf(parseForm({ budgetCeiling }))).toEqual([{ field: 'budgetCeiling', code }]);
		});
	});

	describe('quorum', () => {
		it('reads a count and ignores the share input', () => {
			const result = parseForm({
				'quorum.kind': 'count',
				'quorum.min': '1.000',
				'quorum.share': 'x'
			});
			expect(result.ok && result.value.quorum).toEqual({ kind: 'count', min: 1000 });
		});
		it('reads a share as a percentage', () => {
			const result = parseForm({
				'quorum.kind': 'share',
				'quorum.share': '66,7',
				'quorum.min': 'x'
			});
			expect(result.ok && result.value.quorum).toEqual({ kind: 'share', share: 0.667 });
		});
		it('reads none and ignores both inputs', () => {
			const result = parseForm({ 'quorum.kind': 'none', 'quorum.min': 'x', 'quorum.share': 'y' });
			expect(result.ok && result.value.quorum).toEqual({ kind: 'none' });
		});
		it.each<[string, Record<string, string | undefined>, MeetingInputError]>([
			['no kind', { 'quorum.kind': undefined }, { field: 'quorum.kind', code: 'required' }],
			['a blank kind', { 'quorum.kind': ' ' }, { field: 'quorum.kind', code: 'required' }],
			[
				'an unknown kind',
				{ 'quorum.kind': 'mufakat' },
				{ field: 'quorum.kind', code: 'invalid_choice' }
			],
			[
				'a count without number',
				{ 'quorum.kind': 'count', 'quorum.min': '' },
				{ field: 'quorum.min', code: 'required' }
			],
			[
				'a count with no input at all',
				{ 'quorum.kind': 'count', 'quorum.min': undefined },
				{ field: 'quorum.min', code: 'required' }
			],
			[
				'a count in words',
				{ 'quorum.kind': 'count', 'quorum.min': 'lima puluh' },
				{ field: 'quorum.min', code: 'invalid_number' }
			],
			[
				'a count of 0',
				{ 'quorum.kind': 'count', 'quorum.min': '0' },
				{ field: 'quorum.min', code: 'too_small' }
			],
			[
				'a count of 200.000',
				{ 'quorum.kind': 'count', 'quorum.min': '200.000' },
				{ field: 'quorum.min', code: 'too_big' }
			],
			[
				'a share without number',
				{ 'quorum.kind': 'share', 'quorum.share': '' },
				{ field: 'quorum.share', code: 'required' }
			],
			[
				'a share of 0 %',
				{ 'quorum.kind': 'share', 'quorum.share': '0' },
				{ field: 'quorum.share', code: 'too_small' }
			],
			[
				'a share of 150 %',
				{ 'quorum.kind': 'share', 'quorum.share': '150' },
				{ field: 'quorum.share', code: 'too_big' }
			],
			[
				'a share in words',
				{ 'quorum.kind': 'share', 'quorum.share': 'separuh' },
				{ field: 'quorum.share', code: 'invalid_number' }
			]
		])('refuses %s', (_, change, error) => {
			expect(errorsOf(parseForm(change))).toEqual([error]);
		});
	});

	describe('voters, kind, title, place', () => {
		it.each<[string, Record<string, string | undefined>, MeetingInputError]>([
			['no voter mode', { voters: undefined }, { field: 'voters', code: 'required' }],
			['an unknown voter mode', { voters: 'semua' }, { field: 'voters', code: 'invalid_choice' }],
			['no kind', { kind: '' }, { field: 'kind', code: 'required' }],
			['an unknown kind', { kind: 'arisan' }, { field: 'kind', code: 'invalid_choice' }],
			['no title', { title: undefined }, { field: 'title', code: 'required' }],
			['a blank title', { title: '   ' }, { field: 'title', code: 'too_short' }],
			['a long place', { place: 'x'.repeat(201) }, { field: 'place', code: 'too_long' }]
		])('refuses %s', (_, change, error) => {
			expect(errorsOf(parseForm(change))).toEqual([error]);
		});

		it('treats a missing place as empty', () => {
			const result = parseForm({ place: undefined });
			expect(result.ok && result.value.place).toBe('');
		});
	});

	describe('sectors', () => {
		it('refuses a form with no sector ticked', () => {
			expect(errorsOf(parseForm({ sectors: undefined }))).toEqual([
				{ field: 'sectors', code: 'too_few' }
			]);
		});
		it('refuses a sector the kelurahan does not use', () => {
			const result = parseMeetingForm(form({ ...validForm, sectors: ['ekonomi', 'judi'] }), {
				knownSectors: ['ekonomi', 'infrastruktur']
			});
			expect(errorsOf(result)).toEqual([{ field: 'sectors', code: 'unknown_sector' }]);
		});
	});

	describe('inclusion thresholds', () => {
		it('reads percentages and leaves blank groups without a threshold', () => {
			const result = parseForm({ 'inclusionThresholds.elderly': '12,5' });
			expect(result.ok && result.value.inclusionThresholds).toEqual({
				women: 0.3,
				youth: 0.1,
				elderly: 0.125
			});
		});
		it.each([
			['banyak', 'invalid_number'],
			['120', 'too_big'],
			['-5', 'invalid_number']
		])('refuses %j with %s', (value, code) => {
			expect(errorsOf(parseForm({ 'inclusionThresholds.disability': value }))).toEqual([
				{ field: 'inclusionThresholds.disability', code }
			]);
		});
	});

	it('treats an uploaded file where text belongs as missing', () => {
		const fd = form({ ...validForm, title: undefined });
		fd.append('title', new Blob(['Musrenbang']), 'title.txt');
		expect(errorsOf(parseMeetingForm(fd))).toEqual([{ field: 'title', code: 'required' }]);
	});

	it('reports every bad field at once, parser and schema errors together', () => {
		const errors = errorsOf(
			parseForm({
				title: 'ab',
				budgetCeiling: 'banyak',
				'quorum.kind': 'count',
				'quorum.min': 'x',
				'inclusionThresholds.women': '300',
				voters: undefined
			})
		);
		expect(errors).toEqual(
			expect.arrayContaining([
				{ field: 'title', code: 'too_short' },
				{ field: 'budgetCeiling', code: 'invalid_amount' },
				{ field: 'quorum.min', code: 'invalid_number' },
				{ field: 'inclusionThresholds.women', code: 'too_big' },
				{ field: 'voters', code: 'required' }
			])
		);
		expect(errors).toHaveLength(5);
	});

	it('gives codes, never sentences', () => {
		const errors = errorsOf(parseMeetingForm(form({})));
		expect(errors.length).toBeGreaterThan(0);
		for (const e of errors) expect(e.code).toMatch(/^[a-z_]+$/);
	});
});
