import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { auditLog, type AuditEntry } from '../../src/lib/server/db/schema/index.ts';
import { createPlan, setPlanStatus } from '../../src/lib/server/plans/service.ts';
import { staffActor } from '../support/plans.ts';
import { seedRealtimeFixture } from '../support/realtime-server.ts';
import {
	createPgliteDir,
	createPostgresDatabase,
	dropPostgresDatabase,
	drivers,
	migrationsFolder
} from '../support/test-db.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

/** Runs `npm run audit:verify`'s script against a database as an operator would. */
async function auditVerify(env: Record<string, string>) {
	try {
		const { stdout, stderr } = await run(
			process.execPath,
			['--import', 'tsx', 'scripts/audit-verify.ts'],
			{ cwd: root, env: { ...process.env, DATABASE_URL: '', ...env } }
		);
		return { code: 0, out: stdout + stderr };
	} catch (e) {
		const err = e as { code: number; stdout: string; stderr: string };
		return { code: err.code, out: err.stdout + err.stderr };
	}
}

describe.each(drivers)('npm run audit:verify on %s', (driver) => {
	let env: Record<string, string>;
	let cleanup: () => Promise<void>;
	let rows: AuditEntry[];

	beforeAll(async () => {
		let handle;
		if (driver === 'pglite') {
			const folder = await createPgliteDir();
			env = { PGLITE_DIR: folder.dir };
			cleanup = folder.cleanup;
			handle = await openDatabase({ pgliteDir: folder.dir, migrationsFolder });
		} else {
			const url = await createPostgresDatabase();
			env = { DATABASE_URL: url };
			cleanup = () => dropPostgresDatabase(url);
			handle = await openDatabase({ databaseUrl: url, migrationsFolder });
		}
		try {
			// Real consequential writes: a meeting, a plan and its approval.
			await seedRealtimeFixture(handle.db);
			const staff = await staffActor(handle.db);
			const plan = await createPlan(handle.db, staff, { title: 'RKP audit', year: 2027 });
			await setPlanStatus(handle.db, staff, plan.id, 'approved');
			rows = await handle.db.select().from(auditLog).orderBy(auditLog.id);
		} finally {
			await handle.close();
		}
	}, 60_000);
	afterAll(async () => {
		await cleanup?.();
	});

	it('reports an intact chain with its head, then the first tampered row by id', async () => {
		expect(rows.length).toBeGreaterThanOrEqual(4);
		const intact = await auditVerify(env);
		expect(intact.code).toBe(0);
		expect(intact.out).toContain(`${rows.length} entries, chain head ${rows.at(-1)!.hash}`);

		// Someone edits the plan's approval in the database: "approved" becomes "closed".
		const victim = rows.find((r) => r.action === 'plan.status_changed')!;
		const handle = await openDatabase(
			env.PGLITE_DIR ? { pgliteDir: env.PGLITE_DIR } : { databaseUrl: env.DATABASE_URL }
		);
		try {
			await handle.db
				.update(auditLog)
				.set({ after: { status: 'closed' } })
				.where(eq(auditLog.id, victim.id));
		} finally {
			await handle.close();
		}
		const broken = await auditVerify(env);
		expect(broken.code).toBe(2);
		expect(broken.out).toContain(`audit log BROKEN at entry ${victim.id}`);
		expect(broken.out).toContain('its content was changed');
	}, 120_000);
});
