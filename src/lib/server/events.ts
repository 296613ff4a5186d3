/**
 * In-process domain events, emitted by services after their transaction commits. The realtime
 * server listens (e.g. a phase change re-evaluates live connections). Lives on globalThis because
 * the server code is loaded twice in one process (see runtime.ts).
 */
export type DomainEvent =
	| { type: 'meeting.changed'; meetingId: string }
	| { type: 'participant.changed'; meetingId: string; participantId: string }
	/** A vote was opened, reopened or closed. */
	| { type: 'vote.changed'; meetingId: string; voteId: string }
	/** A ballot was stored (not sent for a retry that was already counted). */
	| { type: 'vote.ballot_cast'; meetingId: string; voteId: string };

type Listener = (event: DomainEvent) => void;
const KEY = Symbol.for('rembuk.events');
type Holder = { [KEY]?: Set<Listener> };

function listeners(): Set<Listener> {
	const g = globalThis as Holder;
	return (g[KEY] ??= new Set());
}

export function emitDomainEvent(event: DomainEvent) {
	for (const l of listeners()) {
		try {
			l(event);
		} catch (e) {
			console.error('domain event listener failed', e);
		}
	}
}

/** Returns a function that unsubscribes. */
export function onDomainEvent(listener: Listener): () => void {
	listeners().add(listener);
	return () => listeners().delete(listener);
}
