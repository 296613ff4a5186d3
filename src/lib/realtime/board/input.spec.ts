import { describe, expect, it } from 'vitest';
import { itemInputSchema, proposerInputSchema, toFieldErrors } from './input.ts';
import { limits, type FieldError } from './schema.ts';
import { SECTORS } from './testing.ts';

const schema = itemInputSchema(SECTORS);
const valid = { title: 'Posyandu', sector: 'pendidikan', fundingSource: 'swadaya' };

function errorsOf(input: unknown): FieldError[] {
	const r = schema.safeParse(input);
	return r.success ? [] : toFieldErrors(r.error);
}

describe('itemInputSchema', () => {
	it('fills defaults and trims text', () => {
		expect(schema.parse({ ...valid, title: '  Posyandu  ', problem: ' x ' })).toEqual({
			title: 'Posyandu',
			problem: 'x',
			locationText: '',
			rt: null,
			rw: null,
			sector: 'pendidikan',
			volume: null,
			unit: '',
			estimatedCost: null,
			fundingSource: 'swadaya',
			proposers: []
		});
	});

	it('normalizes proposers: nulls dropped, names trimmed, extra keys stripped', () => {
		const parsed = schema.parse({
			...valid,
			proposers: [
				{ name: ' Bu Siti ', rt: null, rw: 2, participantId: null, extra: 1 },
				{ name: 'Pak Budi', participantId: 'p1' }
			]
		});
		expect(parsed.proposers).toEqual([
			{ name: 'Bu Siti', rw: 2 },
			{ participantId: 'p1', name: 'Pak Budi' }
		]);
	});

	it.each<[string, unknown, FieldError[]]>([
		['not an object', 'usulan', [{ field: 'input', code: 'wrongType' }]],
		['missing title', { ...valid, title: undefined }, [{ field: 'title', code: 'required' }]],
		['blank title', { ...valid, title: '   ' }, [{ field: 'title', code: 'empty' }]],
		[
			'long title',
			{ ...valid, title: 't'.repeat(limits.titleMax + 1) },
			[{ field: 'title', code: 'tooLong' }]
		],
		['numeric title', { ...valid, title: 5 }, [{ field: 'title', code: 'wrongType' }]],
		[
			'long problem',
			{ ...valid, problem: 'p'.repeat(limits.problemMax + 1) },
			[{ field: 'problem', code: 'tooLong' }]
		],
		['RT 0', { ...valid, rt: 0 }, [{ field: 'rt', code: 'outOfRange' }]],
		['RW 1000', { ...valid, rw: 1000 }, [{ field: 'rw', code: 'outOfRange' }]],
		['RT 1.5', { ...valid, rt: 1.5 }, [{ field: 'rt', code: 'notInteger' }]],
		['RT "3"', { ...valid, rt: '3' }, [{ field: 'rt', code: 'wrongType' }]],
		[
			'unknown sector',
			{ ...valid, sector: 'militer' },
			[{ field: 'sector', code: 'unknownSector' }]
		],
		['missing sector', { ...valid, sector: undefined }, [{ field: 'sector', code: 'required' }]],
		['negative volume', { ...valid, volume: -2 }, [{ field: 'volume', code: 'negative' }]],
		['NaN volume', { ...valid, volume: NaN }, [{ field: 'volume', code: 'notFinite' }]],
		['infinite volume', { ...valid, volume: Infinity }, [{ field: 'volume', code: 'notFinite' }]],
		[
			'huge volume',
			{ ...valid, volume: limits.volumeMax + 1 },
			[{ field: 'volume', code: 'tooLarge' }]
		],
		[
			'long unit',
			{ ...valid, unit: 'u'.repeat(limits.unitMax + 1) },
			[{ field: 'unit', code: 'tooLong' }]
		],
		[
			'negative cost',
			{ ...valid, estimatedCost: -1 },
			[{ field: 'estimatedCost', code: 'negative' }]
		],
		[
			'cost in sen',
			{ ...valid, estimatedCost: 10.5 },
			[{ field: 'estimatedCost', code: 'notInteger' }]
		],
		[
			'huge cost',
			{ ...valid, estimatedCost: limits.estimatedCostMax + 1 },
			[{ field: 'estimatedCost', code: 'tooLarge' }]
		],
		[
			'cost as text',
			{ ...valid, estimatedCost: '1000' },
			[{ field: 'estimatedCost', code: 'wrongType' }]
		],
		[
			'unknown funding',
			{ ...valid, fundingSource: 'apbn' },
			[{ field: 'fundingSource', code: 'unknownValue' }]
		],
		[
			'missing funding',
			{ ...valid, fundingSource: undefined },
			[{ field: 'fundingSource', code: 'required' }]
		],
		[
			'numeric funding',
			{ ...valid, fundingSource: 3 },
			[{ field: 'fundingSource', code: 'wrongType' }]
		],
		[
			'proposers not a list',
			{ ...valid, proposers: {} },
			[{ field: 'proposers', code: 'wrongType' }]
		],
		[
			'proposer without name',
			{ ...valid, proposers: [{ rt: 1 }] },
			[{ field: 'proposers.0.name', code: 'required' }]
		],
		[
			'proposer with blank name',
			{ ...valid, proposers: [{ name: 'ok' }, { name: ' ' }] },
			[{ field: 'proposers.1.name', code: 'empty' }]
		],
		[
			'proposer RT 0',
			{ ...valid, proposers: [{ name: 'a', rt: 0 }] },
			[{ field: 'proposers.0.rt', code: 'outOfRange' }]
		],
		[
			'too many proposers',
			{
				...valid,
				proposers: Array.from({ length: limits.proposersMax + 1 }, () => ({ name: 'a' }))
			},
			[{ field: 'proposers', code: 'tooMany' }]
		]
	])('refuses %s', (_, input, errors) => {
		expect(errorsOf(input)).toEqual(errors);
	});

	it('reports every bad field at once', () => {
		expect(errorsOf({ title: '', sector: 'x', fundingSource: 'y', rt: -1 })).toEqual([
			{ field: 'title', code: 'empty' },
			{ field: 'rt', code: 'outOfRange' },
			{ field: 'sector', code: 'unknownSector' },
			{ field: 'fundingSource', code: 'unknownValue' }
		]);
	});
});

describe('proposerInputSchema', () => {
	it('refuses a proposer that is not an object', () => {
		const r = proposerInputSchema.safeParse('Bu Siti');
		expect(r.success ? [] : toFieldErrors(r.error, 'proposer')).toEqual([
			{ field: 'proposer', code: 'wrongType' }
		]);
	});
});

describe('lengths are counted as readBoard counts them (UTF-16 units)', () => {
	it('refuses a title of emoji that readBoard would later call too long', () => {
		const emoji = '🌾'.repeat(limits.titleMax / 2 + 1); // one unit over the limit
		const result = itemInputSchema(SECTORS).safeParse({
			title: emoji,
			sector: SECTORS[0],
			fundingSource: 'swadaya'
		});
		expect(result.success).toBe(false);
		if (!result.success) {
			expect(toFieldErrors(result.error)).toContainEqual({ field: 'title', code: 'tooLong' });
		}
		const fits = itemInputSchema(SECTORS).safeParse({
			title: '🌾'.repeat(limits.titleMax / 2),
			sector: SECTORS[0],
			fundingSource: 'swadaya'
		});
		expect(fits.success).toBe(true);
	});
});
