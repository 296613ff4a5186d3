import { describe, expect, it } from 'vitest';
import {
	electionOutcomes,
	MOTION,
	parseDecisionsForm,
	parseHybridCountForm,
	parsePriorityForm,
	parseVoteForm,
	serviceErrorField
} from './vote-form.ts';

const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';
const U3 = '33333333-3333-4333-8333-333333333333';
const ctx = {
	usulan: [
		{ id: U1, estimatedCost: 50_000_000 },
		{ id: U2, estimatedCost: 120_000_000 },
		{ id: U3, estimatedCost: null }
	]
};

function form(fields: Record<string, string | string[]>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields))
		for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
	return data;
}

const base = { title: 'Prioritas RW 03', subject: 'usulan', usulanIds: [U1, U2] };

describe('parseVoteForm', () => {
	it('builds a yes / no vote on ticked usulan with the defaults', () => {
		const r = parseVoteForm(form({ ...base, method: 'yes_no', threshold: 'majority' }), ctx);
		expect(r).toEqual({
			ok: true,
			vote: {
				title: 'Prioritas RW 03',
				subject: 'usulan',
				settings: { method: 'yes_no', threshold: 'majority' },
				secret: false,
				results: 'live',
				durationSeconds: null,
				usulanIds: [U1, U2]
			}
		});
	});

	it('keeps the final list order whatever order the boxes came in', () => {
		const r = parseVoteForm(
			form({ ...base, usulanIds: [U2, U1], method: 'approval', maxChoices: '1' }),
			ctx
		);
		expect(r.ok && r.vote.usulanIds).toEqual([U1, U2]);
	});

	it('reads secret, results after close, minutes and eligibility', () => {
		const r = parseVoteForm(
			form({
				...base,
				method: 'dots',
				dots: '5',
				maxPerOption: '2',
				secret: 'on',
				results: 'after_close',
				durationMinutes: '3',
				eligibility: 'verified'
			}),
			ctx
		);
		expect(r).toMatchObject({
			ok: true,
			vote: {
				settings: { method: 'dots', dots: 5, maxPerOption: 2 },
				secret: true,
				results: 'after_close',
				durationSeconds: 180,
				eligibility: 'verified'
			}
		});
	});

	it('reads only the chosen method: other fieldsets may hold anything', () => {
		const r = parseVoteForm(
			form({ ...base, method: 'approval', maxChoices: '2', dots: 'x', ceiling: '??' }),
			ctx
		);
		expect(r).toMatchObject({
			ok: true,
			vote: { settings: { method: 'approval', maxChoices: 2 } }
		});
	});

	it('reads a budget ceiling typed as Rupiah', () => {
		const r = parseVoteForm(
			form({ ...base, method: 'budget', ceiling: 'Rp 150 juta', usulanIds: [U1, U2] }),
			ctx
		);
		expect(r).toMatchObject({
			ok: true,
			vote: { settings: { method: 'budget', ceiling: 150_000_000 } }
		});
	});

	it('refuses an ambiguous ceiling next to its input', () => {
		const r = parseVoteForm(form({ ...base, method: 'budget', ceiling: '150,000' }), ctx);
		expect(r).toEqual({ ok: false, errors: [{ field: 'ceiling', code: 'ambiguous_amount' }] });
	});

	it('refuses a budget vote on an usulan without a cost, naming it', () => {
		const r = parseVoteForm(
			form({ ...base, method: 'budget', ceiling: '500 juta', usulanIds: [U1, U3] }),
			ctx
		);
		expect(r).toEqual({
			ok: false,
			errors: [{ field: 'usulanIds', code: 'missing_cost', optionId: U3 }]
		});
	});

	it('refuses a budget vote on an usulan costing more than the ceiling', () => {
		const r = parseVoteForm(form({ ...base, method: 'budget', ceiling: '100 juta' }), ctx);
		expect(r).toEqual({
			ok: false,
			errors: [{ field: 'usulanIds', code: 'cost_over_ceiling', optionId: U2 }]
		});
	});

	it('builds criteria from the rows with a weight, named ones included', () => {
		const r = parseVoteForm(
			form({
				...base,
				method: 'criteria',
				'criteria.0.id': 'urgency',
				'criteria.0.weight': '40',
				'criteria.1.id': 'beneficiaries',
				'criteria.1.weight': '',
				'criteria.4.label': 'Dekat sekolah',
				'criteria.4.weight': '60',
				'criteria.min': '',
				'criteria.max': ''
			}),
			ctx
		);
		expect(r).toMatchObject({
			ok: true,
			vote: {
				settings: {
					method: 'criteria',
					criteria: [
						{ id: 'urgency', weight: 40 },
						{ id: 'own-4', weight: 60, label: 'Dekat sekolah' }
					],
					min: 1,
					max: 5
				}
			}
		});
	});

	it('puts a criterion error on the form row it came from', () => {
		const r = parseVoteForm(
			form({
				...base,
				method: 'criteria',
				'criteria.0.id': 'urgency',
				'criteria.2.id': 'priority_fit',
				'criteria.2.weight': '30',
				'criteria.3.id': 'community_contribution',
				'criteria.3.weight': '101'
			}),
			ctx
		);
		expect(r).toEqual({ ok: false, errors: [{ field: 'criteria.3.weight', code: 'too_big' }] });
	});

	it('asks for a name for a criterion given only a weight', () => {
		const r = parseVoteForm(form({ ...base, method: 'criteria', 'criteria.5.weight': '10' }), ctx);
		expect(r).toEqual({ ok: false, errors: [{ field: 'criteria.5.label', code: 'required' }] });
	});

	it('refuses an empty criteria list', () => {
		const r = parseVoteForm(form({ ...base, method: 'criteria' }), ctx);
		expect(r).toEqual({ ok: false, errors: [{ field: 'criteria', code: 'too_few' }] });
	});

	it('puts scale errors under the method’s own inputs', () => {
		const r = parseVoteForm(
			form({ ...base, method: 'score', 'score.min': '3', 'score.max': '2' }),
			ctx
		);
		expect(r).toEqual({ ok: false, errors: [{ field: 'score.max', code: 'too_small' }] });
	});

	it('reads a full ranking checkbox', () => {
		const on = parseVoteForm(form({ ...base, method: 'ranked', fullRanking: 'on' }), ctx);
		const off = parseVoteForm(form({ ...base, method: 'ranked' }), ctx);
		expect(on.ok && on.vote.settings).toEqual({ method: 'ranked', fullRanking: true });
		expect(off.ok && off.vote.settings).toEqual({ method: 'ranked', fullRanking: false });
	});

	it('takes free options one per line, blank lines dropped', () => {
		const r = parseVoteForm(
			form({
				title: 'Tempat posyandu',
				subject: 'options',
				labels: 'Balai RW\r\n\r\n  Masjid  \nSekolah',
				method: 'approval',
				maxChoices: '1'
			}),
			ctx
		);
		expect(r).toMatchObject({
			ok: true,
			vote: { subject: 'options', labels: ['Balai RW', 'Masjid', 'Sekolah'] }
		});
		expect(r.ok && 'usulanIds' in r.vote).toBe(false);
	});

	it('refuses free options typed twice and a single option to compare', () => {
		const twice = parseVoteForm(
			form({ title: 'Tempat', subject: 'options', labels: 'Balai\nbalai', method: 'ranked' }),
			ctx
		);
		const one = parseVoteForm(
			form({ title: 'Tempat', subject: 'options', labels: 'Balai', method: 'ranked' }),
			ctx
		);
		expect(twice).toEqual({ ok: false, errors: [{ field: 'labels', code: 'duplicate_option' }] });
		expect(one).toEqual({ ok: false, errors: [{ field: 'labels', code: 'too_few_options' }] });
	});

	it('allows a yes / no motion without options', () => {
		const r = parseVoteForm(
			form({
				title: 'Setuju berita acara?',
				subject: 'options',
				labels: '',
				method: 'yes_no',
				threshold: 'consensus'
			}),
			ctx
		);
		expect(r).toMatchObject({ ok: true, vote: { labels: [] } });
	});

	it('refuses a budget vote on free options (they have no cost)', () => {
		const r = parseVoteForm(
			form({
				title: 'Anggaran',
				subject: 'options',
				labels: 'A\nB',
				method: 'budget',
				ceiling: '1 juta'
			}),
			ctx
		);
		expect(r).toEqual({ ok: false, errors: [{ field: 'subject', code: 'missing_cost' }] });
	});

	it('refuses a vote on usulan before there is a final list', () => {
		const r = parseVoteForm(form({ ...base, method: 'yes_no', threshold: 'majority' }), {
			usulan: []
		});
		expect(r).toEqual({ ok: false, errors: [{ field: 'usulanIds', code: 'no_final_list' }] });
	});

	it('refuses an usulan that is not on the final list', () => {
		const r = parseVoteForm(
			form({
				...base,
				usulanIds: [U1, 'not-on-the-list'],
				method: 'yes_no',
				threshold: 'majority'
			}),
			ctx
		);
		expect(r).toEqual({ ok: false, errors: [{ field: 'usulanIds', code: 'unknown_option' }] });
	});

	it('reports every mistake at once', () => {
		const r = parseVoteForm(
			form({
				title: 'ab',
				subject: 'usulan',
				usulanIds: [U1, U2],
				method: 'approval',
				maxChoices: 'tiga',
				results: 'sometimes',
				durationMinutes: '121',
				eligibility: 'everyone'
			}),
			ctx
		);
		expect(r.ok).toBe(false);
		expect(!r.ok && r.errors).toEqual([
			{ field: 'title', code: 'too_short' },
			{ field: 'maxChoices', code: 'invalid_number' },
			{ field: 'results', code: 'invalid_choice' },
			{ field: 'eligibility', code: 'invalid_choice' },
			{ field: 'durationMinutes', code: 'too_big' }
		]);
	});

	it('refuses a missing title, a missing or unknown method and a zero duration', () => {
		const none = parseVoteForm(form({ subject: 'usulan', usulanIds: [U1] }), ctx);
		expect(!none.ok && none.errors).toEqual([
			{ field: 'title', code: 'required' },
			{ field: 'method', code: 'required' }
		]);
		const odd = parseVoteForm(
			form({ ...base, method: 'lottery', durationMinutes: '0', subject: 'usulan' }),
			ctx
		);
		expect(!odd.ok && odd.errors).toEqual([
			{ field: 'method', code: 'invalid_choice' },
			{ field: 'durationMinutes', code: 'too_small' }
		]);
	});

	it('refuses an unknown subject and a missing threshold', () => {
		const r = parseVoteForm(form({ title: 'Judul', subject: 'people', method: 'yes_no' }), ctx);
		expect(!r.ok && r.errors).toEqual([
			{ field: 'subject', code: 'invalid_choice' },
			{ field: 'threshold', code: 'required' }
		]);
	});

	it('refuses dots per option above the dots', () => {
		const r = parseVoteForm(form({ ...base, method: 'dots', dots: '3', maxPerOption: '4' }), ctx);
		expect(r).toEqual({ ok: false, errors: [{ field: 'maxPerOption', code: 'too_big' }] });
	});
});

