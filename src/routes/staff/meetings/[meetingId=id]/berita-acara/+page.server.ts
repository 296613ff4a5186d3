import { error } from '@sveltejs/kit';
import { beritaAcara, parseSigners, SIGNER_NAME_MAX } from '$lib/server/meetings/berita-acara';
import { getRuntime } from '$lib/server/runtime';
import { m } from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

/**
 * The berita acara, ready to print (the layout has checked the meeting is ours). The chair's and
 * secretary's names come from the query string (a GET form), so the page works without
 * JavaScript and the PDF link carries the same names.
 */
export const load: PageServerLoad = async ({ parent, url }) => {
	const { meeting } = await parent();
	const signers = parseSigners(url.searchParams);
	const { database } = await getRuntime();
	const ba = await beritaAcara(database.db, meeting.id, {
		chair: signers.chair,
		secretary: signers.secretary
	});
	if (!ba) error(404, m.meeting_error_not_found());
	return {
		ba,
		signers: { values: signers.values, errors: signers.errors, max: SIGNER_NAME_MAX }
	};
};
