import type { ParamMatcher } from '@sveltejs/kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `[meetingId=id]`: a malformed id is a 404 before any load runs. */
export const match: ParamMatcher = (param) => UUID.test(param);
