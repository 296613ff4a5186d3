import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StaffActor } from '../../../src/lib/server/auth/policy.ts';
import {
	auditLog,
	meeting as meetingTable,
	participant,
	type Meeting
} from '../../../src/lib/server/db/schema/index.ts';
import { onDomainEvent, type DomainEvent } from '../../../src/lib/server/events.ts';
import {
	advanceMeetingPhase,
	createMeeting,
	MeetingServiceError,
	setJoinLocked
} from '../../../src/lib/server/meetings/service.ts';
import {
	listParticipants,
	meetingAttendance
} from '../../../src/lib/server/participants/queries.ts';
import {
	joinMeeting,
	mergeParticipants,
	ParticipantServiceError,
	removeParticipant,
	renameParticipant,
	verifyParticipant
} from '../../../src/lib/server/participants/service.ts';
import { verifyParticipantToken } from '../../../src/lib/server/participants/tokens.ts';
import { buildMeetingInput } from '../../factories/meetings.ts';
import { createUser } from '../../factories/users.ts';
import { seedRealtimeFixture } from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

/** The service error code of a rejected promise. */
async function codeOf(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		// Joining is locked by the meeting service, everything else by the participant service.
		if (e instanceof MeetingServiceError) return e.code;
		expect(e).toBeInstanceOf(ParticipantServiceError);
		return (e as ParticipantServiceError).code;
	}
	return expect.fail('expected a ParticipantServiceError or MeetingServiceError');
}