describe('parseVoteForm: quorum', () => {
	const yesNo = { ...base, method: 'yes_no', threshold: 'majority' };

	it('leaves the quorum out for the meeting’s rule (chosen or not sent at all)', () => {
		for (const fields of [yesNo, { ...yesNo, 'quorum.kind': 'meeting', 'quorum.min': 'x' }]) {
			const r = parseVoteForm(form(fields), ctx);
			expect(r.ok).toBe(true);
			expect(r.ok && 'quorum' in r.vote).toBe(false);
		}
	});

	it('reads no quorum, a number of ballots and a percentage (the other input ignored)', () => {
		const none = parseVoteForm(form({ ...yesNo, 'quorum.kind': 'none', 'quorum.min': '0' }), ctx);
		const count = parseVoteForm(
			form({ ...yesNo, 'quorum.kind': 'count', 'quorum.min': '1.500', 'quorum.share': 'x' }),
			ctx
		);
		const share = parseVoteForm(
			form({ ...yesNo, 'quorum.kind': 'share', 'quorum.share': '33,5 %', 'quorum.min': 'x' }),
			ctx
		);
		expect(none.ok && none.vote.quorum).toEqual({ kind: 'none' });
		expect(count.ok && count.vote.quorum).toEqual({ kind: 'count', min: 1500 });
		expect(share.ok && share.vote.quorum).toEqual({ kind: 'share', share: 0.335 });
	});

	it('takes the ends of the ranges: 1 and 100.000 ballots, 1 % and 100 %', () => {
		const at = (kind: string, field: string, typed: string) =>
			parseVoteForm(form({ ...yesNo, 'quorum.kind': kind, [field]: typed }), ctx);
		expect(at('count', 'quorum.min', '1')).toMatchObject({ ok: true });
		expect(at('count', 'quorum.min', '100.000')).toMatchObject({ ok: true });
		expect(at('share', 'quorum.share', '1')).toMatchObject({ ok: true });
		expect(at('share', 'quorum.share', '100')).toMatchObject({ ok: true });
	});

	it('refuses numbers out of range or unreadable, next to their input', () => {
		const count = (typed: string) =>
			parseVoteForm(form({ ...yesNo, 'quorum.kind': 'count', 'quorum.min': typed }), ctx);
		const share = (typed: string) =>
			parseVoteForm(form({ ...yesNo, 'quorum.kind': 'share', 'quorum.share': typed }), ctx);
		for (const typed of ['0', '100.001', '2,5', 'sepuluh', '-3'])
			expect(count(typed)).toEqual({
				ok: false,
				errors: [{ field: 'quorum.min', code: 'quorum_count_range' }]
			});
		for (const typed of ['0', '0,5', '101', 'separuh'])
			expect(share(typed)).toEqual({
				ok: false,
				errors: [{ field: 'quorum.share', code: 'quorum_share_range' }]
			});
		expect(count(' ')).toEqual({ ok: false, errors: [{ field: 'quorum.min', code: 'required' }] });
		expect(share('')).toEqual({
			ok: false,
			errors: [{ field: 'quorum.share', code: 'required' }]
		});
	});

	it('refuses an unknown kind of quorum', () => {
		const r = parseVoteForm(form({ ...yesNo, 'quorum.kind': 'most' }), ctx);
		expect(r).toEqual({ ok: false, errors: [{ field: 'quorum.kind', code: 'invalid_choice' }] });
	});
});

