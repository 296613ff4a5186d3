/**
 * The public results page of a meeting (/hasil/<id>) and the staff "Nasib usulan" page: what each
 * usulan became (ranked, voted, decided, planned, in progress, carried over), the attendance
 * figures, and above all that no person is named — no participant, proposer, candidate or staff
 * name, no join code, no token. Checked on the loads' data on each database, then over HTTP on a
 * server process started on the same database (the built server).
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatJoinCode } from '../../../src/lib/domain/join-code.ts';
import type { StaffActor } from '../../../src/lib/server/auth/policy.ts';
import { openDatabase, type DatabaseHandle } from '../../../src/lib/server/db/client.ts';
import { user } from '../../../src/lib/server/db/schema/index.ts';
import { advanceMeetingPhase } from '../../../src/lib/server/meetings/service.ts';
import { joinMeeting } from '../../../src/lib/server/participants/service.ts';
import {
	addProgress,
	carryOverPlanItem,
	createPlan,
	createPlanItem,
	setPlanStatus
} from '../../../src/lib/server/plans/service.ts';
import {
	addHybridCount,
	closeVoteWithTally,
	recordDecisions
} from '../../../src/lib/server/votes/record.ts';
import { castBallot, createVote, openVote } from '../../../src/lib/server/votes/service.ts';
import { load as joinLoad } from '../../../src/routes/j/[code]/+page.server.ts';
import { load as publicLoad } from '../../../src/routes/hasil/[meetingId=id]/+page.server.ts';
import {
	resultsArePublic,
	type PublicResults
} from '../../../src/lib/server/plans/public-results.ts';
import { load as fatesLoad } from '../../../src/routes/staff/meetings/[meetingId=id]/fates/+page.server.ts';
import { startApp } from '../../support/app-process.ts';
import { getPage } from '../../support/http.ts';
import { planUsulan, seedDecisions, staffActor } from '../../support/plans.ts';
import {
	seedRealtimeFixture,
	startRealtimeServer,
	type RealtimeTestServer
} from '../../support/realtime-server.ts';
import { createPgliteDir, createTestDatabase, drivers } from '../../support/test-db.ts';

const RUNTIME = Symbol.for('rembuk.runtime');
type Holder = Record<symbol, unknown>;

/** Everyone the seed names. None of them may reach the public page. */
const PROPOSER = 'Wibowo Pengusul Rahasia';
const VOTERS = ['Sulastri Pemilih Rahasia', 'Hartono Pemilih Rahasia', 'Yuliani Pemilih Rahasia'];
const JOINERS = ['Kartini Warga Rahasia', 'Darmaji Warga Rahasia'];
const CANDIDATES = ['Ratna Calon Rahasia', 'Sutrisno Calon Rahasia', 'Bagus Calon Rahasia'];
/** Notes typed about people: a hand count's, and a decision on a candidate. */
const PEOPLE_NOTES = ['Dihitung oleh Pak Suparman Rahasia', 'Seri dengan Bu Ratna, diundi'];
const CARRY_REASON = 'Pagu 2027 sudah habis';
const PROGRESS_DAY = '2027-04-01';

let keyN = 0;
const key = () => `pub-${Date.now()}-${keyN++}`;

const planItem = (over: Record<string, unknown>) => ({
	strategyArea: 'infrastruktur',
	startDate: '2027-03-01',
	endDate: '2027-08-31',
	...over
});

type Fixture = Awaited<ReturnType<typeof seedRealtimeFixture>>;

/**
 * The fixture meeting with everything the public page shows: the five plan usulan decided (four
 * agreed, one rejected), a paper count with a note, residents with inclusion answers, a delegate
 * election, and a plan where usulan 1 is planned, 3 is 40 % done and 4 is carried over (2 stays
 * agreed, 5 rejected). The meeting stays in voting; the caller closes it.
 */
