import { error } from '@sveltejs/kit';
import { actorOf } from '$lib/server/http/actor';
import {
	beritaAcara,
	beritaAcaraFileName,
	parseSigners,
	SIGNER_NAME_MAX,
	staffMeetingFor
} from '$lib/server/meetings/berita-acara';
import { beritaAcaraPdf } from '$lib/server/meetings/berita-acara-pdf';
import { getRuntime } from '$lib/server/runtime';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/**
 * The berita acara as a PDF download, for staff of the meeting's kelurahan. Layout loads do not run
 * for an endpoint, so it checks access itself with the same rule as the meeting's pages: 401
 * without an account (a resident's participant cookie is not one), 404 for another kelurahan's
 * meeting. `?ketua=&sekretaris=` fill the signature block, as on the print page.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const { database } = await getRuntime();
	const access = await staffMeetingFor(database.db, actorOf(locals), params.meetingId);
	if (!access.ok) {
		if (access.reason === 'unauthenticated') error(401, m.api_error_unauthenticated());
		error(404, m.meeting_error_not_found());
	}
	const signers = parseSigners(url.searchParams);
	if (Object.keys(signers.errors).length > 0) {
		error(400, m.ba_signers_invalid({ max: SIGNER_NAME_MAX }));
	}
	const data = await beritaAcara(database.db, access.meeting.id, {
		chair: signers.chair,
		secretary: signers.secretary
	});
	if (!data) error(404, m.meeting_error_not_found());
	const pdf = await beritaAcaraPdf(data, { locale: 'id' });
	const fileName = beritaAcaraFileName(data.record.meeting, data.generatedAt);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${fileName}"`,
			'content-length': String(pdf.byteLength),
			// Names of residents: never kept by a shared cache.
			'cache-control': 'private, no-store'
		}
	});
};
