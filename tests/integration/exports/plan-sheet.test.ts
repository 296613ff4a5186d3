import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planItemsSheet, sectorNamesOf } from '../../../src/lib/server/exports/plan-sheet.ts';
import { toCsv, toXlsx } from '../../../src/lib/server/exports/sheet.ts';
import { planDetail } from '../../../src/lib/server/plans/queries.ts';
import {
	addProgress,
	carryOverPlanItem,
	createPlan,
	createPlanItem,
	setPlanStatus
} from '../../../src/lib/server/plans/service.ts';
import { planUsulan, seedDecisions, staffActor } from '../../support/plans.ts';
import {
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createTestDatabase, drivers, type TestDatabase } from '../../support/test-db.ts';

describe.each(drivers)('plan items export on %s', (driver) => {
	let db: TestDatabase;
	let server: RealtimeTestServer;
	let sheet: ReturnType<typeof planItemsSheet>;

	beforeAll(async () => {
		db = await createTestDatabase(driver);
		const fx = await seedRealtimeFixture(db.db);
		server = await startRealtimeServer(db.db);
		const staff = await staffActor(db.db);
		const { decisionIds } = await seedDecisions(db.db, server, fx, {
			proposerName: 'Ibu Pengusul Rahasia'
		});
		const plan = await createPlan(db.db, staff, { title: 'RKP Kelurahan 2027', year: 2027 });
		const merged = await createPlanItem(db.db, staff, plan.id, {
			decisionIds: decisionIds.slice(0, 2),
			item: {
				activity: 'Perbaikan saluran RT 02–03',
				strategyArea: 'infrastruktur',
				rt: 2,
				rw: 5,
				budget: 100_000_000,
				funding: { dana_kelurahan: 90_000_000, swadaya: 10_000_000 },
				indicatorName: 'Rumah bebas banjir',
				indicatorUnit: 'rumah',
				indicatorBaseline: 0,
				indicatorTarget: 120,
				responsibleKind: 'kelurahan',
				responsibleName: 'Seksi Pembangunan',
				partners: [{ kind: 'kelompok_warga', name: 'Karang Taruna RW 05' }],
				startDate: '2027-03-01',
				endDate: '2027-08-31'
			}
		});
		const carried = await createPlanItem(db.db, staff, plan.id, {
			decisionIds: [decisionIds[3]],
			item: {
				activity: 'Posyandu lansia',
				strategyArea: 'pendidikan',
				budget: 6_500_000,
				funding: { dana_kelurahan: 6_500_000 }
			}
		});
		await carryOverPlanItem(db.db, staff, carried.id, { reason: 'Pagu habis' });
		await setPlanStatus(db.db, staff, plan.id, 'approved');
		await addProgress(db.db, staff, merged.id, {
			reportedOn: '2027-05-02',
			percent: 45,
			realisedBudget: 40_000_000,
			indicatorValue: 50
		});
		const detail = (await planDetail(db.db, plan.id))!;
		sheet = planItemsSheet(detail, await sectorNamesOf(db.db, plan.kelurahanId));
	});
	afterAll(async () => {
		await server?.close();
		await db?.cleanup();
	});

	it('opens as a workbook with one row per item, numbers as numbers', async () => {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await toXlsx([sheet])) as unknown as ArrayBuffer);
		const ws = wb.worksheets[0];
		expect(ws.name).toBe('Butir rencana');
		const header = (ws.getRow(1).values as unknown[]).slice(1);
		expect(header.slice(0, 4)).toEqual(['No.', 'Rencana', 'Tahun', 'Kegiatan']);
		const col = (name: string) => header.indexOf(name) + 1;
		expect(ws.rowCount).toBe(3);
		const first = ws.getRow(2);
		expect(first.getCell(col('Kegiatan')).value).toBe('Perbaikan saluran RT 02–03');
		expect(first.getCell(col('Anggaran (Rp)')).value).toBe(100_000_000);
		expect(first.getCell(col('Swadaya warga (Rp)')).value).toBe(10_000_000);
		expect(first.getCell(col('Kemajuan (%)')).value).toBe(45);
		expect(first.getCell(col('Realisasi anggaran (Rp)')).value).toBe(40_000_000);
		expect(String(first.getCell(col('Asal usulan')).value)).toContain(`#1 ${planUsulan[0].title}`);
		expect(String(first.getCell(col('Asal usulan')).value)).toContain(`#2 ${planUsulan[1].title}`);
		expect(String(first.getCell(col('Mitra')).value)).toContain('Karang Taruna RW 05');
		const second = ws.getRow(3);
		expect(second.getCell(col('Dibawa ke tahun berikutnya (alasan)')).value).toBe('Pagu habis');
	});

	it('writes the same rows as CSV, without the proposers’ names', () => {
		const csv = toCsv(sheet);
		expect(csv.split('\r\n').filter((l) => l !== '')).toHaveLength(3);
		expect(csv).toContain('Perbaikan saluran RT 02–03');
		expect(csv).not.toContain('Ibu Pengusul Rahasia');
	});
});