async function seedMeeting(db: DatabaseHandle['db'], server: RealtimeTestServer, fx: Fixture) {
	const meetingId = fx.meeting.id;
	const { voteId, optionIds, decisionIds } = await seedDecisions(db, server, fx, {
		proposerName: PROPOSER,
		voterNames: VOTERS
	});
	await addHybridCount(db, fx.actor, {
		voteId,
		count: { source: 'paper', voters: 2, counts: { [optionIds[0]]: 2 } },
		note: PEOPLE_NOTES[0]
	});

	const tokens: string[] = [];
	for (const [i, displayName] of JOINERS.entries()) {
		const joined = await joinMeeting(db, {
			code: fx.meeting.joinCode,
			displayName,
			rt: 2,
			rw: 5,
			gender: i === 0 ? 'female' : 'male',
			ageGroup: i === 0 ? 'youth' : 'elderly',
			disability: i === 0 ? 'no' : 'yes'
		});
		if (!joined.ok) throw new Error(`join refused: ${joined.reason}`);
		tokens.push(joined.token);
	}

	const candidates = [];
	for (const name of CANDIDATES) {
		const p = await fx.participant(meetingId, name);
		tokens.push(p.token);
		candidates.push(p.participantId);
	}
	const election = await createVote(db, fx.actor, {
		meetingId,
		vote: {
			title: 'Utusan ke Musrenbang Kecamatan',
			subject: 'candidates',
			candidateIds: candidates,
			settings: { method: 'approval', maxChoices: 2 }
		}
	});
	await openVote(db, fx.actor, { voteId: election.vote.id });
	const [a, b, c] = candidates.map(
		(id) => election.options.find((o) => o.participantId === id)!.id
	);
	await castBallot(
		db,
		{ participantId: candidates[0], meetingId },
		{ voteId: election.vote.id, choice: { optionIds: [a, b] }, idempotencyKey: key() }
	);
	await closeVoteWithTally(db, fx.actor, { voteId: election.vote.id });
	await recordDecisions(db, fx.actor, {
		voteId: election.vote.id,
		decisions: {
			outcomes: [
				{ optionId: a, outcome: 'elected', rank: 1, note: '' },
				{ optionId: b, outcome: 'elected', rank: 2, note: '' },
				{ optionId: c, outcome: 'rejected', note: PEOPLE_NOTES[1] }
			]
		}
	});

	const staff: StaffActor = await staffActor(db);
	const plan = await createPlan(db, staff, { title: 'RKP Kelurahan 2027', year: 2027 });
	await createPlanItem(db, staff, plan.id, {
		decisionIds: [decisionIds[0]],
		item: planItem({
			activity: 'Perbaikan drainase RT 02 sepanjang 200 m',
			budget: 60_000_000,
			funding: { dana_kelurahan: 60_000_000 }
		})
	});
	const training = await createPlanItem(db, staff, plan.id, {
		decisionIds: [decisionIds[2]],
		item: planItem({
			activity: 'Pelatihan menjahit 20 peserta',
			strategyArea: 'ekonomi',
			budget: 25_000_000,
			funding: { csr: 25_000_000 }
		})
	});
	const posyandu = await createPlanItem(db, staff, plan.id, {
		decisionIds: [decisionIds[3]],
		item: planItem({
			activity: 'Posyandu lansia',
			strategyArea: 'pendidikan',
			budget: 6_500_000,
			funding: { dana_kelurahan: 6_500_000 }
		})
	});
	await setPlanStatus(db, staff, plan.id, 'approved');
	await addProgress(db, staff, training.id, {
		reportedOn: PROGRESS_DAY,
		percent: 40,
		realisedBudget: 10_000_000,
		indicatorValue: 8
	});
	await carryOverPlanItem(db, staff, posyandu.id, { reason: CARRY_REASON });

	const staffNames = (await db.select({ name: user.displayName }).from(user)).map((u) => u.name);
	return { tokens, staffNames, itemIds: [training.id, posyandu.id] };
}

