import { customType } from 'drizzle-orm/pg-core';

/**
 * `bytea` as a plain Uint8Array on both drivers (postgres.js returns a Buffer, PGlite a
 * Uint8Array; Yjs wants exactly Uint8Array views it can decode).
 */
export const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	toDriver: (value) => value,
	fromDriver: (value) =>
		value instanceof Uint8Array && value.constructor !== Uint8Array
			? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
			: (value as Uint8Array)
});
