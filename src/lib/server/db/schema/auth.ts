import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { kelurahan } from './kelurahan.ts';

export const userRoles = ['admin', 'staff', 'facilitator'] as const;
export type UserRole = (typeof userRoles)[number];
export const userRole = pgEnum('user_role', userRoles);

/** A staff, facilitator or admin account. Residents never get one (they join per meeting). */
export const user = pgTable('app_user', {
	id: uuid('id').primaryKey().defaultRandom(),
	kelurahanId: uuid('kelurahan_id').references(() => kelurahan.id, { onDelete: 'set null' }),
	/** Stored lower-case; sign-in compares lower-case. */
	username: text('username').notNull().unique(),
	displayName: text('display_name').notNull(),
	role: userRole('role').notNull(),
	passwordHash: text('password_hash').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	passwordChangedAt: timestamp('password_changed_at', { withTimezone: true })
		.notNull()
		.defaultNow(),
	disabledAt: timestamp('disabled_at', { withTimezone: true })
});
export type User = typeof user.$inferSelect;

/**
 * A signed-in browser. The id is the SHA-256 (hex) of the random token in the cookie, so a
 * leaked database does not leak usable sessions.
 */
export const session = pgTable(
	'session',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('session_user_idx').on(t.userId)]
);
export type Session = typeof session.$inferSelect;
