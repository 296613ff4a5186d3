/**
 * A short text that is equal for two tallies exactly when their turnout and their counts per
 * option (or per answer, for yes / no) are equal. The phones compute it from the live doc, the
 * bench from the staff API's final `GET /api/v1/votes/<id>`, and the two are compared.
 */

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

const totalOf = (count: unknown): number | null =>
	isObject(count) && typeof count.total === 'number' ? count.total : null;

/**
 * The result of a tally: a `TallyResult` itself (the live doc), or the `result` inside a
 * `VoteTally` (what the API may return). null when neither.
 */
export function resultOf(tally: unknown): Record<string, unknown> | null {
	if (!isObject(tally)) return null;
	if (typeof tally.method === 'string') return tally;
	return isObject(tally.result) && typeof tally.result.method === 'string' ? tally.result : null;
}

export function turnoutOf(tally: unknown): number | null {
	return totalOf(resultOf(tally)?.turnout);
}

export function tallyKey(tally: unknown): string {
	const result = resultOf(tally);
	if (!result) return 'hidden';
	const parts = [`turnout=${totalOf(result.turnout)}`];
	if (Array.isArray(result.options)) {
		for (const o of result.options as unknown[]) {
			if (isObject(o)) parts.push(`${String(o.optionId)}=${totalOf(o)}`);
		}
	}
	if (isObject(result.answers)) {
		for (const [answer, count] of Object.entries(result.answers)) {
			parts.push(`${answer}=${totalOf(count)}`);
		}
	}
	return parts.join(' ');
}