describe('parseVoteForm: delegate elections', () => {
	const P1 = 'aaaaaaaa-1111-4111-8111-111111111111';
	const P2 = 'bbbbbbbb-2222-4222-8222-222222222222';
	const P3 = 'cccccccc-3333-4333-8333-333333333333';
	const people = { ...ctx, candidates: [{ id: P3 }, { id: P1 }, { id: P2 }] };
	const election = { title: 'Utusan ke kecamatan', subject: 'candidates' };

	it('takes ticked candidates in the form’s order, whatever order the boxes came in', () => {
		const r = parseVoteForm(
			form({ ...election, candidateIds: [P2, P3], method: 'approval', maxChoices: '1' }),
			people
		);
		expect(r).toMatchObject({
			ok: true,
			vote: {
				subject: 'candidates',
				candidateIds: [P3, P2],
				settings: { method: 'approval', maxChoices: 1 }
			}
		});
		expect(r.ok && ('usulanIds' in r.vote || 'labels' in r.vote)).toBe(false);
	});

	it('allows approval, dots, score and ranked; refuses yes / no, criteria and budget', () => {
		const ok: Record<string, string>[] = [
			{ method: 'approval', maxChoices: '2' },
			{ method: 'dots', dots: '3', maxPerOption: '1' },
			{ method: 'score' },
			{ method: 'ranked' }
		];
		for (const m of ok)
			expect(
				parseVoteForm(form({ ...election, candidateIds: [P1, P2], ...m }), people)
			).toMatchObject({ ok: true });
		const refused: Record<string, string>[] = [
			{ method: 'yes_no', threshold: 'majority' },
			{ method: 'criteria', 'criteria.0.id': 'urgency', 'criteria.0.weight': '1' },
			{ method: 'budget', ceiling: '100 juta' }
		];
		for (const m of refused)
			expect(parseVoteForm(form({ ...election, candidateIds: [P1, P2], ...m }), people)).toEqual({
				ok: false,
				errors: [{ field: 'method', code: 'not_for_candidates' }]
			});
	});

	it('refuses fewer than two candidates and someone who is not a participant', () => {
		const one = parseVoteForm(form({ ...election, candidateIds: [P1], method: 'ranked' }), people);
		const none = parseVoteForm(form({ ...election, method: 'ranked' }), people);
		const stranger = parseVoteForm(
			form({ ...election, candidateIds: [P1, U1], method: 'ranked' }),
			people
		);
		const noList = parseVoteForm(
			form({ ...election, candidateIds: [P1, P2], method: 'ranked' }),
			ctx
		);
		expect(one).toEqual({
			ok: false,
			errors: [{ field: 'candidateIds', code: 'too_few_candidates' }]
		});
		expect(none).toEqual({
			ok: false,
			errors: [{ field: 'candidateIds', code: 'too_few_candidates' }]
		});
		expect(stranger).toEqual({
			ok: false,
			errors: [{ field: 'candidateIds', code: 'unknown_candidate' }]
		});
		expect(noList).toEqual({
			ok: false,
			errors: [{ field: 'candidateIds', code: 'unknown_candidate' }]
		});
	});

	it('reads only the candidates: ticked usulan and typed options are ignored', () => {
		const r = parseVoteForm(
			form({
				...election,
				candidateIds: [P1, P2],
				usulanIds: ['junk'],
				labels: 'A\nA',
				method: 'ranked'
			}),
			people
		);
		expect(r).toMatchObject({ ok: true, vote: { candidateIds: [P1, P2] } });
	});
});

