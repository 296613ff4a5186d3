import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { validateBallot } from '$lib/domain/votes/ballot';
import type { SettingsOf, VoteSettings } from '$lib/domain/votes/methods';
import {
	ballotFormProblemText,
	ballotFormValues,
	readBallotForm,
	type BallotFormValues,
	type FormBallotData,
	type FormLike
} from './ballot-form.ts';
import FormBallot from './FormBallot.svelte';

const options = [
	{ id: 'a', label: 'Drainase RW <b>05</b>', cost: 85 },
	{ id: 'b', label: 'Pelatihan menjahit', cost: 25 },
	{ id: 'c', label: 'Posyandu lansia', cost: 10 }
];
const yesNo: SettingsOf<'yes_no'> = { method: 'yes_no', threshold: 'majority' };
const approval: SettingsOf<'approval'> = { method: 'approval', maxChoices: 2 };
const dots: SettingsOf<'dots'> = { method: 'dots', dots: 5, maxPerOption: 3 };
const score: SettingsOf<'score'> = { method: 'score', min: 1, max: 5 };
const criteria: SettingsOf<'criteria'> = {
	method: 'criteria',
	criteria: [
		{ id: 'urgency', weight: 60 },
		{ id: 'beneficiaries', weight: 40 }
	],
	min: 1,
	max: 5
};
const ranked: SettingsOf<'ranked'> = { method: 'ranked', fullRanking: false };
const budget: SettingsOf<'budget'> = { method: 'budget', ceiling: 100 };

const form = (entries: [string, string][]) => new URLSearchParams(entries);
const labelOf = (id: string) => options.find((o) => o.id === id)?.label ?? id;
const criterionOf = (id: string) => `kriteria ${id}`;

/** A valid choice per method, and the form a resident fills in for it. */
const cases: [VoteSettings, [string, string][], unknown][] = [
	[yesNo, [['answer', 'no']], { answer: 'no' }],
	[
		approval,
		[
			['option', 'c'],
			['option', 'a']
		],
		{ optionIds: ['c', 'a'] }
	],
	[
		dots,
		[
			['dots.a', '3'],
			['dots.b', ''],
			['dots.c', ' 2 ']
		],
		{ dots: { a: 3, c: 2 } }
	],
	[
		score,
		[
			['score.a', '5'],
			['score.b', '1'],
			['score.c', '3']
		],
		{ scores: { a: 5, b: 1, c: 3 } }
	],
	[
		criteria,
		[
			['score.a.urgency', '5'],
			['score.a.beneficiaries', '4'],
			['score.b.urgency', '1'],
			['score.b.beneficiaries', '2'],
			['score.c.urgency', '3'],
			['score.c.beneficiaries', '3']
		],
		{
			scores: {
				a: { urgency: 5, beneficiaries: 4 },
				b: { urgency: 1, beneficiaries: 2 },
				c: { urgency: 3, beneficiaries: 3 }
			}
		}
	],
	[
		ranked,
		[
			['rank.a', '2'],
			['rank.b', ''],
			['rank.c', '1']
		],
		{ ranking: ['c', 'a'] }
	],
	[
		budget,
		[
			['option', 'a'],
			['option', 'c']
		],
		{ optionIds: ['a', 'c'] }
	]
];

