/**
 * Whether this screen offers edit controls on the board, and if not, why — told plainly to the
 * person. The server decides what is really written (a read-only socket drops writes); this only
 * keeps the screen honest, including while offline, when the last known state still holds.
 */
import type { MeetingPhase } from '$lib/domain/meeting-phase';
import type { AccessMode } from '$lib/realtime/protocol';

export type ReadOnlyReason = 'removed' | 'locked' | 'notOpen' | 'closed' | 'readOnly';

export type EditabilityFacts = {
	/** The server withdrew this person's access (4403). */
	removed: boolean;
	/** What the socket last said; null before it said anything. */
	access: AccessMode | null;
	phase: MeetingPhase;
	/** The facilitator locked the board (live doc, else the board's mirror, else the page load). */
	locked: boolean;
	/** Staff of the kelurahan: they edit while preparing and collecting, lock or not. */
	staff: boolean;
};

const beforeCollecting: ReadonlySet<MeetingPhase> = new Set(['draft', 'open']);

/** Why the board is read-only in this phase, for whoever cannot write. */
function reasonFor(f: EditabilityFacts): ReadOnlyReason {
	if (beforeCollecting.has(f.phase)) return f.staff ? 'readOnly' : 'notOpen';
	if (f.phase !== 'collecting') return 'closed';
	return f.locked ? 'locked' : 'readOnly';
}

/** The server's rule (src/lib/server/realtime/policy.ts) as far as this screen knows the facts. */
function expectedWrite(f: EditabilityFacts): boolean {
	if (f.staff) return beforeCollecting.has(f.phase) || f.phase === 'collecting';
	return f.phase === 'collecting' && !f.locked;
}

export function boardEditability(
	f: EditabilityFacts
): { canEdit: true; reason: null } | { canEdit: false; reason: ReadOnlyReason } {
	if (f.removed) return { canEdit: false, reason: 'removed' };
	// A lock shows at once from the live doc, before the socket's access message follows it.
	const write = f.access === null ? expectedWrite(f) : f.access === 'write' && expectedWrite(f);
	return write ? { canEdit: true, reason: null } : { canEdit: false, reason: reasonFor(f) };
}
