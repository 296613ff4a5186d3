/**
 * Form actions of the votes page (they work without JavaScript). They call the vote services
 * directly; refusals come back translated, next to the field they are about.
 */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import {
	electionOutcomes,
	MOTION,
	parseDecisionsForm,
	parseHybridCountForm,
	parsePriorityForm,
	parseVoteForm,
	serviceErrorField,
	type VoteFormError,
	type VoteFormSubject
} from '$lib/components/voting/vote-form';
import { finalOrder, priorityOutcomes, sameOrder } from '$lib/components/voting/staff/decisions';
import type { StaffCandidate } from '$lib/components/voting/staff/types';
import {
	includes,
	voteMethods,
	voteStatus,
	type TallyResult,
	type VoteMethod
} from '$lib/domain/votes';
import type { Queryable } from '$lib/server/db/client';
import { actorOf } from '$lib/server/http/actor';
import { readForm } from '$lib/server/http/form';
import { listParticipants } from '$lib/server/participants/queries';
import { getRuntime } from '$lib/server/runtime';
import { latestBoardVersion } from '$lib/server/usulan/queries';
import { voteWithOptions } from '$lib/server/votes/queries';
import { addHybridCount, closeVoteWithTally, recordDecisions } from '$lib/server/votes/record';
import { createVote, openVote, optionsOf, VoteServiceError } from '$lib/server/votes/service';
import { m } from '$lib/paraglide/messages';
import { countErrorText, voteFormErrorText } from './labels';

type Event = RequestEvent<{ meetingId: string }>;

