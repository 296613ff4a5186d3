/**
 * Set-based statements whose size does not depend on how many values they carry. drizzle's
 * `inArray` sends one parameter per value and a multi-row insert one per cell, so a statement
 * over 500 ballots has thousands of parameters to build, bind and parse; these send one.
 */
import { sql, type Column, type SQL } from 'drizzle-orm';
import type { Queryable } from './client.ts';

/** `column = any($1::type[])`: one array parameter however many values. */
export function anyOf(column: Column, values: readonly string[], type: 'text' | 'uuid'): SQL {
	return sql`${column} = any(${sql.param(values)}::${sql.raw(type)}[])`;
}

/**
 * Rows of a raw statement. `db.execute()` answers with the rows themselves on postgres-js and
 * with `{ rows }` on PGlite; select plain text columns (cast with `::text`) so both drivers give
 * the same values.
 */
export async function rowsOf<T extends Record<string, unknown>>(
	db: Queryable,
	statement: SQL
): Promise<T[]> {
	const result: unknown = await db.execute(statement);
	if (Array.isArray(result)) return result as T[];
	return (result as { rows: T[] }).rows;
}
