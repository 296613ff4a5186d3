import { z } from 'zod';

const uuid = z.uuid();

/**
 * Row ids are UUIDs; anything else (a typo in a URL, a probe) names no row. Checking first also
 * keeps PostgreSQL from refusing the cast.
 */
export function isUuid(id: unknown): id is string {
	return uuid.safeParse(id).success;
}
