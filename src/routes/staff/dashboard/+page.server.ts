import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { todayInWib } from '$lib/domain/plans/model';
import { m } from '$lib/paraglide/messages';
import { actorOf } from '$lib/server/http/actor';
import { planDashboard } from '$lib/server/plans/dashboard';
import { canViewPlans } from '$lib/server/plans/policy';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/** `?year=2027` from the year select; anything else is ignored (with a notice). */
const yearParam = z.coerce.number().int().min(2000).max(2100);

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = actorOf(locals);
	const kelurahanId = locals.user?.kelurahanId ?? null;
	// An admin account without a kelurahan has no plans of its own to sum up.
	if (kelurahanId === null)
		return { dashboard: null, today: todayInWib(), askedYear: null, badYear: false };
	if (!canViewPlans(actor, kelurahanId)) error(404, m.error_not_found_text());

	const raw = url.searchParams.get('year');
	const parsed = raw === null || raw.trim() === '' ? null : yearParam.safeParse(raw.trim());
	const today = todayInWib();
	const askedYear = parsed?.success ? parsed.data : null;
	const dashboard = await planDashboard((await getRuntime()).database.db, kelurahanId, {
		year: askedYear,
		today
	});
	return { dashboard, today, askedYear, badYear: parsed !== null && !parsed.success };
};
