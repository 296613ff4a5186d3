import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoard, type BoardView } from '../../../src/lib/realtime/board/index.ts';
import { docName } from '../../../src/lib/realtime/doc-names.ts';
import type { StaffActor } from '../../../src/lib/server/auth/policy.ts';
import {
	advanceMeetingPhase,
	createMeeting,
	setBoardLocked
} from '../../../src/lib/server/meetings/service.ts';
import { joinMeeting, removeParticipant } from '../../../src/lib/server/participants/service.ts';
import { issueParticipantToken } from '../../../src/lib/server/participants/tokens.ts';
import { createYjsStore } from '../../../src/lib/server/realtime/persistence.ts';
import type { RealtimeActor } from '../../../src/lib/server/realtime/policy.ts';
import {
	addUsulan,
	BoardServiceError,
	type BoardDeps
} from '../../../src/lib/server/usulan/board-service.ts';
import { buildMeetingInput, testMeetingSectors } from '../../factories/meetings.ts';
import { createUser } from '../../factories/users.ts';
import {
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

const T0 = Date.UTC(2027, 0, 16, 2, 0, 0);
const ITEM = { title: 'Pelatihan menjahit', sector: 'pendidikan', fundingSource: 'dana_kelurahan' };

type Resident = Extract<RealtimeActor, { kind: 'participant' }>;

describe.each(drivers)('adding usulan through the board service on %s', (driver) => {
	let db: TestDatabase;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	let server: RealtimeTestServer;
	/** Every board the service made the server open, so refusals can prove they opened none. */
	const opened: string[] = [];
	let deps: BoardDeps;

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		deps = {
			openDoc: (name) => {
				opened.push(name);
				return server.realtime.openDoc(name);
			}
		};
	});
	afterAll(async () => {
		await server?.close();
		await db?.cleanup();
	});

	/** A new meeting of the demo kelurahan, moved on to `phase`. */
	async function meetingIn(phase: 'draft' | 'open' | 'collecting' | 'voting') {
		const m = await createMeeting(db.db, fx.actor, buildMeetingInput({ title: `Rapat ${phase}` }));
		if (phase === 'draft') return m;
		return advanceMeetingPhase(db.db, fx.actor, { meetingId: m.id, to: phase });
	}

	/** A resident who joined `meeting` with the code (it must take people), RT 3 / RW 2. */
	async function residentOf(meeting: { id: string; joinCode: string | null }, name = 'Bu Siti') {
		const r = await joinMeeting(db.db, { code: meeting.joinCode, displayName: name, rt: 3, rw: 2 });
		if (!r.ok) throw new Error(`join refused: ${r.reason}`);
		const actor: Resident = {
			kind: 'participant',
			participantId: r.participantId,
			meetingId: meeting.id,
			displayName: name
		};
		return actor;
	}

	/** The board as stored in the database, rebuilt without the server's copy. */
	async function storedBoard(meetingId: string): Promise<BoardView> {
		const { updates } = await createYjsStore(db.db).load(docName.board(meetingId));
		const doc = new Y.Doc();
		for (const u of updates) Y.applyUpdate(doc, u);
		const view = readBoard(doc, { sectors: testMeetingSectors });
		doc.destroy();
		return view;
	}

	/** The refusal's code; fails when the call succeeds or throws something else. */
	async function refusal(p: Promise<unknown>) {
		const e = await p.then(
			() => null,
			(err: unknown) => err
		);
		expect(e).toBeInstanceOf(BoardServiceError);
		return (e as BoardServiceError).code;
	}

	/** Runs refused calls and checks they neither opened the board nor stored anything. */
	async function expectNothingWritten(meetingId: string, calls: () => Promise<void>) {
		const before = await storedBoard(meetingId);
		opened.length = 0;
		await calls();
		expect(opened).toEqual([]);
		expect(await storedBoard(meetingId)).toEqual(before);
	}

	describe('grants', () => {
		it('adds a resident’s usulan while collecting, stored before it answers, with them as proposer', async () => {
			const m = await meetingIn('collecting');
			const siti = await residentOf(m);
			const r = await addUsulan(
				db.db,
				siti,
				{ meetingId: m.id, input: { ...ITEM, title: '  Pelatihan menjahit  ', rt: 3 } },
				deps,
				T0
			);
			expect(r.ok).toBe(true);
			if (!r.ok) return;
			expect(r.item).toMatchObject({
				id: r.id,
				title: 'Pelatihan menjahit',
				rt: 3,
				createdBy: siti.participantId,
				createdAt: T0,
				proposers: [{ participantId: siti.participantId, name: 'Bu Siti', rt: 3, rw: 2 }]
			});
			const stored = await storedBoard(m.id);
			expect(stored.items).toEqual([r.item]);
			expect(stored.invalid).toEqual([]);
		});

		it('keeps the proposers a resident names, and adds after what is there', async () => {
			const m = await meetingIn('collecting');
			const siti = await residentOf(m);
			const first = await addUsulan(db.db, siti, { meetingId: m.id, input: ITEM }, deps, T0);
			const named = await addUsulan(
				db.db,
				siti,
				{
					meetingId: m.id,
					input: {
						...ITEM,
						title: 'Bank sampah',
						proposers: [{ name: 'Pak Joko', rt: 5, rw: 1 }]
					}
				},
				deps,
				T0 + 1
			);
			expect(first.ok && named.ok).toBe(true);
			const stored = await storedBoard(m.id);
			expect(stored.items.map((i) => i.title)).toEqual(['Pelatihan menjahit', 'Bank sampah']);
			expect(stored.items[1].proposers).toEqual([{ name: 'Pak Joko', rt: 5, rw: 1 }]);
		});

		it('lets staff of the kelurahan add while the meeting is open, without a proposer of their own', async () => {
			const m = await meetingIn('open');
			const r = await addUsulan(db.db, fx.actor, { meetingId: m.id, input: ITEM }, deps, T0);
			expect(r.ok).toBe(true);
			if (!r.ok) return;
			expect(r.item).toMatchObject({ createdBy: fx.actor.id, proposers: [] });
			expect((await storedBoard(m.id)).items.map((i) => i.id)).toEqual([r.id]);
		});

		it('lets staff on while the board is locked for residents', async () => {
			const m = await meetingIn('collecting');
			await setBoardLocked(db.db, fx.actor, { meetingId: m.id, locked: true });
			const r = await addUsulan(db.db, fx.actor, { meetingId: m.id, input: ITEM }, deps, T0);
			expect(r.ok).toBe(true);
		});
	});

	describe('refusals', () => {
		it('refuses nobody signed in', async () => {
			const m = await meetingIn('collecting');
			await expectNothingWritten(m.id, async () => {
				expect(await refusal(addUsulan(db.db, null, { meetingId: m.id, input: ITEM }, deps))).toBe(
					'forbidden'
				);
			});
		});

		it('refuses a resident of another meeting', async () => {
			const m = await meetingIn('collecting');
			const elsewhere = await residentOf(await meetingIn('collecting'));
			await expectNothingWritten(m.id, async () => {
				expect(
					await refusal(addUsulan(db.db, elsewhere, { meetingId: m.id, input: ITEM }, deps))
				).toBe('forbidden');
				// Claiming to belong to the meeting does not help: the row is checked, not the claim.
				const claimed: Resident = { ...elsewhere, meetingId: m.id };
				expect(
					await refusal(addUsulan(db.db, claimed, { meetingId: m.id, input: ITEM }, deps))
				).toBe('forbidden');
			});
		});

		it('refuses a resident once the facilitator removed them', async () => {
			const m = await meetingIn('collecting');
			const siti = await residentOf(m);
			await removeParticipant(db.db, fx.actor, {
				participantId: siti.participantId,
				meetingId: m.id
			});
			await expectNothingWritten(m.id, async () => {
				expect(await refusal(addUsulan(db.db, siti, { meetingId: m.id, input: ITEM }, deps))).toBe(
					'forbidden'
				);
			});
		});

		it('refuses a resident of a meeting still in preparation', async () => {
			const m = await meetingIn('draft');
			const issued = await issueParticipantToken(db.db, {
				meetingId: m.id,
				displayName: 'Bu Siti'
			});
			const early: Resident = {
				kind: 'participant',
				participantId: issued.participantId,
				meetingId: m.id,
				displayName: 'Bu Siti'
			};
			await expectNothingWritten(m.id, async () => {
				expect(await refusal(addUsulan(db.db, early, { meetingId: m.id, input: ITEM }, deps))).toBe(
					'forbidden'
				);
			});
		});

		it('refuses residents while the board is locked and while voting (read-only)', async () => {
			const locked = await meetingIn('collecting');
			const siti = await residentOf(locked);
			await setBoardLocked(db.db, fx.actor, { meetingId: locked.id, locked: true });
			await expectNothingWritten(locked.id, async () => {
				expect(
					await refusal(addUsulan(db.db, siti, { meetingId: locked.id, input: ITEM }, deps))
				).toBe('read_only');
			});

			const voting = await meetingIn('collecting');
			const joko = await residentOf(voting, 'Pak Joko');
			await advanceMeetingPhase(db.db, fx.actor, { meetingId: voting.id, to: 'voting' });
			await expectNothingWritten(voting.id, async () => {
				expect(
					await refusal(addUsulan(db.db, joko, { meetingId: voting.id, input: ITEM }, deps))
				).toBe('read_only');
				// Staff too: the list is settled once voting starts.
				expect(
					await refusal(addUsulan(db.db, fx.actor, { meetingId: voting.id, input: ITEM }, deps))
				).toBe('read_only');
			});
		});

		it('refuses staff of another kelurahan', async () => {
			const m = await meetingIn('collecting');
			const outsider = await createUser(db.db, {
				role: 'facilitator',
				kelurahanId: fx.otherKelurahanId
			});
			const actor: StaffActor = {
				kind: 'user',
				id: outsider.id,
				role: 'facilitator',
				kelurahanId: fx.otherKelurahanId
			};
			await expectNothingWritten(m.id, async () => {
				expect(await refusal(addUsulan(db.db, actor, { meetingId: m.id, input: ITEM }, deps))).toBe(
					'forbidden'
				);
			});
		});

		it('answers not_found for an unknown or malformed meeting id', async () => {
			opened.length = 0;
			const unknown = crypto.randomUUID();
			expect(
				await refusal(addUsulan(db.db, fx.actor, { meetingId: unknown, input: ITEM }, deps))
			).toBe('not_found');
			expect(
				await refusal(addUsulan(db.db, fx.actor, { meetingId: 'not-a-uuid', input: ITEM }, deps))
			).toBe('not_found');
			expect(opened).toEqual([]);
		});

		it('refuses invalid fields with a code per field, without loading the board', async () => {
			const m = await meetingIn('collecting');
			const siti = await residentOf(m);
			await expectNothingWritten(m.id, async () => {
				const r = await addUsulan(
					db.db,
					siti,
					{
						meetingId: m.id,
						input: {
							title: '   ',
							sector: 'antariksa',
							fundingSource: 'hibah',
							rt: 0,
							rw: 2.5,
							volume: -1,
							estimatedCost: 1.5,
							unit: 7,
							proposers: [{ name: '' }]
						}
					},
					deps
				);
				expect(r.ok).toBe(false);
				if (r.ok) return;
				const byField = Object.fromEntries(r.errors.map((e) => [e.field, e.code]));
				expect(byField).toEqual({
					title: 'empty',
					sector: 'unknownSector',
					fundingSource: 'unknownValue',
					rt: 'outOfRange',
					rw: 'notInteger',
					volume: 'negative',
					estimatedCost: 'notInteger',
					unit: 'wrongType',
					'proposers.0.name': 'empty'
				});
			});
		});

		it('refuses a missing title and sector as required, and input that is not an object', async () => {
			const m = await meetingIn('collecting');
			await expectNothingWritten(m.id, async () => {
				const missing = await addUsulan(
					db.db,
					fx.actor,
					{ meetingId: m.id, input: { fundingSource: 'swadaya' } },
					deps
				);
				expect(missing).toEqual({
					ok: false,
					errors: expect.arrayContaining([
						{ field: 'title', code: 'required' },
						{ field: 'sector', code: 'required' }
					])
				});
				for (const junk of [null, 'Pelatihan', [ITEM], 42]) {
					const r = await addUsulan(db.db, fx.actor, { meetingId: m.id, input: junk }, deps);
					expect(r).toEqual({ ok: false, errors: [{ field: 'input', code: 'wrongType' }] });
				}
			});
		});
	});
});
