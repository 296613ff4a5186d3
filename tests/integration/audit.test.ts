import { buildMeetingInput } from '../factories/meetings.ts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, canonicalJson, verifyAuditChain } from '../../src/lib/server/audit/log.ts';
import { auditLog, user } from '../../src/lib/server/db/schema/index.ts';
import {
	advanceMeetingPhase,
	createMeeting,
	setBoardLocked
} from '../../src/lib/server/meetings/service.ts';
import { seedDemoData } from '../../src/lib/server/seed/demo.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../support/test-db.ts';

describe('canonicalJson', () => {
	it('sorts keys at every level and drops undefined', () => {
		expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe(
			'{"a":{"c":null,"d":[2,{"z":1}]},"b":1}'
		);
	});
});

describe.each(drivers)('audit log on %s', (driver) => {
	let db: TestDatabase;
	let actor: { kind: 'user'; id: string; role: 'facilitator'; kelurahanId: string | null };

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		await seedDemoData(db.db);
		const [f] = await db.db.select().from(user).where(eq(user.username, 'fasilitator'));
		actor = { kind: 'user', id: f.id, role: 'facilitator', kelurahanId: f.kelurahanId };
	});
	afterAll(async () => {
		await db?.cleanup();
	});

	it('records meeting transitions once (idempotent) and keeps an intact chain', async () => {
		const m = await createMeeting(db.db, actor, buildMeetingInput({ title: 'Musrenbang audit' }));
		await advanceMeetingPhase(db.db, actor, { meetingId: m.id, to: 'collecting' });
		await advanceMeetingPhase(db.db, actor, { meetingId: m.id, to: 'collecting' });
		await setBoardLocked(db.db, actor, { meetingId: m.id, locked: true });
		await setBoardLocked(db.db, actor, { meetingId: m.id, locked: true });
		const rows = await db.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.subjectId, m.id))
			.orderBy(auditLog.id);
		expect(rows.map((r) => r.action)).toEqual([
			'meeting.created',
			'meeting.phase_changed',
			'meeting.board_locked'
		]);
		expect(rows[1].before).toEqual({ phase: 'draft' });
		expect(rows[1].after).toEqual({ phase: 'collecting' });
		expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
	});

	it('keeps one chain under concurrent appends, and a rolled-back write leaves no entry', async () => {
		await Promise.all(
			Array.from({ length: 12 }, (_, i) =>
				db.db.transaction((tx) =>
					appendAudit(tx, {
						actor: { kind: 'system' },
						action: 'test.concurrent',
						subject: { type: 'test', id: String(i) },
						after: { i, nested: { b: 2, a: 1 } }
					})
				)
			)
		);
		await expect(
			db.db.transaction(async (tx) => {
				await appendAudit(tx, {
					actor: { kind: 'system' },
					action: 'test.rolled_back',
					subject: { type: 'test', id: 'x' }
				});
				throw new Error('the write failed');
			})
		).rejects.toThrow('the write failed');
		const rolledBack = await db.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'test.rolled_back'));
		expect(rolledBack).toHaveLength(0);
		const report = await verifyAuditChain(db.db, 5);
		expect(report).toMatchObject({ ok: true });
		expect(report.entries).toBeGreaterThanOrEqual(15);
	});

	it('finds the first changed entry, and the first entry after a removed one', async () => {
		const rows = await db.db.select().from(auditLog).orderBy(auditLog.id);
		const victim = rows[3];
		await db.db
			.update(auditLog)
			.set({ after: { phase: 'finalized' } })
			.where(eq(auditLog.id, victim.id));
		expect(await verifyAuditChain(db.db)).toEqual({
			ok: false,
			entries: 3,
			firstBroken: { id: victim.id, reason: 'hash' }
		});
		await db.db.update(auditLog).set({ after: victim.after }).where(eq(auditLog.id, victim.id));
		expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });

		await db.db.delete(auditLog).where(eq(auditLog.id, rows[5].id));
		expect(await verifyAuditChain(db.db)).toEqual({
			ok: false,
			entries: 5,
			firstBroken: { id: rows[6].id, reason: 'link' }
		});
	});
});
