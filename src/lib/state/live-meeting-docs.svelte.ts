import { untrack } from 'svelte';
import { MeetingDocs, type MeetingDocsOptions } from './meeting-docs.svelte';

/**
 * A page's `MeetingDocs`, connected while the page shows and replaced only when the meeting id
 * changes (not when a form action reloads the page data). Call during component setup.
 */
export function liveMeetingDocs(options: () => MeetingDocsOptions): {
	readonly current: MeetingDocs;
} {
	const meetingId = $derived(options().meetingId);
	const docs = $derived.by(() => {
		const id = meetingId;
		return untrack(() => new MeetingDocs({ ...options(), meetingId: id }));
	});
	$effect(() => {
		docs.start();
		return () => docs.destroy();
	});
	return {
		get current() {
			return docs;
		}
	};
}