describe('serviceErrorField', () => {
	it('maps candidates and quorum paths to their inputs', () => {
		expect(serviceErrorField('options', 'ranked', 'candidates')).toBe('candidateIds');
		expect(serviceErrorField('candidateIds', 'ranked', 'candidates')).toBe('candidateIds');
		expect(serviceErrorField('candidateIds.1', 'ranked', 'candidates')).toBe('candidateIds');
		expect(serviceErrorField('quorum.min', 'ranked', 'candidates')).toBe('quorum.min');
		expect(serviceErrorField('quorum.share', 'ranked', 'usulan')).toBe('quorum.share');
		expect(serviceErrorField('quorum', 'ranked', 'usulan')).toBe('quorum.kind');
		expect(serviceErrorField('quorum.kind', 'ranked', 'usulan')).toBe('quorum.kind');
	});

	it('maps service paths to form inputs', () => {
		expect(serviceErrorField('settings.min', 'score', 'usulan')).toBe('score.min');
		expect(serviceErrorField('settings.maxChoices', 'approval', 'usulan')).toBe('maxChoices');
		expect(serviceErrorField('settings', 'approval', 'usulan')).toBe('method');
		expect(serviceErrorField('options', 'approval', 'usulan')).toBe('usulanIds');
		expect(serviceErrorField('options', 'approval', 'options')).toBe('labels');
		expect(serviceErrorField('labels.2', 'approval', 'options')).toBe('labels');
		expect(serviceErrorField('durationSeconds', 'approval', 'options')).toBe('durationMinutes');
		expect(serviceErrorField('title', 'approval', 'options')).toBe('title');
	});
});

