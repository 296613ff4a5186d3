import { error, fail } from '@sveltejs/kit';
import {
	mergeAfterConflict,
	openedValues,
	valuesFromForm,
	valuesFromItem
} from '$lib/components/plans/form-values';
import { parseProgressForm } from '$lib/domain/plans/input';
import {
	itemIsLate,
	itemTakesProgress,
	nextItemStatuses,
	planIsEditable,
	planTakesProgress,
	todayInWib
} from '$lib/domain/plans/model';
import { readForm } from '$lib/server/http/form';
import { PlanServiceError } from '$lib/server/plans/errors';
import { planItemDetail } from '$lib/server/plans/queries';
import {
	addProgress,
	carryOverPlanItem,
	setPlanItemStatus,
	updatePlanItem
} from '$lib/server/plans/service';
import { m } from '$lib/paraglide/messages';
import {
	database,
	editorOf,
	fieldMessages,
	parseItemForm,
	refusal,
	sectorsOf,
	textOf,
	viewerOf,
	type Locals
} from '../../shared';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const db = await database();
	const detail = await planItemDetail(db, params.itemId);
	if (!detail) error(404, m.plan_error_not_found());
	const { plan, item } = detail;
	const { canEdit } = viewerOf(locals, plan.kelurahanId);
	const sectors = await sectorsOf(db, plan.kelurahanId);
	const today = todayInWib();
	const carried = item.carriedOverAt !== null;
	return {
		plan: { id: plan.id, title: plan.title, year: plan.year, status: plan.status },
		item,
		funding: detail.funding,
		progress: detail.progress,
		decisions: detail.decisions,
		sectors,
		canEdit,
		editable: planIsEditable(plan.status),
		nextStatuses: carried ? [] : [...nextItemStatuses(item.status)],
		canCarryOver: !carried && item.status !== 'done',
		takesProgress: planTakesProgress(plan.status) && itemTakesProgress(item),
		late: itemIsLate(item, today),
		today,
		values: valuesFromItem(item, detail.funding),
		created: url.searchParams.has('created')
	};
};

/** The item with its plan, and whether the actor may write it (403 / 404 before any input). */
async function editor(locals: Locals, itemId: string) {
	const db = await database();
	const detail = await planItemDetail(db, itemId);
	return { db, detail, who: editorOf(locals, detail?.plan.kelurahanId ?? null) };
}

function failed(form: 'update' | 'status' | 'carry' | 'progress', e: unknown, body?: FormData) {
	const { status, message } = refusal(e);
	const fields = e instanceof PlanServiceError ? (e.details.fields ?? []) : [];
	return fail(status, {
		form,
		message,
		errors: fieldMessages(fields, body),
		values: body ? valuesFromForm(body) : {}
	});
}

export const actions: Actions = {
	/** The item's fields; refused when someone else saved since the form was opened. */
	update: async ({ request, locals, params }) => {
		const { db, detail, who } = await editor(locals, params.itemId);
		if (!who.ok) return fail(who.status, { form: 'update' as const, message: who.message });
		const body = await readForm(request);
		if (!body) return fail(400, { form: 'update' as const, message: m.plan_error_summary() });
		const values = valuesFromForm(body);
		const version = Number(textOf(body, 'version'));
		const sectors = await sectorsOf(db, detail!.plan.kelurahanId);
		const parsed = parseItemForm(
			body,
			sectors.map((s) => s.code)
		);
		if (!parsed.ok) {
			return fail(400, {
				form: 'update' as const,
				message: m.plan_error_summary(),
				errors: fieldMessages(parsed.errors, body),
				values
			});
		}
		try {
			await updatePlanItem(db, who.actor, params.itemId, { version, item: parsed.value });
		} catch (e) {
			if (e instanceof PlanServiceError && e.code === 'conflict') {
				// What is stored now, so the page can show what the other person changed.
				const now = await planItemDetail(db, params.itemId);
				if (!now) return failed('update', new PlanServiceError('not_found'), body);
				const current = valuesFromItem(now.item, now.funding);
				const opened = openedValues(body);
				return fail(409, {
					form: 'update' as const,
					message: m.plan_error_conflict(),
					errors: {},
					values: opened ? mergeAfterConflict(values, opened, current) : values,
					conflict: { version: now.item.version, current, opened, yours: values }
				});
			}
			return failed('update', e, body);
		}
		return { form: 'update' as const, done: m.plan_done_item_updated() };
	},

	/** Planned / in progress / done / cancelled (with a reason). */
	status: async ({ request, locals, params }) => {
		const { db, who } = await editor(locals, params.itemId);
		if (!who.ok) return fail(who.status, { form: 'status' as const, message: who.message });
		const body = await readForm(request);
		if (!body) return fail(400, { form: 'status' as const, message: m.plan_error_summary() });
		const to = textOf(body, 'to');
		try {
			await setPlanItemStatus(db, who.actor, params.itemId, {
				status: to,
				...(to === 'cancelled' ? { reason: textOf(body, 'reason') } : {})
			});
		} catch (e) {
			return failed('status', e, body);
		}
		return { form: 'status' as const, done: m.plan_done_status() };
	},

	/** Not funded this year: carried over to the next year's plan, with a reason. */
	carry: async ({ request, locals, params }) => {
		const { db, who } = await editor(locals, params.itemId);
		if (!who.ok) return fail(who.status, { form: 'carry' as const, message: who.message });
		const body = await readForm(request);
		if (!body) return fail(400, { form: 'carry' as const, message: m.plan_error_summary() });
		try {
			await carryOverPlanItem(db, who.actor, params.itemId, { reason: textOf(body, 'reason') });
		} catch (e) {
			return failed('carry', e, body);
		}
		return { form: 'carry' as const, done: m.plan_done_carried() };
	},

	/** A progress report: date, percent, money spent so far, indicator value, note. */
	progress: async ({ request, locals, params }) => {
		const { db, who } = await editor(locals, params.itemId);
		if (!who.ok) return fail(who.status, { form: 'progress' as const, message: who.message });
		const body = await readForm(request);
		if (!body) return fail(400, { form: 'progress' as const, message: m.plan_error_summary() });
		const parsed = parseProgressForm(body);
		if (!parsed.ok) {
			return fail(400, {
				form: 'progress' as const,
				message: m.plan_error_summary(),
				errors: fieldMessages(parsed.errors),
				values: valuesFromForm(body)
			});
		}
		try {
			await addProgress(db, who.actor, params.itemId, parsed.value);
		} catch (e) {
			return failed('progress', e, body);
		}
		return { form: 'progress' as const, done: m.plan_done_progress() };
	}
};
