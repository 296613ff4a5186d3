import type { PlanInputError } from '../../domain/plans/input.ts';

export type PlanServiceErrorCode =
	| 'forbidden'
	| 'not_found'
	/** Input refused; `fields` says which and why. */
	| 'invalid'
	/** Someone else changed the item since it was opened (`version` differs). */
	| 'conflict'
	/** The plan is closed: nothing in it changes. */
	| 'plan_closed'
	/** That status does not follow the current one. */
	| 'bad_transition'
	/** Progress on an item that is cancelled or carried over, or in a draft plan. */
	| 'no_progress'
	/** A decision that is not agreed, was replaced, belongs elsewhere or is already planned. */
	| 'decision_unavailable'
	/** Another plan of the kelurahan already has that title. */
	| 'duplicate_title';

export class PlanServiceError extends Error {
	constructor(
		readonly code: PlanServiceErrorCode,
		readonly details: { fields?: PlanInputError[]; decisionIds?: string[] } = {}
	) {
		super(code);
		this.name = 'PlanServiceError';
	}
}
