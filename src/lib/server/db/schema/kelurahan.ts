import { integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/** A kelurahan (or desa): the government unit that runs musyawarah and owns plans. */
export const kelurahan = pgTable('kelurahan', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull(),
	kecamatan: text('kecamatan').notNull(),
	city: text('city').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});
export type Kelurahan = typeof kelurahan.$inferSelect;

/** Sectors / strategy areas an usulan belongs to; each kelurahan keeps its own list. */
export const sector = pgTable(
	'sector',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kelurahanId: uuid('kelurahan_id')
			.notNull()
			.references(() => kelurahan.id, { onDelete: 'cascade' }),
		code: text('code').notNull(),
		nameId: text('name_id').notNull(),
		nameEn: text('name_en').notNull(),
		sortOrder: integer('sort_order').notNull().default(0),
		archivedAt: timestamp('archived_at', { withTimezone: true })
	},
	(t) => [unique('sector_kelurahan_code').on(t.kelurahanId, t.code)]
);
export type Sector = typeof sector.$inferSelect;

/** Rukun Warga inside a kelurahan, identified by its number (RW 01, RW 02 …). */
export const rw = pgTable(
	'rw',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kelurahanId: uuid('kelurahan_id')
			.notNull()
			.references(() => kelurahan.id, { onDelete: 'cascade' }),
		number: integer('number').notNull()
	},
	(t) => [unique('rw_kelurahan_number').on(t.kelurahanId, t.number)]
);
export type Rw = typeof rw.$inferSelect;

/** Rukun Tetangga inside an RW. */
export const rt = pgTable(
	'rt',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		rwId: uuid('rw_id')
			.notNull()
			.references(() => rw.id, { onDelete: 'cascade' }),
		number: integer('number').notNull()
	},
	(t) => [unique('rt_rw_number').on(t.rwId, t.number)]
);
export type Rt = typeof rt.$inferSelect;
