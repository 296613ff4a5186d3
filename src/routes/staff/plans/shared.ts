/**
 * What the plan pages' loads and actions share: who is looking and what they may do, the
 * kelurahan's sectors (strategy areas first), and the services' refusals as a status and a
 * sentence, with field errors translated next to their inputs.
 */
import { error, fail } from '@sveltejs/kit';
import { fundingTotals } from '$lib/components/plans/form-values';
import { planErrorText } from '$lib/components/plans/labels';
import {
	parsePlanForm,
	parsePlanItemForm,
	type FormLike,
	type PlanInputError
} from '$lib/domain/plans/input';
import { strategySectorCodes } from '$lib/domain/plans/model';
import type { StaffActor } from '$lib/server/auth/policy';
import type { SessionUser } from '$lib/server/auth/session';
import type { Queryable } from '$lib/server/db/client';
import { actorOf } from '$lib/server/http/actor';
import { readForm } from '$lib/server/http/form';
import { meetingFormOptions } from '$lib/server/kelurahan/queries';
import { PlanServiceError } from '$lib/server/plans/errors';
import { canEditPlans, canViewPlans } from '$lib/server/plans/policy';
import { getRuntime } from '$lib/server/runtime';
import { m } from '$lib/paraglide/messages';

export type Locals = { user: SessionUser | null };

export async function database() {
	return (await getRuntime()).database.db;
}

/** The viewer of a kelurahan's plans, or a 404: another kelurahan's plans are not ours to know. */
export function viewerOf(locals: Locals, kelurahanId: string | null) {
	const actor = actorOf(locals);
	if (!kelurahanId || !canViewPlans(actor, kelurahanId)) error(404, m.plan_error_not_found());
	return { actor, canEdit: canEditPlans(actor, kelurahanId) };
}

export type Sector = { code: string; nameId: string; nameEn: string; strategy: boolean };

/** The kelurahan's sectors, the three strategy areas first (in the study's order). */
export async function sectorsOf(db: Queryable, kelurahanId: string): Promise<Sector[]> {
	const { sectors } = await meetingFormOptions(db, kelurahanId);
	const rank = (code: string) => {
		const i = (strategySectorCodes as readonly string[]).indexOf(code);
		return i < 0 ? strategySectorCodes.length : i;
	};
	return sectors
		.map((s, i) => ({ s, i }))
		.sort((a, b) => rank(a.s.code) - rank(b.s.code) || a.i - b.i)
		.map(({ s }) => ({ ...s, strategy: rank(s.code) < strategySectorCodes.length }));
}

/** Field errors as sentences, the first per field; a budget mismatch names both amounts. */
export function fieldMessages(errors: PlanInputError[], form?: FormLike): Record<string, string> {
	const out: Record<string, string> = {};
	for (const e of errors) {
		let totals: { sum: number; budget: number } | undefined;
		if (e.code === 'budget_mismatch' && form) {
			const t = fundingTotals(form);
			if (!t.unreadable) totals = { sum: t.sum, budget: t.budget ?? 0 };
		}
		out[e.field] ??= planErrorText(e.field, e.code, totals);
	}
	return out;
}

/** The item form read against the kelurahan's sectors. */
export function parseItemForm(body: FormData, sectorCodes: string[]) {
	return parsePlanItemForm(body, sectorCodes);
}

/** A service refusal as the status to answer with and a sentence for the page. */
export function refusal(e: unknown): { status: number; message: string } {
	if (!(e instanceof PlanServiceError)) throw e;
	switch (e.code) {
		case 'forbidden':
			return { status: 403, message: m.plan_error_forbidden() };
		case 'not_found':
			return { status: 404, message: m.plan_error_not_found() };
		case 'conflict':
			return { status: 409, message: m.plan_error_conflict() };
		case 'plan_closed':
			return { status: 409, message: m.plan_error_plan_closed() };
		case 'bad_transition':
			return { status: 409, message: m.plan_error_bad_transition() };
		case 'no_progress':
			return { status: 409, message: m.plan_error_no_progress() };
		case 'decision_unavailable':
			return { status: 409, message: m.plan_error_decision_unavailable() };
		case 'duplicate_title':
			return { status: 400, message: m.plan_error_duplicate_title() };
		case 'invalid':
			return { status: 400, message: m.plan_error_summary() };
	}
}

/** The actor, refused with 403 / 404 before any input is read when they may not write. */
export function editorOf(locals: Locals, kelurahanId: string | null) {
	const actor = actorOf(locals);
	if (!kelurahanId || !canViewPlans(actor, kelurahanId)) {
		return { ok: false as const, status: 404, message: m.plan_error_not_found() };
	}
	if (!canEditPlans(actor, kelurahanId)) {
		return { ok: false as const, status: 403, message: m.plan_error_forbidden() };
	}
	return { ok: true as const, actor: actor as StaffActor };
}

/** A form field as text ('' when absent or a file). */
export function textOf(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

type PlanFormValue = Extract<ReturnType<typeof parsePlanForm>, { ok: true }>['value'];

/**
 * The plan form (title, year, note) of `create` and `update`: who may write, what was sent, then
 * `save`. Refusals come back with what was typed; a duplicate title is named at the title field.
 * `save` may redirect: anything that is not a service refusal passes through.
 */
export async function savePlanForm<F extends string, R>(
	form: F,
	who: ReturnType<typeof editorOf>,
	request: Request,
	save: (actor: StaffActor, value: PlanFormValue) => Promise<R>
) {
	if (!who.ok) return fail(who.status, { form, message: who.message });
	const body = await readForm(request);
	if (!body) return fail(400, { form, message: m.plan_error_summary() });
	const values = {
		title: textOf(body, 'title'),
		year: textOf(body, 'year'),
		note: textOf(body, 'note')
	};
	const parsed = parsePlanForm(body);
	if (!parsed.ok) {
		return fail(400, {
			form,
			message: m.plan_error_summary(),
			errors: fieldMessages(parsed.errors),
			values
		});
	}
	try {
		return await save(who.actor, parsed.value);
	} catch (e) {
		const { status, message } = refusal(e);
		const errors =
			e instanceof PlanServiceError && e.code === 'duplicate_title'
				? { title: m.plan_error_duplicate_title() }
				: e instanceof PlanServiceError
					? fieldMessages(e.details.fields ?? [])
					: {};
		return fail(status, { form, message, errors, values });
	}
}
