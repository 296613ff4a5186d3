import { describe, expect, it } from 'vitest';
import { ballotProblem, criterionLabel } from './labels.ts';

const labelOf = (id: string) => ({ a: 'Jalan RT 03' })[id] ?? id;
const criterionOf = (id: string) => criterionLabel({ id });

describe('ballotProblem', () => {
	it('names the usulan (and criterion) still waiting for a score', () => {
		expect(ballotProblem('missing_score', { optionId: 'a' }, labelOf, criterionOf)).toContain(
			'Jalan RT 03'
		);
		const text = ballotProblem(
			'missing_score',
			{ optionId: 'a', criterionId: 'urgency' },
			labelOf,
			criterionOf
		);
		expect(text).toContain('Jalan RT 03');
		expect(text).toContain(criterionLabel({ id: 'urgency' }));
	});

	it('gives both amounts when the choice is over the pagu', () => {
		const text = ballotProblem(
			'over_budget',
			{ max: 300_000, total: 350_000 },
			labelOf,
			criterionOf
		);
		expect(text).toContain('Rp 350.000');
		expect(text).toContain('Rp 300.000');
	});
});

describe('criterionLabel', () => {
	it("prefers the facilitator's own name, then a known code's name, then the code", () => {
		expect(criterionLabel({ id: 'urgency', label: 'Sangat mendesak' })).toBe('Sangat mendesak');
		expect(criterionLabel({ id: 'urgency' })).not.toBe('urgency');
		expect(criterionLabel({ id: 'kebersihan' })).toBe('kebersihan');
	});
});