describe('readBallotForm', () => {
	it.each(cases.map(([s, entries, choice]) => [s.method, s, entries, choice] as const))(
		'reads a %s form into the choice the API takes',
		(_, settings, entries, choice) => {
			const read = readBallotForm(form(entries), settings, options);
			expect(read).toMatchObject({ ok: true, choice });
			// …and the method accepts it as it is.
			if (!read.ok) return;
			expect(validateBallot(settings, options, read.choice).ok).toBe(true);
		}
	);

	it('reads FormData as well, ignoring files and fields of other methods', () => {
		const data = new FormData();
		data.append('answer', 'yes');
		data.append('option', new Blob(['x']));
		data.append('dots.a', '2');
		expect(readBallotForm(data, yesNo, options)).toEqual({
			ok: true,
			choice: { answer: 'yes' },
			values: { answer: ['yes'] }
		});
		const files = new FormData();
		files.append('option', new Blob(['a']));
		files.append('option', 'b');
		expect(readBallotForm(files, approval, options)).toMatchObject({
			ok: true,
			choice: { optionIds: ['b'] }
		});
	});

	it('asks for an answer when a yes / no form has none or something else', () => {
		for (const entries of [[], [['answer', 'maybe']], [['answer', '']]] as [string, string][][]) {
			expect(readBallotForm(form(entries), yesNo, options)).toMatchObject({
				ok: false,
				problem: { code: 'no_answer' }
			});
		}
	});

	it('gives blank ballots for approval, dots, ranked and budget forms left empty', () => {
		expect(readBallotForm(form([]), approval, options)).toMatchObject({
			choice: { optionIds: [] }
		});
		expect(readBallotForm(form([]), dots, options)).toMatchObject({ choice: { dots: {} } });
		expect(readBallotForm(form([]), ranked, options)).toMatchObject({ choice: { ranking: [] } });
		expect(readBallotForm(form([]), budget, options)).toMatchObject({ choice: { optionIds: [] } });
	});

	it.each(['-1', '1.5', '2,0', 'abc', '1e3', '0x2', '9999999999'])(
		'refuses %j dots as not a whole number, naming the option',
		(text) => {
			const read = readBallotForm(
				form([
					['dots.a', '1'],
					['dots.b', text]
				]),
				dots,
				options
			);
			expect(read).toMatchObject({
				ok: false,
				problem: { code: 'not_whole_number', optionId: 'b' },
				values: { 'dots.a': ['1'], 'dots.b': [text] }
			});
		}
	);

	it('leaves limits to the method: too many dots or approvals read fine and are refused there', () => {
		const many = readBallotForm(
			form([
				['dots.a', '3'],
				['dots.b', '3']
			]),
			dots,
			options
		);
		expect(many.ok && validateBallot(dots, options, many.choice)).toMatchObject({
			ok: false,
			code: 'too_many_dots'
		});
		const three = readBallotForm(
			form(['a', 'b', 'c'].map((id) => ['option', id])),
			approval,
			options
		);
		expect(three.ok && validateBallot(approval, options, three.choice)).toMatchObject({
			ok: false,
			code: 'too_many_approvals'
		});
	});

	it('passes unknown and doubled ticked ids on for the method to refuse', () => {
		const read = readBallotForm(
			form([
				['option', 'a'],
				['option', 'a'],
				['option', 'zz']
			]),
			approval,
			options
		);
		expect(read).toMatchObject({ ok: true, choice: { optionIds: ['a', 'a', 'zz'] } });
	});

	it('leaves unscored options out, so the method names the first one missing', () => {
		const read = readBallotForm(form([['score.b', '4']]), score, options);
		expect(read).toMatchObject({ ok: true, choice: { scores: { b: 4 } } });
		expect(read.ok && validateBallot(score, options, read.choice)).toMatchObject({
			ok: false,
			code: 'missing_score',
			detail: { optionId: 'a' }
		});
		const half = readBallotForm(form([['score.a.urgency', '2']]), criteria, options);
		expect(half).toMatchObject({ ok: true, choice: { scores: { a: { urgency: 2 } } } });
	});

	it('refuses a junk score, naming the option and criterion', () => {
		expect(readBallotForm(form([['score.c', 'lima']]), score, options)).toMatchObject({
			ok: false,
			problem: { code: 'not_whole_number', optionId: 'c' }
		});
		expect(
			readBallotForm(form([['score.b.beneficiaries', '3.5']]), criteria, options)
		).toMatchObject({
			ok: false,
			problem: { code: 'not_whole_number', optionId: 'b', criterionId: 'beneficiaries' }
		});
	});

	it('orders a ranking by its numbers, gaps and all, and refuses places out of range or twice', () => {
		expect(
			readBallotForm(
				form([
					['rank.a', '3'],
					['rank.b', '1']
				]),
				ranked,
				options
			)
		).toMatchObject({ ok: true, choice: { ranking: ['b', 'a'] } });
		for (const bad of ['0', '4', '-1', 'satu']) {
			expect(readBallotForm(form([['rank.c', bad]]), ranked, options)).toMatchObject({
				ok: false,
				problem: { code: 'rank_out_of_range', optionId: 'c', max: 3 }
			});
		}
		expect(
			readBallotForm(
				form([
					['rank.a', '1'],
					['rank.b', '2'],
					['rank.c', '2']
				]),
				ranked,
				options
			)
		).toMatchObject({ ok: false, problem: { code: 'duplicate_rank', optionId: 'c', rank: 2 } });
	});

	it('keeps only this method’s fields, cut short, whatever is posted', () => {
		const entries: [string, string][] = [
			['dots.a', 'x'.repeat(10_000)],
			['dots.zz', '1'],
			['idempotencyKey', 'abc'],
			['__proto__', '1']
		];
		const read = readBallotForm(form(entries), dots, options);
		expect(Object.keys(read.values)).toEqual(['dots.a']);
		expect(read.values['dots.a'][0]).toHaveLength(100);
		const many = form(Array.from({ length: 5000 }, () => ['option', 'a'] as [string, string]));
		expect(readBallotForm(many, approval, options).values.option).toHaveLength(200);
	});

	it('never throws on a form-like thing that misbehaves', () => {
		const throwing: FormLike = {
			getAll() {
				throw new Error('boom');
			}
		};
		const notArray = { getAll: () => 'a' as unknown as unknown[] };
		for (const s of cases.map(([s]) => s)) {
			expect(() => readBallotForm(throwing, s, options)).not.toThrow();
			expect(() => readBallotForm(notArray, s, options)).not.toThrow();
		}
		expect(readBallotForm(throwing, yesNo, options)).toMatchObject({ ok: false });
	});
});

