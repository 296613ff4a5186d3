/** Row ids are UUIDs; anything else (a typo in a URL, a probe) names no row. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: unknown): id is string {
	return typeof id === 'string' && UUID.test(id);
}