describe('parseHybridCountForm', () => {
	it('reads a show of hands on a yes / no vote, blanks as 0', () => {
		const r = parseHybridCountForm(
			form({
				source: 'hands',
				voters: '12',
				'count.yes': '9',
				'count.no': '3',
				'count.abstain': '',
				note: ' Barisan belakang '
			}),
			'yes_no',
			[]
		);
		expect(r).toEqual({
			ok: true,
			value: {
				count: { source: 'hands', voters: 12, counts: { yes: 9, no: 3 } },
				note: 'Barisan belakang'
			}
		});
	});

	it('reads per-option counts and ignores inputs of other options', () => {
		const r = parseHybridCountForm(
			form({ source: 'paper', voters: '1.200', 'count.a': '700', 'count.zzz': '5' }),
			'approval',
			['a', 'b']
		);
		expect(r).toEqual({
			ok: true,
			value: { count: { source: 'paper', voters: 1200, counts: { a: 700 } }, note: '' }
		});
	});

	it('refuses a missing source, unreadable voters and counts', () => {
		const r = parseHybridCountForm(form({ voters: 'dua belas', 'count.a': '-1' }), 'dots', ['a']);
		expect(r).toEqual({
			ok: false,
			errors: [
				{ field: 'source', code: 'required' },
				{ field: 'voters', code: 'invalid_number' },
				{ field: 'count.a', code: 'invalid_number' }
			]
		});
	});

	it('refuses an unknown source', () => {
		const r = parseHybridCountForm(form({ source: 'phone', voters: '1' }), 'dots', ['a']);
		expect(r).toEqual({ ok: false, errors: [{ field: 'source', code: 'invalid_choice' }] });
	});
});