describe('ballotFormValues', () => {
	it.each(cases.map(([s, , choice]) => [s.method, s, choice] as const))(
		'fills a %s form that reads back into the same ballot',
		(_, settings, choice) => {
			const values = ballotFormValues(settings, options, choice);
			const entries = Object.entries(values).flatMap(([k, vs]) => vs.map((v) => [k, v]));
			const read = readBallotForm(form(entries as [string, string][]), settings, options);
			const stored = validateBallot(settings, options, choice);
			expect(stored.ok).toBe(true);
			expect(read).toMatchObject({ ok: true });
			if (!read.ok || !stored.ok) return;
			expect(validateBallot(settings, options, read.choice)).toEqual(stored);
		}
	);

	it('gives an empty form for a ballot that no longer fits the vote', () => {
		expect(ballotFormValues(approval, options, { optionIds: ['gone'] })).toEqual({});
		expect(ballotFormValues(score, options, null)).toEqual({});
		expect(ballotFormValues(yesNo, options, 'yes')).toEqual({});
	});
});

describe('ballotFormProblemText', () => {
	it('says what to fix, with the option’s name', () => {
		expect(ballotFormProblemText({ code: 'no_answer' }, labelOf, criterionOf)).toContain('Setuju');
		expect(
			ballotFormProblemText({ code: 'not_whole_number', optionId: 'b' }, labelOf, criterionOf)
		).toContain('Pelatihan menjahit');
		expect(
			ballotFormProblemText(
				{ code: 'not_whole_number', optionId: 'b', criterionId: 'urgency' },
				labelOf,
				criterionOf
			)
		).toContain('kriteria urgency');
		expect(
			ballotFormProblemText(
				{ code: 'rank_out_of_range', optionId: 'c', max: 3 },
				labelOf,
				criterionOf
			)
		).toMatch(/Posyandu lansia.*3/);
		expect(
			ballotFormProblemText(
				{ code: 'duplicate_rank', optionId: 'c', rank: 2 },
				labelOf,
				criterionOf
			)
		).toContain('2');
	});
});

/** The form FormBallot draws, as a browser would post it: named fields, ticked boxes only. */
function posted(html: string): URLSearchParams {
	const out = new URLSearchParams();
	for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
		const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
		const name = attr('name');
		if (!name) continue;
		const type = attr('type');
		if ((type === 'radio' || type === 'checkbox') && !/\schecked(?=[\s>=/])/.test(tag)) continue;
		out.append(name, attr('value') ?? '');
	}
	return out;
}

