/**
 * The plan model's fixed lists and the rules between them: which plan status may follow which,
 * which item status may follow which, and what an item may still do in each. Pure: the services
 * check these before writing, the pages use them to show only the buttons that will work.
 */

/** A plan's life: drafted, approved (e.g. in the RKP), carried out, closed. */
export const planStatuses = ['draft', 'approved', 'in_implementation', 'closed'] as const;
export type PlanStatus = (typeof planStatuses)[number];

/** An item's state; `cancelled` always has a reason. */
export const planItemStatuses = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type PlanItemStatus = (typeof planItemStatuses)[number];

/**
 * Who pays. Dana kelurahan comes from the city's APBD, so the two are one source here; the
 * board's sources (dana_kelurahan, swadaya, csr, lsm, lainnya) are a subset, so an usulan's
 * source carries over as it is.
 */
export const planFundingSources = [
	'dana_kelurahan',
	'swadaya',
	'csr',
	'lsm',
	'apbn',
	'lainnya'
] as const;
export type PlanFundingSource = (typeof planFundingSources)[number];

/** Who carries an item out, or takes part: kelurahan, NGO, private sector, a residents' group. */
export const responsibleKinds = ['kelurahan', 'lsm', 'swasta', 'kelompok_warga'] as const;
export type ResponsibleKind = (typeof responsibleKinds)[number];

export type Partner = { kind: ResponsibleKind; name: string };

/**
 * The strategy areas of the empowerment study the product grew from. They are sector codes of
 * every kelurahan's default list, so "strategy area" is one of the kelurahan's sectors.
 */
export const strategySectorCodes = ['pendidikan', 'ekonomi', 'partisipasi'] as const;

const planSteps: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
	draft: ['approved'],
	// Approved by mistake or sent back for changes.
	approved: ['draft', 'in_implementation'],
	in_implementation: ['closed'],
	// A closed plan can be reopened to correct a late report.
	closed: ['in_implementation']
};

/** The statuses a plan may move to from `from`. */
export function nextPlanStatuses(from: PlanStatus): readonly PlanStatus[] {
	return planSteps[from];
}

export function canMovePlan(from: PlanStatus, to: PlanStatus): boolean {
	return planSteps[from].includes(to);
}

/** Items can be added, edited and carried over until the plan is closed. */
export function planIsEditable(status: PlanStatus): boolean {
	return status !== 'closed';
}

/** Progress is reported once a plan is approved and until it closes. */
export function planTakesProgress(status: PlanStatus): boolean {
	return status === 'approved' || status === 'in_implementation';
}

const itemSteps: Readonly<Record<PlanItemStatus, readonly PlanItemStatus[]>> = {
	planned: ['in_progress', 'done', 'cancelled'],
	in_progress: ['planned', 'done', 'cancelled'],
	done: ['in_progress'],
	cancelled: ['planned']
};

export function nextItemStatuses(from: PlanItemStatus): readonly PlanItemStatus[] {
	return itemSteps[from];
}

export function canMoveItem(from: PlanItemStatus, to: PlanItemStatus): boolean {
	return itemSteps[from].includes(to);
}

/** An item carried over or cancelled takes no progress reports. */
export function itemTakesProgress(item: {
	status: PlanItemStatus;
	carriedOverAt: Date | null;
}): boolean {
	return item.carriedOverAt === null && item.status !== 'cancelled';
}

/**
 * An item is late when its end date has passed (in the kelurahan's calendar) and it is neither
 * done, cancelled nor carried over. Dates are `YYYY-MM-DD`.
 */
export function itemIsLate(
	item: { status: PlanItemStatus; endDate: string | null; carriedOverAt: Date | null },
	today: string
): boolean {
	if (item.endDate === null || item.carriedOverAt !== null) return false;
	if (item.status === 'done' || item.status === 'cancelled') return false;
	return item.endDate < today;
}

/** Today's date in WIB (UTC+7) as `YYYY-MM-DD`: the calendar kelurahan staff work by. */
export function todayInWib(now = new Date()): string {
	return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
