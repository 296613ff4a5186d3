import { error, fail, redirect } from '@sveltejs/kit';
import { valuesFromDraft, valuesFromForm } from '$lib/components/plans/form-values';
import { isUuid } from '$lib/domain/ids';
import { reasonSchema } from '$lib/domain/plans/input';
import { planIsEditable } from '$lib/domain/plans/model';
import { readForm } from '$lib/server/http/form';
import { PlanServiceError } from '$lib/server/plans/errors';
import { decisionInbox, itemDraftFromDecisions, planDetail } from '$lib/server/plans/queries';
import { createPlanItem } from '$lib/server/plans/service';
import { m } from '$lib/paraglide/messages';
import {
	database,
	editorOf,
	fieldMessages,
	parseItemForm,
	refusal,
	sectorsOf,
	viewerOf
} from '../../../shared';
import type { Actions, PageServerLoad } from './$types';

/** `?decisions=<id>,<id>` (repeated `decisions=` works too). */
function decisionIdsOf(url: URL): string[] {
	const ids = url.searchParams.getAll('decisions').flatMap((v) => v.split(','));
	return [...new Set(ids.map((s) => s.trim()).filter(isUuid))].slice(0, 20);
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const db = await database();
	const detail = await planDetail(db, params.planId);
	if (!detail) error(404, m.plan_error_not_found());
	const { plan } = detail;
	const { canEdit } = viewerOf(locals, plan.kelurahanId);
	const ids = decisionIdsOf(url);
	const [{ decisions, draft }, inbox, sectors] = await Promise.all([
		itemDraftFromDecisions(db, plan.kelurahanId, ids),
		decisionInbox(db, plan.kelurahanId),
		sectorsOf(db, plan.kelurahanId)
	]);
	// A decision planned since it was ticked (or replaced) cannot go into a second item.
	const open = new Set(inbox.map((d) => d.id));
	return {
		plan: { id: plan.id, title: plan.title, year: plan.year, status: plan.status },
		canEdit,
		editable: planIsEditable(plan.status),
		decisions: decisions.map((d) => ({ ...d, available: open.has(d.id) })),
		values: valuesFromDraft(
			draft,
			sectors.map((s) => s.code)
		),
		sectors
	};
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const db = await database();
		const detail = await planDetail(db, params.planId);
		const who = editorOf(locals, detail?.plan.kelurahanId ?? null);
		if (!who.ok) return fail(who.status, { message: who.message });
		const kelurahanId = detail!.plan.kelurahanId;
		const body = await readForm(request);
		if (!body) return fail(400, { message: m.plan_error_summary() });
		const values = valuesFromForm(body);
		const decisionIds = body.getAll('decisionId').filter((v): v is string => typeof v === 'string');
		const sectors = await sectorsOf(db, kelurahanId);
		const parsed = parseItemForm(
			body,
			sectors.map((s) => s.code)
		);
		const carryOver = values.carryOver === 'on';
		const errors = parsed.ok ? {} : fieldMessages(parsed.errors, body);
		if (carryOver && !reasonSchema.safeParse(values.carryOverReason ?? '').success) {
			errors.carryOverReason = fieldMessages([
				{ field: 'carryOverReason', code: 'too_short' }
			]).carryOverReason;
		}
		if (!parsed.ok || Object.keys(errors).length > 0) {
			return fail(400, { message: m.plan_error_summary(), errors, values });
		}
		let itemId: string;
		try {
			const item = await createPlanItem(db, who.actor, params.planId, {
				decisionIds,
				item: parsed.value,
				...(carryOver ? { carryOverReason: values.carryOverReason } : {})
			});
			itemId = item.id;
		} catch (e) {
			const { status, message } = refusal(e);
			const fields = e instanceof PlanServiceError ? (e.details.fields ?? []) : [];
			// No decision came with the form (it was opened without any): say so, not "fix a field".
			const noDecisions = fields.some((f) => f.field === 'decisionIds');
			return fail(status, {
				message: noDecisions ? m.plan_new_no_decisions() : message,
				errors: fieldMessages(
					fields.filter((f) => f.field !== 'decisionIds'),
					body
				),
				values
			});
		}
		redirect(303, `/staff/plans/items/${itemId}?created=1`);
	}
};
