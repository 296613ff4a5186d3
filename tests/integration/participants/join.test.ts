import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatJoinCode } from '../../../src/lib/domain/join-code.ts';
import type { StaffActor } from '../../../src/lib/server/auth/policy.ts';
import { auditLog, participant, type Meeting } from '../../../src/lib/server/db/schema/index.ts';
import { onDomainEvent, type DomainEvent } from '../../../src/lib/server/events.ts';
import { joinQrSvg, joinUrl } from '../../../src/lib/server/meetings/join-link.ts';
import {
	advanceMeetingPhase,
	createMeeting,
	setJoinLocked
} from '../../../src/lib/server/meetings/service.ts';
import {
	createJoinLimiter,
	limitWrongCodes
} from '../../../src/lib/server/participants/join-limiter.ts';
import {
	meetingAttendance,
	participantForToken
} from '../../../src/lib/server/participants/queries.ts';
import {
	joinMeeting,
	lookupJoinCode,
	removeParticipant,
	type JoinResult
} from '../../../src/lib/server/participants/service.ts';
import { verifyParticipantToken } from '../../../src/lib/server/participants/tokens.ts';
import { buildMeetingInput } from '../../factories/meetings.ts';
import { seedRealtimeFixture } from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

/** A join form as the page posts it (strings), with sensible defaults. */
function form(code: string, overrides: Record<string, string> = {}) {
	return { code, displayName: 'Siti Aminah', rt: '3', rw: '2', ...overrides };
}

function joined(r: JoinResult) {
	if (!r.ok) return expect.fail(`expected a join, got ${JSON.stringify(r)}`);
	return r;
}