describe('parseDecisionsForm', () => {
	it('takes the options with an outcome, with notes', () => {
		const r = parseDecisionsForm(
			form({ 'outcome.a': 'agreed', 'note.a': ' Dana kelurahan ', 'outcome.b': '', 'note.b': 'x' }),
			['a', 'b']
		);
		expect(r).toEqual({
			ok: true,
			value: { outcomes: [{ optionId: 'a', outcome: 'agreed', note: 'Dana kelurahan' }] }
		});
	});

	it('decides a motion as a whole without an option id', () => {
		const r = parseDecisionsForm(form({ 'outcome.motion': 'rejected' }), [MOTION]);
		expect(r).toEqual({
			ok: true,
			value: { outcomes: [{ optionId: null, outcome: 'rejected', note: '' }] }
		});
	});

	it('refuses an empty form and an unknown outcome', () => {
		expect(parseDecisionsForm(form({}), ['a'])).toEqual({
			ok: false,
			errors: [{ field: 'outcomes', code: 'required' }]
		});
		expect(parseDecisionsForm(form({ 'outcome.a': 'maybe' }), ['a'])).toEqual({
			ok: false,
			errors: [{ field: 'outcome.a', code: 'invalid_choice' }]
		});
	});
});

describe('parseDecisionsForm: delegate elections', () => {
	it('takes elected and not elected, leaving undecided candidates out', () => {
		const r = parseDecisionsForm(
			form({
				'outcome.a': 'elected',
				'outcome.b': 'rejected',
				'outcome.c': '',
				'note.b': 'Mundur'
			}),
			['a', 'b', 'c'],
			electionOutcomes
		);
		expect(r).toEqual({
			ok: true,
			value: {
				outcomes: [
					{ optionId: 'a', outcome: 'elected', note: '' },
					{ optionId: 'b', outcome: 'rejected', note: 'Mundur' }
				]
			}
		});
	});

	it('refuses an outcome an election does not have, and a motion', () => {
		expect(parseDecisionsForm(form({ 'outcome.a': 'agreed' }), ['a'], electionOutcomes)).toEqual({
			ok: false,
			errors: [{ field: 'outcome.a', code: 'invalid_choice' }]
		});
		expect(
			parseDecisionsForm(form({ 'outcome.motion': 'elected' }), ['a'], electionOutcomes)
		).toEqual({ ok: false, errors: [{ field: 'outcomes', code: 'required' }] });
	});
});

describe('parsePriorityForm', () => {
	it('reads the order the page showed and a trimmed note', () => {
		const r = parsePriorityForm(form({ order: ['b', 'a', 'c'], note: ' Disahkan forum ' }), [
			'a',
			'b',
			'c'
		]);
		expect(r).toEqual({ ok: true, value: { order: ['b', 'a', 'c'], note: 'Disahkan forum' } });
	});

	it('refuses a missing order, an unknown or repeated option and a note too long', () => {
		const ids = ['a', 'b'];
		expect(parsePriorityForm(form({}), ids)).toEqual({
			ok: false,
			errors: [{ field: 'order', code: 'required' }]
		});
		expect(parsePriorityForm(form({ order: ['a', 'x'] }), ids)).toEqual({
			ok: false,
			errors: [{ field: 'order', code: 'invalid' }]
		});
		expect(parsePriorityForm(form({ order: ['a', 'a'] }), ids)).toEqual({
			ok: false,
			errors: [{ field: 'order', code: 'invalid' }]
		});
		expect(parsePriorityForm(form({ order: ['a', 'b'], note: 'x'.repeat(1001) }), ids)).toEqual({
			ok: false,
			errors: [{ field: 'note', code: 'too_long' }]
		});
	});
});
