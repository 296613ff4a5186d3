export interface Distribution {
	count: number;
	p50: number | null;
	p99: number | null;
	max: number | null;
}

/** Nearest-rank percentile of an ascending array; null when there is nothing to rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
	if (sorted.length === 0) return null;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function distribution(values: ArrayLike<number>): Distribution {
	const sorted = Float64Array.from(values).sort();
	return {
		count: sorted.length,
		p50: percentile(sorted, 50),
		p99: percentile(sorted, 99),
		max: sorted.length ? sorted[sorted.length - 1] : null
	};
}
