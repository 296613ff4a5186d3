import { error, fail } from '@sveltejs/kit';
import {
	itemIsLate,
	nextPlanStatuses,
	planFundingSources,
	planIsEditable,
	todayInWib,
	type PlanFundingSource
} from '$lib/domain/plans/model';
import { readForm } from '$lib/server/http/form';
import { isFunded, planDetail } from '$lib/server/plans/queries';
import { setPlanStatus, updatePlan } from '$lib/server/plans/service';
import { m } from '$lib/paraglide/messages';
import {
	database,
	editorOf,
	refusal,
	savePlanForm,
	sectorsOf,
	textOf,
	viewerOf,
	type Locals
} from '../shared';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const db = await database();
	const detail = await planDetail(db, params.planId);
	if (!detail) error(404, m.plan_error_not_found());
	const { canEdit } = viewerOf(locals, detail.plan.kelurahanId);
	const sectors = await sectorsOf(db, detail.plan.kelurahanId);
	const today = todayInWib();
	const items = detail.items.map((i) => ({
		item: i.item,
		funding: i.funding,
		latest: i.latest && { percent: i.latest.percent, reportedOn: i.latest.reportedOn },
		decisions: i.decisions.map((d) => ({
			id: d.id,
			meetingTitle: d.meeting.title,
			title: d.usulan?.title ?? d.option?.label ?? ''
		})),
		funded: isFunded(i.item),
		late: itemIsLate(i.item, today)
	}));
	const funded = items.filter((i) => i.funded);
	const bySource = Object.fromEntries(
		planFundingSources.map((s) => [s, funded.reduce((a, i) => a + (i.funding[s] ?? 0), 0)])
	) as Record<PlanFundingSource, number>;
	return {
		plan: detail.plan,
		canEdit,
		editable: planIsEditable(detail.plan.status),
		nextStatuses: [...nextPlanStatuses(detail.plan.status)],
		sectors,
		items,
		totals: {
			bySource,
			budget: funded.reduce((a, i) => a + i.item.budget, 0),
			progress: funded.length
				? Math.round(funded.reduce((a, i) => a + (i.latest?.percent ?? 0), 0) / funded.length)
				: null,
			late: items.filter((i) => i.late).length
		}
	};
};

/** The plan's kelurahan, and whether the actor may write it (403 / 404 answered before input). */
async function editor(locals: Locals, planId: string) {
	const db = await database();
	const detail = await planDetail(db, planId);
	return { db, who: editorOf(locals, detail?.plan.kelurahanId ?? null) };
}

export const actions: Actions = {
	/** Title, year and note. */
	update: async ({ request, locals, params }) => {
		const { db, who } = await editor(locals, params.planId);
		return savePlanForm('update', who, request, async (actor, value) => {
			await updatePlan(db, actor, params.planId, value);
			return { form: 'update' as const, done: m.plan_done_updated() };
		});
	},

	/** A step of the plan's life; approving and closing are confirmed first. */
	status: async ({ request, locals, params }) => {
		const { db, who } = await editor(locals, params.planId);
		if (!who.ok) return fail(who.status, { form: 'status' as const, message: who.message });
		const body = await readForm(request);
		const to = body ? textOf(body, 'to') : '';
		// The page asks before these two (planStepConfirm); a request that skipped it is refused.
		if (
			(to === 'approved' || to === 'closed') &&
			textOf(body ?? new FormData(), 'confirm') !== 'yes'
		) {
			return fail(400, { form: 'status' as const, message: m.plan_error_confirm() });
		}
		try {
			await setPlanStatus(db, who.actor, params.planId, to);
		} catch (e) {
			const { status, message } = refusal(e);
			return fail(status, { form: 'status' as const, message });
		}
		return { form: 'status' as const, done: m.plan_done_status() };
	}
};