const data = (settings: VoteSettings, values: BallotFormValues = {}): FormBallotData => ({
	vote: { id: 'v1', title: 'Prioritas <i>2027</i>', settings, options, closesAt: null },
	idempotencyKey: '6f1c2d7e-0b4a-4a51-9d8e-3c2b1a0f9e8d',
	mine: null,
	values
});

describe('FormBallot', () => {
	it.each(cases.map(([s, , choice]) => [s.method, s, choice] as const))(
		'draws a %s form that posts back the ballot it was filled with',
		(_, settings, choice) => {
			const { body } = render(FormBallot, {
				props: { ballot: data(settings, ballotFormValues(settings, options, choice)) }
			});
			const fields = posted(body);
			expect(fields.get('voteId')).toBe('v1');
			expect(fields.get('idempotencyKey')).toBe('6f1c2d7e-0b4a-4a51-9d8e-3c2b1a0f9e8d');
			const read = readBallotForm(fields, settings, options);
			const stored = validateBallot(settings, options, choice);
			expect(read.ok && stored.ok).toBe(true);
			if (!read.ok || !stored.ok) return;
			expect(validateBallot(settings, options, read.choice)).toEqual(stored);
			expect(body).toContain('action="?/ballot#ballot-form"');
			expect(body).toContain('Kirim pilihan');
			// Labels are text, never markup.
			expect(body).not.toContain('<b>05</b>');
			expect(body).not.toContain('<i>2027</i>');
		}
	);

	it('draws an empty form that posts nothing chosen', () => {
		const { body } = render(FormBallot, { props: { ballot: data(yesNo) } });
		expect(body.match(/type="radio"/g)).toHaveLength(3);
		expect(posted(body).has('answer')).toBe(false);
		expect(body).not.toContain('ballot-receipt');
	});

	it('shows the budget’s pagu and costs, and the dots’ total', () => {
		const b = render(FormBallot, { props: { ballot: data(budget) } }).body;
		expect(b).toContain('Rp 100');
		expect(b).toContain('Rp 85');
		const d = render(FormBallot, { props: { ballot: data(dots) } }).body;
		expect(d).toContain('Bagikan 5 titik');
		expect(d.match(/type="number"/g)).toHaveLength(3);
	});

	it('shows the receipt and offers to change the ballot already cast', () => {
		const ballot = {
			...data(yesNo, { answer: ['abstain'] }),
			mine: { receipt: 'ab12cd34', castAt: '2027-02-01T03:04:00.000Z' }
		};
		const { body } = render(FormBallot, { props: { ballot } });
		expect(body).toContain('data-testid="ballot-receipt"');
		expect(body).toContain('ab12cd34');
		// 03:04 UTC is 10.04 in Jakarta.
		expect(body).toMatch(/10[.:]04/);
		expect(body).toContain('Anda sudah memilih');
		expect(posted(body).get('answer')).toBe('abstain');
	});

	it('prefers the answer of this vote’s post: its receipt, or its message and what was chosen', () => {
		const ballot = data(approval, { option: ['a'] });
		const done = render(FormBallot, {
			props: { ballot, result: { voteId: 'v1', receipt: 'ffff0000', castAt: '' } }
		}).body;
		expect(done).toContain('ffff0000');
		const refused = render(FormBallot, {
			props: {
				ballot,
				result: {
					voteId: 'v1',
					message: 'Pilih paling banyak 2.',
					values: { option: ['a', 'b', 'c'] },
					optionId: 'c'
				}
			}
		}).body;
		expect(refused).toContain('role="alert"');
		expect(refused).toContain('Pilih paling banyak 2.');
		expect(posted(refused).getAll('option')).toEqual(['a', 'b', 'c']);
		expect(refused).toContain('aria-invalid="true"');
		// An answer about an earlier vote is said, but its choice and receipt are not this form's.
		const stale = render(FormBallot, {
			props: {
				ballot,
				result: { voteId: 'v0', message: 'Sudah ditutup.', values: { option: ['b'] } }
			}
		}).body;
		expect(stale).toContain('Sudah ditutup.');
		expect(posted(stale).getAll('option')).toEqual(['a']);
		const oldReceipt = render(FormBallot, {
			props: { ballot, result: { voteId: 'v0', receipt: 'eeee1111', castAt: '' } }
		}).body;
		expect(oldReceipt).not.toContain('eeee1111');
	});
});
