import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addItem,
	boardItems,
	mergeItems,
	moveUp,
	setText,
	type ItemInput
} from '../../../src/lib/realtime/board/index.ts';
import { writeRawItem } from '../../../src/lib/realtime/board/testing.ts';
import { docName } from '../../../src/lib/realtime/doc-names.ts';
import { auditLog, boardVersion } from '../../../src/lib/server/db/schema/index.ts';
import { advanceMeetingPhase, createMeeting } from '../../../src/lib/server/meetings/service.ts';
import {
	latestBoardVersion,
	listBoardVersions,
	usulanOfVersion
} from '../../../src/lib/server/usulan/queries.ts';
import {
	finalizeBoard,
	UsulanServiceError,
	type FinalizeDeps
} from '../../../src/lib/server/usulan/service.ts';
import type { StaffActor } from '../../../src/lib/server/auth/policy.ts';
import { buildMeetingInput, testMeetingSectors } from '../../factories/meetings.ts';
import { createUser } from '../../factories/users.ts';
import {
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

const T0 = Date.UTC(2027, 0, 16, 2, 0, 0);

describe.each(drivers)('finalizing the usulan board on %s', (driver) => {
	let db: TestDatabase;
	let fx: Awaited<ReturnType<typeof seedRealtimeFixture>>;
	let server: RealtimeTestServer;
	let deps: FinalizeDeps;

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		deps = { openDoc: (name) => server.realtime.openDoc(name) };
	});
	afterAll(async () => {
		await server?.close();
		await db?.cleanup();
	});

	/** A new meeting of the demo kelurahan, moved on to `phase`. */
	async function meetingIn(phase: 'draft' | 'open' | 'collecting' | 'voting' | 'finalized') {
		const m = await createMeeting(db.db, fx.actor, buildMeetingInput({ title: `Rapat ${phase}` }));
		if (phase !== 'draft') {
			await advanceMeetingPhase(db.db, fx.actor, { meetingId: m.id, to: phase });
		}
		return m;
	}

	/** Runs `fn` on the meeting's live board doc, as the server (persisted and broadcast). */
	async function onBoard<T>(meetingId: string, fn: (doc: Y.Doc) => T): Promise<T> {
		const handle = await server.realtime.openDoc(docName.board(meetingId));
		try {
			let result: T | undefined;
			handle.transact((doc) => {
				result = fn(doc);
			});
			await handle.flush();
			return result as T;
		} finally {
			handle.release();
		}
	}

	function add(doc: Y.Doc, id: string, input: Partial<ItemInput> & { title: string }, at = T0) {
		const r = addItem(
			doc,
			{ sector: 'ekonomi', fundingSource: 'swadaya', ...input },
			{ sectors: testMeetingSectors, actorId: `p-${id}`, now: at, id }
		);
		if (!r.ok) throw new Error(JSON.stringify(r.errors));
	}

	async function versionsOf(meetingId: string) {
		return db.db
			.select()
			.from(boardVersion)
			.where(eq(boardVersion.meetingId, meetingId))
			.orderBy(boardVersion.version);
	}

	async function refusal(p: Promise<unknown>) {
		const e = await p.then(
			() => null,
			(err: unknown) => err
		);
		expect(e).toBeInstanceOf(UsulanServiceError);
		return (e as UsulanServiceError).code;
	}

	describe('a board with edits, moves and merges', () => {
		let meetingId: string;
		let firstRows: Awaited<ReturnType<typeof usulanOfVersion>>;

		beforeAll(async () => {
			meetingId = (await meetingIn('collecting')).id;
			await onBoard(meetingId, (doc) => {
				add(doc, 'item-a', {
					title: 'Pelatihan menjahit',
					problem: 'Ibu-ibu RW 02 belum punya keterampilan usaha',
					locationText: 'Balai RW 02',
					rt: 3,
					rw: 2,
					sector: 'pendidikan',
					volume: 2.5,
					unit: 'hari',
					estimatedCost: 12_500_000,
					fundingSource: 'dana_kelurahan',
					proposers: [{ participantId: 'p-siti', name: 'Bu Siti', rt: 3, rw: 2 }]
				});
				add(doc, 'item-b', { title: 'Sumur bor', proposers: [{ name: 'Pak Budi' }] }, T0 + 1);
				add(doc, 'item-c', { title: 'Air bersih', proposers: [{ name: 'Bu Ani' }] }, T0 + 2);
				add(doc, 'item-d', { title: 'Lampu jalan', sector: 'infrastruktur' }, T0 + 3);
				const merged = mergeItems(
					doc,
					{ keepId: 'item-b', mergeIds: ['item-c'] },
					{ sectors: testMeetingSectors, actorId: fx.actor.id, now: T0 + 10 }
				);
				if (!merged.ok) throw new Error(JSON.stringify(merged.errors));
				const moved = moveUp(doc, 'item-d', { sectors: testMeetingSectors });
				if (!moved.ok) throw new Error(JSON.stringify(moved.errors));
			});
		});

		it('stores the rows in board order with every field, proposers and merge history', async () => {
			const result = await finalizeBoard(db.db, fx.actor, { meetingId }, deps);
			expect(result.created).toBe(true);
			expect(result.version).toMatchObject({ meetingId, version: 1, createdBy: fx.actor.id });
			expect(result.version.contentHash).toMatch(/^[0-9a-f]{64}$/);
			expect(result.skipped).toEqual([]);
			expect(result.usulan.map((u) => [u.rank, u.itemId])).toEqual([
				[1, 'item-a'],
				[2, 'item-d'],
				[3, 'item-b']
			]);

			const stored = await latestBoardVersion(db.db, meetingId);
			expect(stored?.version.id).toBe(result.version.id);
			expect(stored?.usulan).toEqual(result.usulan);
			firstRows = stored!.usulan;

			const [a, , b] = firstRows;
			expect(a).toMatchObject({
				boardVersionId: result.version.id,
				meetingId,
				itemId: 'item-a',
				rank: 1,
				title: 'Pelatihan menjahit',
				problem: 'Ibu-ibu RW 02 belum punya keterampilan usaha',
				locationText: 'Balai RW 02',
				rt: 3,
				rw: 2,
				sector: 'pendidikan',
				volume: 2.5,
				unit: 'hari',
				estimatedCost: 12_500_000,
				fundingSource: 'dana_kelurahan',
				proposers: [{ participantId: 'p-siti', name: 'Bu Siti', rt: 3, rw: 2 }],
				mergeHistory: [],
				mergedItems: [],
				createdAt: new Date(T0),
				createdBy: 'p-item-a'
			});
			expect(b.proposers.map((p) => p.name)).toEqual(['Pak Budi', 'Bu Ani']);
			expect(b.mergeHistory).toEqual([
				{
					id: 'item-c',
					title: 'Air bersih',
					problem: '',
					proposers: [{ name: 'Bu Ani' }],
					mergedAt: T0 + 10,
					mergedBy: fx.actor.id
				}
			]);
			expect(b.mergedItems).toEqual([
				expect.objectContaining({ id: 'item-c', title: 'Air bersih', mergedInto: 'item-b' })
			]);

			const audit = await db.db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'board.finalized'), eq(auditLog.subjectId, meetingId)));
			expect(audit).toHaveLength(1);
			expect(audit[0]).toMatchObject({
				actorKind: 'user',
				actorId: fx.actor.id,
				after: { version: 1, count: 3, skipped: 0, hash: result.version.contentHash }
			});
		});

		it('returns the same version when the board has not changed', async () => {
			const again = await finalizeBoard(db.db, fx.actor, { meetingId }, deps);
			expect(again.created).toBe(false);
			expect(again.version.version).toBe(1);
			expect(again.usulan).toEqual(firstRows);
			expect(await versionsOf(meetingId)).toHaveLength(1);
			const audit = await db.db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'board.finalized'), eq(auditLog.subjectId, meetingId)));
			expect(audit).toHaveLength(1);
		});

		it('creates version 2 after an edit and keeps version 1 as it was', async () => {
			await onBoard(meetingId, (doc) => {
				const r = setText(doc, 'item-d', 'title', 'Lampu jalan tenaga surya');
				if (!r.ok) throw new Error(JSON.stringify(r.errors));
			});
			const second = await finalizeBoard(db.db, fx.actor, { meetingId }, deps);
			expect(second.created).toBe(true);
			expect(second.version.version).toBe(2);
			expect(second.usulan.map((u) => [u.rank, u.itemId, u.title])).toEqual([
				[1, 'item-a', 'Pelatihan menjahit'],
				[2, 'item-d', 'Lampu jalan tenaga surya'],
				[3, 'item-b', 'Sumur bor']
			]);

			const versions = await listBoardVersions(db.db, meetingId);
			expect(versions.map((v) => [v.version, v.usulanCount])).toEqual([
				[2, 3],
				[1, 3]
			]);
			expect(await usulanOfVersion(db.db, versions[1].id)).toEqual(firstRows);
			expect((await latestBoardVersion(db.db, meetingId))?.version.id).toBe(second.version.id);
		});
	});

	it('skips and reports junk written straight into the doc, and still stores the rest', async () => {
		const { id: meetingId } = await meetingIn('collecting');
		await onBoard(meetingId, (doc) => {
			add(doc, 'good-1', { title: 'Posyandu' });
			boardItems(doc).set('junk-string', 'not an item');
			writeRawItem(doc, 'bad-title', { title: 42, order: 'a1' });
			writeRawItem(doc, 'bad-sector', { sector: 'antariksa', order: 'a2' });
			writeRawItem(doc, 'blank-title', { title: new Y.Text('   '), order: 'a3' });
			writeRawItem(doc, 'bad cost!', { estimatedCost: -5, order: 'a4' });
			writeRawItem(doc, 'good-2', { order: 'a5' });
		});

		const result = await finalizeBoard(db.db, fx.actor, { meetingId }, deps);
		expect(result.usulan.map((u) => u.itemId)).toEqual(['good-1', 'good-2']);
		expect(result.usulan.map((u) => u.rank)).toEqual([1, 2]);
		expect(result.skipped.map((s) => s.id)).toEqual(
			['bad cost!', 'bad-sector', 'bad-title', 'blank-title', 'junk-string'].sort()
		);
		const reasons = Object.fromEntries(result.skipped.map((s) => [s.id, s.reasons]));
		expect(reasons['junk-string']).toContainEqual({ field: 'item', code: 'wrongType' });
		expect(reasons['bad-title']).toContainEqual({ field: 'title', code: 'wrongType' });
		expect(reasons['bad-sector']).toContainEqual({ field: 'sector', code: 'unknownSector' });
		expect(reasons['blank-title']).toContainEqual({ field: 'title', code: 'empty' });
		expect(reasons['bad cost!']).toEqual(
			expect.arrayContaining([
				{ field: 'id', code: 'malformed' },
				{ field: 'estimatedCost', code: 'negative' }
			])
		);

		const [stored] = await versionsOf(meetingId);
		expect(stored.skipped).toEqual(result.skipped);
		expect(await usulanOfVersion(db.db, stored.id)).toHaveLength(2);
	});

	it('stores an empty version for an empty board', async () => {
		const { id: meetingId } = await meetingIn('collecting');
		const result = await finalizeBoard(db.db, fx.actor, { meetingId }, deps);
		expect(result).toMatchObject({ created: true, usulan: [], skipped: [] });
		expect(result.version.version).toBe(1);
	});

	describe('who and when', () => {
		/** Counts the boards a call made the server open, so refusals can prove they opened none. */
		function countingDeps() {
			const opened: string[] = [];
			const d: FinalizeDeps = {
				openDoc: (name) => {
					opened.push(name);
					return server.realtime.openDoc(name);
				}
			};
			return { d, opened };
		}

		it('lets staff of the kelurahan and an admin without one finalize, in voting and closed', async () => {
			const staff = await createUser(db.db, { role: 'staff', kelurahanId: fx.actor.kelurahanId });
			const admin = await createUser(db.db, { role: 'admin', kelurahanId: null });
			const voting = await meetingIn('voting');
			const asStaff: StaffActor = {
				kind: 'user',
				id: staff.id,
				role: 'staff',
				kelurahanId: fx.actor.kelurahanId
			};
			const r1 = await finalizeBoard(db.db, asStaff, { meetingId: voting.id }, deps);
			expect(r1.version).toMatchObject({ version: 1, createdBy: staff.id });

			const closed = await meetingIn('voting');
			await advanceMeetingPhase(db.db, fx.actor, { meetingId: closed.id, to: 'closed' });
			const asAdmin: StaffActor = { kind: 'user', id: admin.id, role: 'admin', kelurahanId: null };
			const r2 = await finalizeBoard(db.db, asAdmin, { meetingId: closed.id }, deps);
			expect(r2.version).toMatchObject({ version: 1, createdBy: admin.id });
		});

		it('refuses nobody signed in and residents, even while they may edit the board', async () => {
			const m = await meetingIn('collecting');
			const { d, opened } = countingDeps();
			expect(await refusal(finalizeBoard(db.db, null, { meetingId: m.id }, d))).toBe('forbidden');
			const resident = {
				kind: 'participant' as const,
				participantId: '7b1f9a52-2c1e-4d4a-9d7e-1f2a3b4c5d6e',
				meetingId: m.id,
				displayName: 'Bu Siti'
			};
			expect(await refusal(finalizeBoard(db.db, resident, { meetingId: m.id }, d))).toBe(
				'forbidden'
			);
			expect(opened).toEqual([]);
			expect(await versionsOf(m.id)).toEqual([]);
		});

		it("refuses staff of another kelurahan, and staff of the meeting's kelurahan in another", async () => {
			const m = await meetingIn('collecting');
			const outsider = await createUser(db.db, {
				role: 'facilitator',
				kelurahanId: fx.otherKelurahanId
			});
			const { d, opened } = countingDeps();
			const actor: StaffActor = {
				kind: 'user',
				id: outsider.id,
				role: 'facilitator',
				kelurahanId: fx.otherKelurahanId
			};
			expect(await refusal(finalizeBoard(db.db, actor, { meetingId: m.id }, d))).toBe('forbidden');
			const outsiderAdmin: StaffActor = { ...actor, role: 'admin' };
			expect(await refusal(finalizeBoard(db.db, outsiderAdmin, { meetingId: m.id }, d))).toBe(
				'forbidden'
			);
			expect(opened).toEqual([]);
			expect(await versionsOf(m.id)).toEqual([]);
		});

		it.each(['draft', 'open'] as const)(
			'refuses a meeting in %s: nothing was collected yet',
			async (phase) => {
				const m = await meetingIn(phase);
				const { d, opened } = countingDeps();
				expect(await refusal(finalizeBoard(db.db, fx.actor, { meetingId: m.id }, d))).toBe(
					'too_early'
				);
				expect(opened).toEqual([]);
				expect(await versionsOf(m.id)).toEqual([]);
			}
		);

		it('refuses a finalized meeting: its record is sealed', async () => {
			const m = await meetingIn('collecting');
			await onBoard(m.id, (doc) => add(doc, 'x', { title: 'Taman baca' }));
			await finalizeBoard(db.db, fx.actor, { meetingId: m.id }, deps);
			await advanceMeetingPhase(db.db, fx.actor, { meetingId: m.id, to: 'finalized' });
			await onBoard(m.id, (doc) => add(doc, 'y', { title: 'Bank sampah' }));
			expect(await refusal(finalizeBoard(db.db, fx.actor, { meetingId: m.id }, deps))).toBe(
				'sealed'
			);
			expect((await versionsOf(m.id)).map((v) => v.version)).toEqual([1]);
		});

		it.each([
			['an unknown id', '00000000-0000-4000-8000-000000000000'],
			['a malformed id', "1' or '1'='1"],
			['a non-string id', 42 as unknown as string]
		])('answers not_found for %s', async (_label, meetingId) => {
			const { d, opened } = countingDeps();
			expect(await refusal(finalizeBoard(db.db, fx.actor, { meetingId }, d))).toBe('not_found');
			expect(opened).toEqual([]);
		});
	});

	it('gives concurrent finalizes distinct or identical versions, never a duplicate number', async () => {
		const { id: meetingId } = await meetingIn('collecting');
		await onBoard(meetingId, (doc) => add(doc, 'first', { title: 'Usulan 0' }));
		const calls: ReturnType<typeof finalizeBoard>[] = [];
		for (let i = 1; i <= 6; i++) {
			calls.push(finalizeBoard(db.db, fx.actor, { meetingId }, deps));
			// Every other call finds a board changed since the one before it.
			if (i % 2 === 0)
				await onBoard(meetingId, (doc) => add(doc, `n${i}`, { title: `Usulan ${i}` }));
		}
		const results = await Promise.all(calls);

		const stored = await versionsOf(meetingId);
		const numbers = stored.map((v) => v.version);
		expect(numbers).toEqual(numbers.map((_, i) => i + 1));
		expect(new Set(stored.map((v) => v.contentHash)).size).toBe(stored.length);
		for (const r of results) {
			const same = stored.find((v) => v.version === r.version.version);
			expect(same?.id).toBe(r.version.id);
			expect(await usulanOfVersion(db.db, r.version.id)).toEqual(r.usulan);
		}
		expect(results.filter((r) => r.created)).toHaveLength(stored.length);

		// Whichever board state the last call saw, finalizing now yields the board as it is.
		const now = await finalizeBoard(db.db, fx.actor, { meetingId }, deps);
		expect(now.usulan.map((u) => u.title)).toEqual([
			'Usulan 0',
			'Usulan 2',
			'Usulan 4',
			'Usulan 6'
		]);
	});
});