describe.each(drivers)('managing participants on %s', (driver) => {
	let t: TestDatabase;
	let facilitator: StaffActor;
	let staff: StaffActor;
	let otherStaff: StaffActor;
	let otherAdmin: StaffActor;
	let m: Meeting;
	const events: DomainEvent[] = [];
	let stop: () => void;

	/** A resident joins `m` (or another meeting) and gets a participant and token. */
	async function resident(name = 'Warga', extra: Record<string, string> = {}, code = m.joinCode!) {
		const r = await joinMeeting(t.db, { code, displayName: name, rt: '1', rw: '1', ...extra });
		if (!r.ok) return expect.fail(`join failed: ${JSON.stringify(r)}`);
		return { id: r.participantId, token: r.token };
	}

	const row = async (id: string) =>
		(await t.db.select().from(participant).where(eq(participant.id, id)))[0];
	const auditOf = (id: string, action: string) =>
		t.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.subjectId, id), eq(auditLog.action, action)));

	beforeAll(async () => {
		t = await createTestDatabase(driver);
		const fx = await seedRealtimeFixture(t.db);
		facilitator = fx.actor;
		const staffRow = await createUser(t.db, {
			role: 'staff',
			kelurahanId: facilitator.kelurahanId
		});
		staff = { kind: 'user', id: staffRow.id, role: 'staff', kelurahanId: facilitator.kelurahanId };
		const o = await createUser(t.db, { role: 'facilitator', kelurahanId: fx.otherKelurahanId });
		otherStaff = { kind: 'user', id: o.id, role: 'facilitator', kelurahanId: fx.otherKelurahanId };
		const oa = await createUser(t.db, { role: 'admin', kelurahanId: fx.otherKelurahanId });
		otherAdmin = { kind: 'user', id: oa.id, role: 'admin', kelurahanId: fx.otherKelurahanId };
		m = await advanceMeetingPhase(t.db, facilitator, { meetingId: fx.meeting.id, to: 'open' });
		stop = onDomainEvent((e) => events.push(e));
	});
	afterEach(() => {
		events.length = 0;
	});
	afterAll(async () => {
		stop?.();
		await t?.cleanup();
	});

	describe('verify', () => {
		it('the facilitator verifies and unverifies a participant, audited, idempotent', async () => {
			const p = await resident('Bu Ratna');
			events.length = 0;
			const verified = await verifyParticipant(t.db, facilitator, {
				participantId: p.id,
				verified: true
			});
			expect(verified.verifiedAt).toBeInstanceOf(Date);
			expect(events).toEqual([
				{ type: 'participant.changed', meetingId: m.id, participantId: p.id }
			]);
			await verifyParticipant(t.db, facilitator, { participantId: p.id, verified: true });
			expect(await auditOf(p.id, 'participant.verified')).toHaveLength(1);
			expect(events).toHaveLength(1);

			const list = await listParticipants(t.db, m.id);
			expect(list.find((x) => x.id === p.id)).toMatchObject({ verified: true, status: 'active' });
			expect((await meetingAttendance(t.db, m)).verified).toBeGreaterThanOrEqual(1);

			await verifyParticipant(t.db, facilitator, { participantId: p.id, verified: false });
			expect((await row(p.id)).verifiedAt).toBeNull();
			const [entry] = await auditOf(p.id, 'participant.unverified');
			expect(entry).toMatchObject({ actorKind: 'user', actorId: facilitator.id });
		});

		it('staff of the same kelurahan may assist', async () => {
			const p = await resident();
			await verifyParticipant(t.db, staff, { participantId: p.id, verified: true });
			expect((await row(p.id)).verifiedAt).not.toBeNull();
		});
	});

	describe('rename', () => {
		it('renames with the name trimmed, and audits old and new name', async () => {
			const p = await resident('budi s');
			const renamed = await renameParticipant(t.db, facilitator, {
				participantId: p.id,
				displayName: '  Budi Santoso  '
			});
			expect(renamed.displayName).toBe('Budi Santoso');
			const [entry] = await auditOf(p.id, 'participant.renamed');
			expect(entry.before).toEqual({ name: 'budi s' });
			expect(entry.after).toEqual({ name: 'Budi Santoso' });
			// The token keeps working under the new name.
			expect((await verifyParticipantToken(t.db, p.token))?.displayName).toBe('Budi Santoso');
		});

		it.each([[''], ['A'], ['x'.repeat(81)], [42], [null]])(
			'refuses the name %o as invalid',
			async (displayName) => {
				const p = await resident('Nama Asli');
				expect(
					await codeOf(renameParticipant(t.db, facilitator, { participantId: p.id, displayName }))
				).toBe('invalid');
				expect((await row(p.id)).displayName).toBe('Nama Asli');
			}
		);
	});

	describe('merge', () => {
		it('folds a duplicate into the survivor: the duplicate is out, its token dead', async () => {
			const survivor = await resident('Pak Joko', { gender: 'male' });
			const duplicate = await resident('Joko', { ageGroup: 'elderly', affiliation: 'warga' });
			await verifyParticipant(t.db, facilitator, { participantId: duplicate.id, verified: true });
			const earlier = await resident('Joko (HP lama)');
			await mergeParticipants(t.db, facilitator, {
				duplicateId: earlier.id,
				survivorId: duplicate.id
			});
			const totalBefore = (await meetingAttendance(t.db, m)).total;
			events.length = 0;

			const s = await mergeParticipants(t.db, facilitator, {
				duplicateId: duplicate.id,
				survivorId: survivor.id
			});
			// The survivor keeps its answers and fills its blanks from the duplicate.
			expect(s).toMatchObject({
				displayName: 'Pak Joko',
				gender: 'male',
				ageGroup: 'elderly',
				affiliation: 'warga'
			});
			expect(s.verifiedAt).not.toBeNull();
			const d = await row(duplicate.id);
			expect(d.mergedIntoId).toBe(survivor.id);
			expect(d.removedAt).not.toBeNull();
			// No chains: whoever was merged into the duplicate now points at the survivor.
			expect((await row(earlier.id)).mergedIntoId).toBe(survivor.id);
			expect(await verifyParticipantToken(t.db, duplicate.token)).toBeNull();
			expect(await verifyParticipantToken(t.db, survivor.token)).not.toBeNull();
			expect(events).toContainEqual({
				type: 'participant.changed',
				meetingId: m.id,
				participantId: duplicate.id
			});
			expect((await meetingAttendance(t.db, m)).total).toBe(totalBefore - 1);

			const listed = await listParticipants(t.db, m.id, { includeGone: true });
			expect(listed.find((x) => x.id === duplicate.id)?.status).toBe('merged');
			expect((await listParticipants(t.db, m.id)).some((x) => x.id === duplicate.id)).toBe(false);
			const [entry] = await auditOf(duplicate.id, 'participant.merged');
			expect(entry.after).toMatchObject({ mergedInto: survivor.id });
		});

		it('refuses merging someone into themselves, into a gone participant, or across meetings', async () => {
			const a = await resident('A satu');
			const gone = await resident('Sudah keluar');
			await removeParticipant(t.db, facilitator, { participantId: gone.id });
			const other = await advanceMeetingPhase(t.db, facilitator, {
				meetingId: (await createMeeting(t.db, facilitator, buildMeetingInput())).id,
				to: 'open'
			});
			const elsewhere = await resident('Di rapat lain', {}, other.joinCode!);

			expect(
				await codeOf(mergeParticipants(t.db, facilitator, { duplicateId: a.id, survivorId: a.id }))
			).toBe('invalid');
			expect(
				await codeOf(
					mergeParticipants(t.db, facilitator, { duplicateId: a.id, survivorId: gone.id })
				)
			).toBe('not_found');
			expect(
				await codeOf(
					mergeParticipants(t.db, facilitator, { duplicateId: a.id, survivorId: elsewhere.id })
				)
			).toBe('invalid');
			expect((await row(a.id)).mergedIntoId).toBeNull();
			expect((await row(a.id)).removedAt).toBeNull();
		});
	});

	describe('remove', () => {
		it('removes a participant: token dead, out of the list and the figures, audited once', async () => {
			const p = await resident('Orang luar');
			const before = (await meetingAttendance(t.db, m)).total;
			events.length = 0;
			await removeParticipant(t.db, facilitator, { participantId: p.id });
			await removeParticipant(t.db, facilitator, { participantId: p.id });
			expect(await verifyParticipantToken(t.db, p.token)).toBeNull();
			expect((await listParticipants(t.db, m.id)).some((x) => x.id === p.id)).toBe(false);
			expect(
				(await listParticipants(t.db, m.id, { includeGone: true })).find((x) => x.id === p.id)
					?.status
			).toBe('removed');
			expect((await meetingAttendance(t.db, m)).total).toBe(before - 1);
			expect(await auditOf(p.id, 'participant.removed')).toHaveLength(1);
			expect(events).toEqual([
				{ type: 'participant.changed', meetingId: m.id, participantId: p.id }
			]);
		});

		it('refuses verifying or renaming a removed participant', async () => {
			const p = await resident();
			await removeParticipant(t.db, facilitator, { participantId: p.id });
			expect(
				await codeOf(verifyParticipant(t.db, facilitator, { participantId: p.id, verified: true }))
			).toBe('not_found');
			expect(
				await codeOf(
					renameParticipant(t.db, facilitator, { participantId: p.id, displayName: 'Baru' })
				)
			).toBe('not_found');
		});
	});

	describe('lock joining', () => {
		it('locks and unlocks joining, audited, idempotent, with a meeting event', async () => {
			const locked = await setJoinLocked(t.db, facilitator, { meetingId: m.id, locked: true });
			expect(locked.joinLockedAt).toBeInstanceOf(Date);
			await setJoinLocked(t.db, facilitator, { meetingId: m.id, locked: true });
			expect(events).toEqual([{ type: 'meeting.changed', meetingId: m.id }]);
			expect(await auditOf(m.id, 'meeting.join_locked')).toHaveLength(1);
			expect(
				await joinMeeting(t.db, { code: m.joinCode, displayName: 'Terlambat', rt: '1', rw: '1' })
			).toEqual({ ok: false, reason: 'locked' });

			const unlocked = await setJoinLocked(t.db, facilitator, { meetingId: m.id, locked: false });
			expect(unlocked.joinLockedAt).toBeNull();
			expect(await auditOf(m.id, 'meeting.join_unlocked')).toHaveLength(1);
		});

		it('refuses an unknown or malformed meeting id as not found', async () => {
			for (const meetingId of ['00000000-0000-4000-8000-000000000000', 'nope']) {
				expect(await codeOf(setJoinLocked(t.db, facilitator, { meetingId, locked: true }))).toBe(
					'not_found'
				);
			}
		});
	});

	describe('refusals', () => {
		/** Every facilitator verb, run by `actor` against a fresh participant of `m`. */
		async function everyVerb(actor: StaffActor | null) {
			const p = await resident('Korban');
			const q = await resident('Korban kedua');
			return {
				p,
				q,
				codes: [
					await codeOf(verifyParticipant(t.db, actor, { participantId: p.id, verified: true })),
					await codeOf(
						renameParticipant(t.db, actor, { participantId: p.id, displayName: 'Diganti' })
					),
					await codeOf(mergeParticipants(t.db, actor, { duplicateId: p.id, survivorId: q.id })),
					await codeOf(removeParticipant(t.db, actor, { participantId: p.id })),
					await codeOf(setJoinLocked(t.db, actor, { meetingId: m.id, locked: true }))
				]
			};
		}

		it.each([
			['no actor (a resident or anonymous request)', () => null],
			['a facilitator of another kelurahan', () => otherStaff],
			['an admin of another kelurahan', () => otherAdmin]
		])('refuses %s every verb and changes nothing', async (_who, actorFn) => {
			const auditBefore = (await t.db.select().from(auditLog)).length;
			const { p, codes } = await everyVerb(actorFn());
			expect(codes).toEqual(['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden']);
			const after = await row(p.id);
			expect(after).toMatchObject({
				displayName: 'Korban',
				verifiedAt: null,
				removedAt: null,
				mergedIntoId: null
			});
			const [mt] = await t.db.select().from(meetingTable).where(eq(meetingTable.id, m.id));
			expect(mt.joinLockedAt).toBeNull();
			// Nothing was audited (joins are not: the participant rows record them).
			expect((await t.db.select().from(auditLog)).length).toBe(auditBefore);
			expect(events.filter((e) => e.type === 'meeting.changed')).toEqual([]);
		});

		it('refuses unknown and malformed participant ids as not found', async () => {
			for (const participantId of ['00000000-0000-4000-8000-000000000000', "1' or 1=1", '']) {
				expect(
					await codeOf(verifyParticipant(t.db, facilitator, { participantId, verified: true }))
				).toBe('not_found');
				expect(await codeOf(removeParticipant(t.db, facilitator, { participantId }))).toBe(
					'not_found'
				);
			}
		});

		it("refuses acting on another meeting's participant from this meeting's page", async () => {
			const other = await advanceMeetingPhase(t.db, facilitator, {
				meetingId: (await createMeeting(t.db, facilitator, buildMeetingInput())).id,
				to: 'open'
			});
			const p = await resident('Di rapat lain', {}, other.joinCode!);
			const q = await resident('Di rapat ini');
			const meetingId = m.id;
			expect(
				await codeOf(
					verifyParticipant(t.db, facilitator, { participantId: p.id, verified: true, meetingId })
				)
			).toBe('not_found');
			expect(
				await codeOf(
					renameParticipant(t.db, facilitator, {
						participantId: p.id,
						displayName: 'X y',
						meetingId
					})
				)
			).toBe('not_found');
			expect(
				await codeOf(
					mergeParticipants(t.db, facilitator, { duplicateId: q.id, survivorId: p.id, meetingId })
				)
			).toBe('not_found');
			expect(
				await codeOf(removeParticipant(t.db, facilitator, { participantId: p.id, meetingId }))
			).toBe('not_found');
			expect(await row(p.id)).toMatchObject({ verifiedAt: null, removedAt: null });
			expect((await row(q.id)).mergedIntoId).toBeNull();
		});

		it('refuses changes once the meeting is finalized', async () => {
			const fm = await advanceMeetingPhase(t.db, facilitator, {
				meetingId: (await createMeeting(t.db, facilitator, buildMeetingInput())).id,
				to: 'open'
			});
			const p = await resident('Hadir', {}, fm.joinCode!);
			await advanceMeetingPhase(t.db, facilitator, { meetingId: fm.id, to: 'finalized' });
			expect(
				await codeOf(verifyParticipant(t.db, facilitator, { participantId: p.id, verified: true }))
			).toBe('finalized');
			expect(await codeOf(removeParticipant(t.db, facilitator, { participantId: p.id }))).toBe(
				'finalized'
			);
		});
	});
});