describe.each(drivers)('joining a meeting on %s', (driver) => {
	let t: TestDatabase;
	let actor: StaffActor;
	let open: Meeting;
	let code: string;
	const events: DomainEvent[] = [];
	let stop: () => void;

	/** A new meeting of the demo kelurahan, advanced to `phase` (or left a draft). */
	async function meetingIn(phase: 'draft' | 'open' | 'collecting' | 'voting' | 'closed') {
		const m = await createMeeting(t.db, actor, buildMeetingInput());
		if (phase === 'draft') return m;
		return advanceMeetingPhase(t.db, actor, { meetingId: m.id, to: phase });
	}

	const participantsOf = (meetingId: string) =>
		t.db.select().from(participant).where(eq(participant.meetingId, meetingId));

	beforeAll(async () => {
		t = await createTestDatabase(driver);
		const fx = await seedRealtimeFixture(t.db);
		actor = fx.actor;
		open = await meetingIn('open');
		code = open.joinCode!;
		stop = onDomainEvent((e) => events.push(e));
	});
	afterEach(() => {
		events.length = 0;
	});
	afterAll(async () => {
		stop?.();
		await t?.cleanup();
	});

	it('lets a resident join with the code as typed and stores their answers', async () => {
		const typed = formatJoinCode(code).toLowerCase().replace('-', ' - ');
		const r = joined(
			await joinMeeting(
				t.db,
				form(typed, {
					displayName: '  Siti Aminah  ',
					gender: 'female',
					ageGroup: 'elderly',
					disability: 'yes',
					affiliation: 'tokoh'
				})
			)
		);
		expect(r.rejoined).toBe(false);
		expect(r.meeting.id).toBe(open.id);
		const [row] = await t.db.select().from(participant).where(eq(participant.id, r.participantId));
		expect(row).toMatchObject({
			meetingId: open.id,
			displayName: 'Siti Aminah',
			rt: 3,
			rw: 2,
			gender: 'female',
			ageGroup: 'elderly',
			disability: true,
			affiliation: 'tokoh',
			verifiedAt: null,
			removedAt: null
		});
		expect(row.lastSeenAt).toBeInstanceOf(Date);
		expect(await verifyParticipantToken(t.db, r.token)).toMatchObject({
			participantId: r.participantId,
			meetingId: open.id
		});
		expect(events).toContainEqual({
			type: 'participant.changed',
			meetingId: open.id,
			participantId: r.participantId
		});
		// Joining is personal data in a log that cannot forget: the participant row records it instead.
		const audit = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, r.participantId));
		expect(audit).toEqual([]);
	});

	it('stores "did not say" as null, whether left out, empty or chosen explicitly', async () => {
		const a = joined(await joinMeeting(t.db, form(code, { displayName: 'Tanpa jawaban' })));
		const b = joined(
			await joinMeeting(
				t.db,
				form(code, {
					displayName: 'Pilih tidak menjawab',
					gender: 'unsaid',
					ageGroup: '',
					disability: 'unsaid',
					affiliation: 'unsaid'
				})
			)
		);
		const c = joined(
			await joinMeeting(t.db, form(code, { displayName: 'Jawab tidak', disability: 'no' }))
		);
		const rows = await participantsOf(open.id);
		const byId = (id: string) => rows.find((r) => r.id === id)!;
		for (const id of [a.participantId, b.participantId]) {
			expect(byId(id)).toMatchObject({
				gender: null,
				ageGroup: null,
				disability: null,
				affiliation: null
			});
		}
		// "No" is an answer, different from not saying.
		expect(byId(c.participantId).disability).toBe(false);
	});

	it('is the same participant when the same phone joins again, with updated answers', async () => {
		const first = joined(await joinMeeting(t.db, form(code, { displayName: 'Pak Darto' })));
		const before = (await participantsOf(open.id)).length;
		const again = joined(
			await joinMeeting(
				t.db,
				form(code, { displayName: 'Pak Darto Wiyono', rw: '4', ageGroup: 'elderly' }),
				first.token
			)
		);
		expect(again).toMatchObject({
			rejoined: true,
			participantId: first.participantId,
			token: first.token
		});
		expect(await participantsOf(open.id)).toHaveLength(before);
		const row = await participantForToken(t.db, open.id, first.token);
		expect(row).toMatchObject({ displayName: 'Pak Darto Wiyono', rw: 4, ageGroup: 'elderly' });
		const audit = await t.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.subjectId, first.participantId));
		expect(audit).toEqual([]);
	});

	it("joins as someone new with another meeting's token, a removed participant's or junk", async () => {
		const other = await meetingIn('open');
		const elsewhere = joined(await joinMeeting(t.db, form(other.joinCode!)));
		const here = joined(await joinMeeting(t.db, form(code), elsewhere.token));
		expect(here.rejoined).toBe(false);
		expect(here.participantId).not.toBe(elsewhere.participantId);
		expect(here.token).not.toBe(elsewhere.token);

		await removeParticipant(t.db, actor, { participantId: here.participantId });
		const afterRemoval = joined(await joinMeeting(t.db, form(code), here.token));
		expect(afterRemoval.rejoined).toBe(false);
		expect(afterRemoval.participantId).not.toBe(here.participantId);

		const junk = joined(await joinMeeting(t.db, form(code), 'not-a-token'));
		expect(junk.rejoined).toBe(false);
	});

	it('refuses a wrong code, a malformed one and no code at all, writing nothing', async () => {
		const before = (await t.db.select().from(participant)).length;
		// Same length and alphabet as a real code, but nobody holds it.
		const unused = code === 'XXXXXX' ? 'YYYYYY' : 'XXXXXX';
		for (const input of [
			form(unused),
			form('O0O-0O0'),
			form(''),
			{ displayName: 'Tanpa kode', rt: '1', rw: '1' },
			null,
			'just a string'
		]) {
			expect(await joinMeeting(t.db, input)).toEqual({ ok: false, reason: 'unknown_code' });
		}
		expect((await lookupJoinCode(t.db, unused)).ok).toBe(false);
		expect((await t.db.select().from(participant)).length).toBe(before);
		expect(events).toEqual([]);
	});

	it('refuses a draft meeting as not open yet and a closed one as ended', async () => {
		const draft = await meetingIn('draft');
		expect(await joinMeeting(t.db, form(draft.joinCode!))).toEqual({
			ok: false,
			reason: 'not_open'
		});
		const closed = await meetingIn('closed');
		expect(await joinMeeting(t.db, form(closed.joinCode!))).toEqual({ ok: false, reason: 'ended' });
		expect(await participantsOf(draft.id)).toHaveLength(0);
		expect(await participantsOf(closed.id)).toHaveLength(0);
	});

	it('takes people while collecting and voting too', async () => {
		for (const phase of ['collecting', 'voting'] as const) {
			const m = await meetingIn(phase);
			expect(joined(await joinMeeting(t.db, form(m.joinCode!))).meeting.id).toBe(m.id);
		}
	});

	it('refuses a participant of an ended meeting who tries to update answers', async () => {
		const m = await meetingIn('open');
		const first = joined(await joinMeeting(t.db, form(m.joinCode!)));
		await advanceMeetingPhase(t.db, actor, { meetingId: m.id, to: 'closed' });
		expect(
			await joinMeeting(t.db, form(m.joinCode!, { displayName: 'Nama baru' }), first.token)
		).toEqual({ ok: false, reason: 'ended' });
		expect((await participantForToken(t.db, m.id, first.token))?.displayName).toBe('Siti Aminah');
	});

	it('refuses newcomers while joining is locked, but lets those already in update', async () => {
		const m = await meetingIn('collecting');
		const inside = joined(await joinMeeting(t.db, form(m.joinCode!)));
		await setJoinLocked(t.db, actor, { meetingId: m.id, locked: true });
		expect(await joinMeeting(t.db, form(m.joinCode!, { displayName: 'Terlambat' }))).toEqual({
			ok: false,
			reason: 'locked'
		});
		expect(await participantsOf(m.id)).toHaveLength(1);
		const update = joined(await joinMeeting(t.db, form(m.joinCode!, { rt: '7' }), inside.token));
		expect(update.rejoined).toBe(true);

		await setJoinLocked(t.db, actor, { meetingId: m.id, locked: false });
		joined(await joinMeeting(t.db, form(m.joinCode!, { displayName: 'Terlambat' })));
		expect(await participantsOf(m.id)).toHaveLength(2);
	});

	it.each([
		[{ displayName: 'A' }, 'displayName', 'too_short'],
		[{ displayName: '   ' }, 'displayName', 'required'],
		[{ displayName: 'x'.repeat(81) }, 'displayName', 'too_long'],
		[{ rt: '' }, 'rt', 'required'],
		[{ rt: 'tiga' }, 'rt', 'not_a_number'],
		[{ rt: '0' }, 'rt', 'out_of_range'],
		[{ rw: '1000' }, 'rw', 'out_of_range'],
		[{ rw: '2.5' }, 'rw', 'not_a_number'],
		[{ rt: '-1' }, 'rt', 'out_of_range'],
		[{ gender: 'other' }, 'gender', 'invalid'],
		[{ ageGroup: 'child' }, 'ageGroup', 'invalid'],
		[{ disability: 'maybe' }, 'disability', 'invalid'],
		[{ affiliation: 'partai' }, 'affiliation', 'invalid']
	] as const)('refuses invalid answers %o as %s %s', async (overrides, field, problem) => {
		const before = (await participantsOf(open.id)).length;
		const r = await joinMeeting(t.db, form(code, overrides));
		expect(r).toMatchObject({ ok: false, reason: 'invalid' });
		if (r.ok || r.reason !== 'invalid') return;
		expect(r.errors).toContainEqual({ field, problem });
		expect(await participantsOf(open.id)).toHaveLength(before);
	});

	it('refuses a missing name and RT/RW with an error per field', async () => {
		const r = await joinMeeting(t.db, { code });
		expect(r).toMatchObject({ ok: false, reason: 'invalid' });
		if (r.ok || r.reason !== 'invalid') return;
		expect(r.errors.map((e) => e.field).sort()).toEqual(['displayName', 'rt', 'rw']);
	});

	it('counts joined people in the attendance figures with the meeting scope', async () => {
		const m = await createMeeting(t.db, actor, buildMeetingInput({ rwScope: [1, 2] }));
		await advanceMeetingPhase(t.db, actor, { meetingId: m.id, to: 'open' });
		joined(await joinMeeting(t.db, form(m.joinCode!, { rw: '1', gender: 'female' })));
		joined(await joinMeeting(t.db, form(m.joinCode!, { rw: '5', gender: 'male' })));
		const figures = await meetingAttendance(t.db, m);
		expect(figures.total).toBe(2);
		expect(figures.byRw).toEqual([
			{ rw: 1, count: 1, verified: 0, inScope: true },
			{ rw: 2, count: 0, verified: 0, inScope: true },
			{ rw: 5, count: 1, verified: 0, inScope: false }
		]);
		expect(figures.outsideScope).toBe(1);
		expect(figures.inclusion.women).toMatchObject({ count: 1, answered: 2 });
	});

	describe('rate limit on wrong codes', () => {
		const limits = { maxWrongCodes: 3, windowMinutes: 10 };

		it('blocks an address after too many wrong codes, even with a right one', async () => {
			const limiter = createJoinLimiter(limits);
			const attempt = (c: string, address = '198.51.100.7') =>
				limitWrongCodes(limiter, address, () => joinMeeting(t.db, form(c)));
			for (let i = 0; i < 3; i++) {
				expect(await attempt('XXXXXX')).toEqual({ ok: false, reason: 'unknown_code' });
			}
			const blocked = await attempt(code);
			expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
			if (blocked.ok || blocked.reason !== 'rate_limited') return;
			expect(blocked.retryAfterMinutes).toBeGreaterThanOrEqual(1);
			expect(blocked.retryAfterMinutes).toBeLessThanOrEqual(10);
			// Another address is counted on its own.
			expect((await attempt(code, '198.51.100.8')).ok).toBe(true);
		});

		it('does not count right codes or refusals other than a wrong code', async () => {
			const limiter = createJoinLimiter(limits);
			const draft = await meetingIn('draft');
			const address = '198.51.100.9';
			for (let i = 0; i < 5; i++) {
				expect(
					(await limitWrongCodes(limiter, address, () => joinMeeting(t.db, form(code)))).ok
				).toBe(true);
				expect(
					await limitWrongCodes(limiter, address, () => joinMeeting(t.db, form(draft.joinCode!)))
				).toEqual({ ok: false, reason: 'not_open' });
				expect(
					await limitWrongCodes(limiter, address, () =>
						joinMeeting(t.db, form(code, { displayName: '' }))
					)
				).toMatchObject({ ok: false, reason: 'invalid' });
			}
			expect(await limiter.blockedFor(address)).toBe(0);
		});

		it('counts code lookups (the join page) the same way', async () => {
			const limiter = createJoinLimiter(limits);
			const address = '198.51.100.10';
			for (let i = 0; i < 3; i++) {
				expect(
					(await limitWrongCodes(limiter, address, () => lookupJoinCode(t.db, 'junk'))).ok
				).toBe(false);
			}
			expect(
				await limitWrongCodes(limiter, address, () => lookupJoinCode(t.db, code))
			).toMatchObject({ ok: false, reason: 'rate_limited' });
		});
	});

	it('builds the join link and draws its QR code as SVG', async () => {
		const url = joinUrl('http://192.168.1.10:3000/', code);
		expect(url).toBe(`http://192.168.1.10:3000/j/${code}`);
		const svg = await joinQrSvg(url);
		expect(svg.startsWith('<svg')).toBe(true);
		expect(svg).toContain('</svg>');
		expect(svg).not.toContain('<script');
	});
});
