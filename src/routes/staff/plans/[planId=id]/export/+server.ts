import { error } from '@sveltejs/kit';
import { planItemsSheet, sectorNamesOf } from '$lib/server/exports/plan-sheet';
import { contentTypes, meetingSlug } from '$lib/server/exports/request';
import { toCsv, toXlsx } from '$lib/server/exports/sheet';
import { actorOf } from '$lib/server/http/actor';
import { canViewPlans } from '$lib/server/plans/policy';
import { planDetail } from '$lib/server/plans/queries';
import { getRuntime } from '$lib/server/runtime';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/**
 * A plan's items with their progress as `?format=csv` or `?format=xlsx`. Any staff account of the
 * plan's kelurahan may download it (layout loads do not run for an endpoint: checked here).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = actorOf(locals);
	if (!actor) error(401, m.api_error_unauthenticated());
	const { database } = await getRuntime();
	const detail = await planDetail(database.db, params.planId);
	if (!detail || !canViewPlans(actor, detail.plan.kelurahanId))
		error(404, m.plan_error_not_found());
	const format = url.searchParams.get('format');
	if (format !== 'csv' && format !== 'xlsx') {
		return new Response(m.ex_error_plan_format(), {
			status: 400,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	const sheet = planItemsSheet(detail, await sectorNamesOf(database.db, detail.plan.kelurahanId));
	const body = format === 'csv' ? toCsv(sheet) : await toXlsx([sheet]);
	const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
	const name = `rencana-${meetingSlug(detail.plan.title)}.${format}`;
	return new Response(bytes, {
		headers: {
			'content-type': contentTypes[format],
			'content-disposition': `attachment; filename="${name}"`,
			'content-length': String(bytes.byteLength),
			'cache-control': 'private, no-store'
		}
	});
};