/** What no public answer may contain. */
function forbiddenStrings(fx: Fixture, seeded: { tokens: string[]; staffNames: string[] }) {
	const code = fx.meeting.joinCode!;
	return [
		PROPOSER,
		...VOTERS,
		...JOINERS,
		...CANDIDATES,
		...PEOPLE_NOTES,
		...seeded.staffNames,
		...seeded.tokens,
		code,
		formatJoinCode(code)
	];
}

async function loadPublic(meetingId: string) {
	const headers: Record<string, string> = {};
	try {
		const data = (await (publicLoad as (e: unknown) => Promise<{ results: PublicResults }>)({
			params: { meetingId },
			setHeaders: (h: Record<string, string>) => Object.assign(headers, h)
		})) as { results: PublicResults };
		return { status: 200, data, headers };
	} catch (e) {
		if (isHttpError(e)) return { status: e.status, data: null, headers };
		throw e;
	}
}

async function loadJoin(code: string) {
	try {
		const data = await (joinLoad as (e: unknown) => Promise<{ found: boolean }>)({
			params: { code },
			cookies: { get: () => undefined },
			getClientAddress: () => '127.0.0.1'
		});
		return { redirect: null, data };
	} catch (e) {
		if (isRedirect(e)) return { redirect: { status: e.status, location: e.location }, data: null };
		throw e;
	}
}

/** The built server on `env`'s database (`npm test` builds before the integration tests). */
async function startServer(env: Record<string, string>) {
	const app = await startApp(env);
	return { url: app.url, stop: () => app.stop(), get: (path: string) => getPage(app.url, path) };
}

describe('when a meeting’s results are public', () => {
	it('opens them once the meeting ended, or once a final list has decisions', () => {
		expect(resultsArePublic('closed', false, 0)).toBe(true);
		expect(resultsArePublic('finalized', true, 0)).toBe(true);
		expect(resultsArePublic('voting', true, 1)).toBe(true);
		expect(resultsArePublic('voting', true, 0)).toBe(false);
		expect(resultsArePublic('voting', false, 0)).toBe(false);
		expect(resultsArePublic('collecting', false, 0)).toBe(false);
		expect(resultsArePublic('draft', false, 0)).toBe(false);
	});
});

