import { fail, redirect } from '@sveltejs/kit';
import { isUuid } from '$lib/domain/ids';
import { todayInWib } from '$lib/domain/plans/model';
import { readForm } from '$lib/server/http/form';
import { createPlan } from '$lib/server/plans/service';
import { decisionInbox, listPlans, type InboxEntry } from '$lib/server/plans/queries';
import { m } from '$lib/paraglide/messages';
import {
	database,
	editorOf,
	savePlanForm,
	sectorsOf,
	textOf,
	viewerOf,
	type Locals
} from './shared';
import type { Actions, PageServerLoad } from './$types';

/** The inbox grouped by meeting, newest meeting first (the query's order). */
function byMeeting(entries: InboxEntry[]) {
	const groups: { meeting: InboxEntry['meeting']; entries: InboxEntry[] }[] = [];
	for (const e of entries) {
		const last = groups.at(-1);
		if (last && last.meeting.id === e.meeting.id) last.entries.push(e);
		else groups.push({ meeting: e.meeting, entries: [e] });
	}
	return groups;
}

export const load: PageServerLoad = async ({ locals }) => {
	const kelurahanId = locals.user?.kelurahanId ?? null;
	const { canEdit } = viewerOf(locals, kelurahanId);
	const db = await database();
	const [plans, inbox, sectors] = await Promise.all([
		listPlans(db, kelurahanId!),
		decisionInbox(db, kelurahanId!),
		sectorsOf(db, kelurahanId!)
	]);
	return {
		canEdit,
		plans,
		inbox: byMeeting(inbox),
		inboxCount: inbox.length,
		sectors,
		// Plans are made the year before they run: the next budget year by default.
		nextYear: Number(todayInWib().slice(0, 4)) + 1
	};
};

async function editor(locals: Locals) {
	return editorOf(locals, locals.user?.kelurahanId ?? null);
}

export const actions: Actions = {
	/** "Buat rencana": a new plan, then its page. */
	create: async ({ request, locals }) =>
		savePlanForm('create', await editor(locals), request, async (actor, value) => {
			const { id } = await createPlan(await database(), actor, value);
			redirect(303, `/staff/plans/${id}`);
		}),

	/** The inbox's "Buat butir rencana": the chosen decisions go to the item form of a plan. */
	pick: async ({ request, locals }) => {
		const who = await editor(locals);
		if (!who.ok) return fail(who.status, { form: 'pick' as const, message: who.message });
		const body = await readForm(request);
		if (!body) return fail(400, { form: 'pick' as const, message: m.plan_error_summary() });
		const decisionIds = [
			...new Set(body.getAll('decisionId').filter((v): v is string => isUuid(v)))
		];
		const planId = textOf(body, 'planId');
		const errors: Record<string, string> = {};
		if (decisionIds.length === 0) errors.decisionId = m.plan_pick_error_none();
		else if (decisionIds.length > 20) errors.decisionId = m.plan_pick_error_too_many();
		if (!isUuid(planId)) errors.planId = m.plan_pick_error_plan();
		if (Object.keys(errors).length > 0) {
			return fail(400, {
				form: 'pick' as const,
				message: Object.values(errors).join(' '),
				errors,
				values: { decisionIds, planId }
			});
		}
		redirect(303, `/staff/plans/${planId}/items/new?decisions=${decisionIds.join(',')}`);
	}
};
