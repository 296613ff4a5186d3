import { asc, count, eq, isNull, and } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { kelurahan, rt, rw, sector } from '../db/schema/index.ts';

/** The kelurahan an account belongs to, with its sectors and how many RW/RT it has. */
export async function kelurahanOverview(db: Queryable, kelurahanId: string) {
	const [k, sectors, rwCount, rtCount] = await Promise.all([
		db.select().from(kelurahan).where(eq(kelurahan.id, kelurahanId)),
		db
			.select({ code: sector.code, nameId: sector.nameId, nameEn: sector.nameEn })
			.from(sector)
			.where(and(eq(sector.kelurahanId, kelurahanId), isNull(sector.archivedAt)))
			.orderBy(asc(sector.sortOrder)),
		db.select({ n: count() }).from(rw).where(eq(rw.kelurahanId, kelurahanId)),
		db
			.select({ n: count() })
			.from(rt)
			.innerJoin(rw, eq(rt.rwId, rw.id))
			.where(eq(rw.kelurahanId, kelurahanId))
	]);
	if (!k[0]) return null;
	return { kelurahan: k[0], sectors, rwCount: rwCount[0].n, rtCount: rtCount[0].n };
}

/** What the meeting form offers: the kelurahan's RW numbers and its sectors (both in order). */
export async function meetingFormOptions(db: Queryable, kelurahanId: string) {
	const [rws, sectors] = await Promise.all([
		db
			.select({ number: rw.number })
			.from(rw)
			.where(eq(rw.kelurahanId, kelurahanId))
			.orderBy(asc(rw.number)),
		db
			.select({ code: sector.code, nameId: sector.nameId, nameEn: sector.nameEn })
			.from(sector)
			.where(and(eq(sector.kelurahanId, kelurahanId), isNull(sector.archivedAt)))
			.orderBy(asc(sector.sortOrder))
	]);
	return { rws: rws.map((r) => r.number), sectors };
}