describe.each(drivers)('public results page on %s', (driver) => {
	let handle: DatabaseHandle | null = null;
	let env: Record<string, string>;
	const cleanups: Array<() => Promise<unknown>> = [];
	let fx: Fixture;
	let seeded: Awaited<ReturnType<typeof seedMeeting>>;
	let whileVoting: Awaited<ReturnType<typeof loadPublic>>;
	let joinWhileVoting: Awaited<ReturnType<typeof loadJoin>>;
	let before: unknown;

	beforeAll(async () => {
		if (driver === 'pglite') {
			// On disk: the server process opens the same folder once this process lets go of it.
			const dir = await createPgliteDir();
			cleanups.push(dir.cleanup);
			handle = await openDatabase({ pgliteDir: dir.dir });
			env = { PGLITE_DIR: dir.dir };
		} else {
			const db = await createTestDatabase('postgres');
			cleanups.push(db.cleanup);
			handle = db;
			env = { DATABASE_URL: db.url! };
		}
		before = (globalThis as Holder)[RUNTIME];
		(globalThis as Holder)[RUNTIME] = Promise.resolve({ database: handle, redis: undefined });

		fx = await seedRealtimeFixture(handle.db);
		const server = await startRealtimeServer(handle.db);
		try {
			seeded = await seedMeeting(handle.db, server, fx);
		} finally {
			await server.close();
		}
		whileVoting = await loadPublic(fx.meeting.id);
		joinWhileVoting = await loadJoin(fx.meeting.joinCode!);
		await advanceMeetingPhase(handle.db, fx.actor, { meetingId: fx.meeting.id, to: 'closed' });
	});
	afterAll(async () => {
		(globalThis as Holder)[RUNTIME] = before;
		if (driver === 'pglite') await handle?.close();
		for (const fn of cleanups.reverse()) await fn();
	});

	describe('its data', () => {
		it('is public while voting once decisions exist, marked as not ended, and /j/ still joins', () => {
			expect(whileVoting.status).toBe(200);
			expect(whileVoting.data?.results.meeting.ended).toBe(false);
			expect(joinWhileVoting.redirect).toBeNull();
			expect(joinWhileVoting.data?.found).toBe(true);
		});

		it('gives the meeting facts, attendance figures and the number of delegates', async () => {
			const { status, data, headers } = await loadPublic(fx.meeting.id);
			expect(status).toBe(200);
			expect(headers['cache-control']).toBe('public, max-age=60');
			const r = data!.results;
			expect(r.meeting).toMatchObject({
				id: fx.meeting.id,
				title: 'Musrenbang uji',
				place: 'Balai Kelurahan',
				ended: true
			});
			expect(r.meeting.kelurahan?.name).toBeTruthy();
			// 3 voters, 2 who joined with answers, 3 candidates
			expect(r.attendance.total).toBe(8);
			expect(Object.fromEntries(r.attendance.groups.map((g) => [g.group, g.count]))).toEqual({
				women: 1,
				youth: 1,
				elderly: 1,
				disability: 1
			});
			expect(r.delegates).toBe(2);
		});

		it('lists the final list in rank order with each usulan’s votes, decision and plan', async () => {
			const r = (await loadPublic(fx.meeting.id)).data!.results;
			expect(r.usulan!.map((u) => [u.rank, u.title, u.fate])).toEqual([
				[1, planUsulan[0].title, 'planned'],
				[2, planUsulan[1].title, 'agreed'],
				[3, planUsulan[2].title, 'in_progress'],
				[4, planUsulan[3].title, 'carried_over'],
				[5, planUsulan[4].title, 'rejected']
			]);
			const [first, , third, fourth, fifth] = r.usulan!;
			// 3 phones and 2 on paper for the first usulan
			expect(first.votes).toEqual([
				{ title: 'Prioritas usulan', standing: { place: 1, value: 5, unit: 'votes', turnout: 5 } }
			]);
			expect(first.decision).toEqual({ outcome: 'agreed', rank: 1, note: '' });
			expect(first.planItems[0]).toMatchObject({ planTitle: 'RKP Kelurahan 2027', year: 2027 });
			expect(third.planItems[0]).toMatchObject({
				status: 'in_progress',
				percent: 40,
				reportedOn: PROGRESS_DAY
			});
			expect(fourth.planItems[0]).toMatchObject({
				carriedOver: true,
				carryOverReason: CARRY_REASON
			});
			expect(fifth.decision).toEqual({
				outcome: 'rejected',
				rank: null,
				note: 'Biaya terlalu besar'
			});
			expect(first.sector.nameId).toBe('Infrastruktur & lingkungan');
		});

		it('holds no name, join code or token anywhere', async () => {
			const text = JSON.stringify((await loadPublic(fx.meeting.id)).data);
			for (const s of forbiddenStrings(fx, seeded)) expect(text).not.toContain(s);
			// …while the database does hold them (the check above can fail)
			const { meetingRecord } = await import('../../../src/lib/server/meetings/record.ts');
			const record = JSON.stringify(await meetingRecord(handle!.db, fx.meeting.id));
			expect(record).toContain(CANDIDATES[0]);
			expect(record).toContain(PEOPLE_NOTES[1]);
		});

		it('is not found for a draft meeting, an unknown id and a malformed one', async () => {
			expect((await loadPublic(fx.other.id)).status).toBe(404);
			expect((await loadPublic('00000000-0000-4000-8000-000000000000')).status).toBe(404);
			expect((await loadPublic('bukan-id')).status).toBe(404);
		});

		it('sends /j/<CODE> of the ended meeting to its results', async () => {
			expect((await loadJoin(fx.meeting.joinCode!)).redirect).toEqual({
				status: 303,
				location: `/hasil/${fx.meeting.id}`
			});
			// a draft meeting's code still shows the join page
			expect((await loadJoin(fx.other.joinCode!)).data?.found).toBe(true);
		});

		it('gives staff the same fates with plan item ids and the public page’s address', async () => {
			const data = (await (fatesLoad as (e: unknown) => Promise<unknown>)({
				parent: async () => ({ meeting: { id: fx.meeting.id, phase: 'closed' } }),
				url: new URL(`http://rembuk.test/staff/meetings/${fx.meeting.id}/fates`)
			})) as {
				fates: { fate: string; planItems: { id: string }[] }[];
				publicPage: { url: string; qrSvg: string } | null;
			};
			expect(data.fates.map((f) => f.fate)).toEqual([
				'planned',
				'agreed',
				'in_progress',
				'carried_over',
				'rejected'
			]);
			expect(data.fates[2].planItems.map((i) => i.id)).toEqual([seeded.itemIds[0]]);
			expect(data.publicPage?.url).toBe(`http://rembuk.test/hasil/${fx.meeting.id}`);
			expect(data.publicPage?.qrSvg).toMatch(/^<svg/);
		});
	});

	describe('over HTTP', () => {
		let app: Awaited<ReturnType<typeof startServer>>;

		beforeAll(async () => {
			// PGlite serves one process at a time: hand the folder over to the server.
			if (driver === 'pglite') {
				await handle!.close();
				handle = null;
			}
			app = await startServer(env);
			cleanups.push(() => app.stop());
		});

		it('shows the ranked list with each fate to anyone, without a session, cached briefly', async () => {
			const res = await app.get(`/hasil/${fx.meeting.id}`);
			expect(res.status).toBe(200);
			expect(res.headers.get('cache-control')).toBe('public, max-age=60');
			const html = await res.text();
			const at = planUsulan.map((u) => html.indexOf(u.title));
			expect(at.every((i) => i > 0)).toBe(true);
			expect([...at].sort((a, b) => a - b)).toEqual(at);
			for (const text of [
				'Masuk RKP 2027',
				'Disepakati, belum masuk rencana',
				'Sedang dikerjakan 40 %',
				'aria-valuenow="40"',
				'Laporan terakhir: 1 April 2027',
				`Dibawa ke tahun berikutnya: ${CARRY_REASON}`,
				'Ditolak',
				'Biaya terlalu besar',
				'8 orang hadir',
				'Perempuan: 1 orang (13 %)',
				'Utusan terpilih untuk musyawarah tingkat berikutnya: 2 orang.'
			])
				expect(html).toContain(text);
			// Plain HTML: nothing to download and run on a cheap phone.
			expect(html).not.toMatch(/<script\b/);
		});

		it('names nobody: no participant, proposer, candidate or staff name, no code or token', async () => {
			const html = await (await app.get(`/hasil/${fx.meeting.id}`)).text();
			for (const s of forbiddenStrings(fx, seeded)) expect(html).not.toContain(s);
		});

		it('answers 404 with a friendly page for a draft meeting and for a malformed id', async () => {
			const draft = await app.get(`/hasil/${fx.other.id}`);
			expect(draft.status).toBe(404);
			expect(await draft.text()).toContain('Hasil rapat belum tersedia');
			expect((await app.get('/hasil/bukan-id')).status).toBe(404);
		});

		it('leads the QR link /j/<CODE> of the ended meeting to /hasil/<id>', async () => {
			const res = await app.get(`/j/${fx.meeting.joinCode}`);
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe(`/hasil/${fx.meeting.id}`);
		});
	});
});