/** Form values sent back so a refused form keeps what was typed (repeated inputs as lists). */
function valuesOf(body: FormData): Record<string, string | string[]> {
	const values: Record<string, string | string[]> = {};
	for (const [name, value] of body.entries()) {
		if (typeof value !== 'string') continue;
		const had = values[name];
		values[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
	}
	return values;
}

function fieldMessages(
	errors: VoteFormError[],
	optionTitle: (id: string) => string | undefined = () => undefined
): Record<string, string> {
	const out: Record<string, string> = {};
	for (const e of errors) {
		// The first refusal of a field is the one to fix first.
		out[e.field] ??= voteFormErrorText(e.code, e.optionId && optionTitle(e.optionId));
	}
	return out;
}

/** The status and message of a service refusal that is not about one field. */
function refusal(e: unknown): { status: number; message: string } {
	if (!(e instanceof VoteServiceError)) throw e;
	switch (e.code) {
		case 'not_found':
			return { status: 404, message: m.votes_error_not_found() };
		case 'forbidden':
			return { status: 403, message: m.votes_error_forbidden() };
		case 'not_open':
			return { status: 409, message: m.votes_error_not_open() };
		case 'closed':
			return { status: 409, message: m.votes_error_closed() };
		case 'not_closed':
			return { status: 409, message: m.votes_decide_not_closed() };
		case 'no_final_list':
			return { status: 409, message: m.vote_form_error_no_final_list() };
		case 'already_planned':
			return { status: 409, message: m.votes_decide_already_planned() };
		default:
			return { status: 400, message: m.votes_error_invalid() };
	}
}

/**
 * Who can stand in a delegate election: the meeting's participants (not removed, not merged
 * duplicates), verified ones first, then in the order they joined.
 */
export async function candidatesOf(db: Queryable, meetingId: string): Promise<StaffCandidate[]> {
	const people = await listParticipants(db, meetingId);
	return people
		.filter((p) => p.status === 'active')
		.map((p) => ({
			id: p.id,
			displayName: p.displayName,
			rt: p.rt,
			rw: p.rw,
			verified: p.verified
		}))
		.sort((a, b) => Number(b.verified) - Number(a.verified));
}

const voteIdOf = (body: FormData) => {
	const id = body.get('voteId');
	return typeof id === 'string' ? id : '';
};

async function create({ request, locals, params }: Event) {
	const body = await readForm(request);
	if (!body) return fail(400, { form: 'create', message: m.votes_error_invalid(), errors: {} });
	const values = valuesOf(body);
	const runtime = await getRuntime();
	const db = runtime.database.db;
	const [latest, candidates] = await Promise.all([
		latestBoardVersion(db, params.meetingId),
		candidatesOf(db, params.meetingId)
	]);
	const list = latest?.usulan ?? [];
	const titleOf = (id: string) => list.find((u) => u.id === id)?.title;
	const parsed = parseVoteForm(body, { usulan: list, candidates });
	if (!parsed.ok) {
		return fail(400, {
			form: 'create',
			message: m.vote_form_error_summary(),
			errors: fieldMessages(parsed.errors, titleOf),
			values
		});
	}
	let voteId: string;
	try {
		const created = await createVote(db, actorOf(locals), {
			meetingId: params.meetingId,
			vote: parsed.vote
		});
		voteId = created.vote.id;
	} catch (e) {
		if (e instanceof VoteServiceError && e.code === 'invalid') {
			const method = parsed.vote.settings.method;
			const subject: VoteFormSubject = parsed.vote.subject;
			const errors = (e.details.fields ?? []).map((f) => ({
				field: serviceErrorField(f.field, method, subject),
				code: f.code as VoteFormError['code']
			}));
			return fail(400, {
				form: 'create',
				message: m.vote_form_error_summary(),
				errors: fieldMessages(errors, titleOf),
				values
			});
		}
		const { status, message } = refusal(e);
		return fail(status, { form: 'create', message, errors: {}, values });
	}
	redirect(303, `/staff/meetings/${params.meetingId}/votes?created=${voteId}#vote-${voteId}`);
}

/** Opens a draft, or reopens a closed vote with a fresh timer. */
async function open({ request, locals }: Event) {
	const body = await readForm(request);
	const voteId = body ? voteIdOf(body) : '';
	const runtime = await getRuntime();
	try {
		await openVote(runtime.database.db, actorOf(locals), { voteId });
	} catch (e) {
		const { status, message } = refusal(e);
		return fail(status, { form: 'status', voteId, message });
	}
	return { form: 'status', voteId, done: 'opened' as const };
}

/** Closes a vote now and stores its final tally (also used by the console's close button). */
export async function closeVoteAction({ request, locals }: Event) {
	const body = await readForm(request);
	const voteId = body ? voteIdOf(body) : '';
	const runtime = await getRuntime();
	try {
		await closeVoteWithTally(runtime.database.db, actorOf(locals), { voteId });
	} catch (e) {
		const { status, message } = refusal(e);
		// Closing refuses `not_open` for a draft, not for the meeting's phase.
		const text =
			e instanceof VoteServiceError && e.code === 'not_open' ? m.votes_error_draft() : message;
		return fail(status, { form: 'status', voteId, message: text });
	}
	return { form: 'status', voteId, done: 'closed' as const };
}

async function methodAndOptions(voteId: string) {
	const runtime = await getRuntime();
	const db = runtime.database.db;
	const options = await optionsOf(db, voteId).catch(() => []);
	return { db, options };
}

async function hybrid({ request, locals }: Event) {
	const body = await readForm(request);
	if (!body) return fail(400, { form: 'hybrid', voteId: '', message: m.votes_error_invalid() });
	const voteId = voteIdOf(body);
	const values = valuesOf(body);
	const method = body.get('method');
	if (!includes(voteMethods, method))
		return fail(400, { form: 'hybrid', voteId, message: m.votes_error_invalid(), values });
	const { db, options } = await methodAndOptions(voteId);
	const parsed = parseHybridCountForm(
		body,
		method as VoteMethod,
		options.map((o) => o.id)
	);
	if (!parsed.ok) {
		return fail(400, {
			form: 'hybrid',
			voteId,
			message: m.vote_form_error_summary(),
			errors: fieldMessages(parsed.errors),
			values
		});
	}
	try {
		await addHybridCount(db, actorOf(locals), { voteId, ...parsed.value });
	} catch (e) {
		if (e instanceof VoteServiceError && e.code === 'invalid') {
			const field = e.details.fields?.[0];
			const message =
				field?.field === 'note' ? m.vote_form_error_too_long() : countErrorText(field?.code ?? '');
			return fail(400, { form: 'hybrid', voteId, message, values });
		}
		const { status, message } = refusal(e);
		return fail(status, { form: 'hybrid', voteId, message, values });
	}
	return { form: 'hybrid', voteId, done: true };
}

async function decide({ request, locals }: Event) {
	const body = await readForm(request);
	if (!body) return fail(400, { form: 'decide', voteId: '', message: m.votes_error_invalid() });
	const voteId = voteIdOf(body);
	const values = valuesOf(body);
	const runtime = await getRuntime();
	const db = runtime.database.db;
	const found = await voteWithOptions(db, voteId);
	const options = found?.options ?? [];
	// A delegate election decides per candidate, elected or not; nothing on a motion.
	const election = found?.vote.subject === 'candidates';
	const parsed = election
		? parseDecisionsForm(
				body,
				options.map((o) => o.id),
				electionOutcomes
			)
		: parseDecisionsForm(body, [MOTION, ...options.map((o) => o.id)]);
	if (!parsed.ok) {
		const errors = fieldMessages(parsed.errors);
		const none = election ? m.votes_elect_none() : m.votes_decide_none();
		return fail(400, {
			form: 'decide',
			voteId,
			message: errors.outcomes ? none : m.vote_form_error_summary(),
			errors,
			values
		});
	}
	try {
		await recordDecisions(db, actorOf(locals), { voteId, decisions: parsed.value });
	} catch (e) {
		const { status, message } = refusal(e);
		return fail(status, {
			form: 'decide',
			voteId,
			message: status === 409 ? m.votes_decide_not_closed() : message,
			values
		});
	}
	return { form: 'decide', voteId, done: true };
}

/**
 * Confirms a closed vote's ranked list as the meeting's priority order: one decision per option,
 * ranked as the stored final tally orders them (see decisions.ts). The order the page showed is
 * sent along; if the tally changed since (a count added after closing), nothing is recorded.
 */
async function rank({ request, locals }: Event) {
	const body = await readForm(request);
	if (!body) return fail(400, { form: 'rank', voteId: '', message: m.votes_error_invalid() });
	const voteId = voteIdOf(body);
	const values = valuesOf(body);
	const runtime = await getRuntime();
	const db = runtime.database.db;
	const found = await voteWithOptions(db, voteId);
	if (!found)
		return fail(404, { form: 'rank', voteId, message: m.votes_error_not_found(), values });
	const { vote: v, options } = found;
	const stored = v.finalTally as { result?: TallyResult } | null;
	if (voteStatus(v) !== 'closed' || !stored?.result)
		return fail(409, { form: 'rank', voteId, message: m.votes_decide_not_closed(), values });
	const rows = finalOrder(stored.result, options, v.settings);
	if (!rows || v.subject === 'candidates')
		return fail(400, { form: 'rank', voteId, message: m.votes_priority_not_ranked(), values });
	const parsed = parsePriorityForm(
		body,
		options.map((o) => o.id)
	);
	if (!parsed.ok) {
		const errors = fieldMessages(parsed.errors);
		return fail(400, {
			form: 'rank',
			voteId,
			message: errors.note ? m.vote_form_error_summary() : m.votes_priority_changed(),
			errors,
			values
		});
	}
	if (!sameOrder(rows, parsed.value.order))
		return fail(409, { form: 'rank', voteId, message: m.votes_priority_changed(), values });
	const outcomes = priorityOutcomes(rows, parsed.value.note, {
		noRoom: m.votes_priority_note_no_room(),
		noSupport: m.votes_priority_note_no_support()
	});
	try {
		await recordDecisions(db, actorOf(locals), { voteId, decisions: { outcomes } });
	} catch (e) {
		const { status, message } = refusal(e);
		return fail(status, {
			form: 'rank',
			voteId,
			message: status === 409 ? m.votes_decide_not_closed() : message,
			values
		});
	}
	return { form: 'rank', voteId, done: true };
}

export const voteActions = { create, open, close: closeVoteAction, hybrid, decide, rank };
