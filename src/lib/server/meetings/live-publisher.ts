import type { AttendanceFigures } from '../../domain/attendance.ts';
import { meetingPhase } from '../../domain/meeting-phase.ts';
import { docName } from '../../realtime/doc-names.ts';
import {
	liveKeys,
	liveRoot,
	type LiveAttendance,
	type LiveMeeting
} from '../../realtime/live/schema.ts';
import { liveVoteKey, type LiveVote } from '../../realtime/live/vote.ts';
import type { Database } from '../db/client.ts';
import type { Meeting } from '../db/schema/index.ts';
import { onDomainEvent, type DomainEvent } from '../events.ts';
import type { Logger } from '../log.ts';
import type { RealtimeServer } from '../realtime/server.ts';
import { getMeeting } from './service.ts';

export type LivePublisherDeps = {
	db: Database;
	realtime: Pick<RealtimeServer, 'openDoc'>;
	log: Logger;
	/** The meeting's attendance figures (counts only: the live doc is read by every phone). */
	attendance(db: Database, meeting: Meeting): Promise<AttendanceFigures>;
	/** The vote the room is looking at, with its tally as the room may see it. */
	currentVote(db: Database, meetingId: string): Promise<LiveVote | null>;
	/** How long changes to one meeting are gathered into one write (a burst of joins → one write). */
	coalesceMs?: number;
	/** How many phones and screens hold the meeting's live doc, across processes (see `liveGap`). */
	audience?(meetingId: string): number;
	subscribeEvents?: typeof onDomainEvent;
};

export type LivePublisher = {
	/** Writes the meeting's live state now (after a pending write, if any). */
	publish(meetingId: string): Promise<void>;
	/** Publishes once per process for a meeting nobody has published yet (a page opening it). */
	ensurePublished(meetingId: string): Promise<void>;
	stop(): Promise<void>;
};

/** The keys of the live doc a write can refresh. */
type LivePart = 'meeting' | 'attendance' | 'vote';
const allParts: ReadonlySet<LivePart> = new Set(['meeting', 'attendance', 'vote']);

/**
 * Which parts an event can change. A meeting change can touch all of them (phase, RW scope and
 * thresholds, a closing that closes its votes); a participant change touches attendance and the
 * vote's eligible count; a ballot or a vote change touches only the vote.
 */
const partsTouchedBy: Record<DomainEvent['type'], readonly LivePart[]> = {
	'meeting.changed': ['meeting', 'attendance', 'vote'],
	'participant.changed': ['attendance', 'vote'],
	'vote.changed': ['vote'],
	'vote.ballot_cast': ['vote']
};

/** Up to this many phones a meeting's live doc is written at most every `coalesceMs`. */
export const LIVE_GAP_AUDIENCE = 500;

/**
 * How long a meeting's changes are gathered before its live doc is written. Every write goes to
 * every phone in the hall, so from LIVE_GAP_AUDIENCE phones on, the gap grows with the room, up to
 * twice `coalesceMs` (500 ms at 1,000 phones with the default): a big room's bars still move twice
 * a second and the final tally still reaches every phone well within a second, but the server
 * sends, and each phone decodes, half as many updates while the hall votes.
 */
export function liveGap(coalesceMs: number, audience: number): number {
	const scaled = Math.round((coalesceMs * audience) / LIVE_GAP_AUDIENCE);
	return Math.min(2 * coalesceMs, Math.max(coalesceMs, scaled));
}

/**
 * Keeps each meeting's `live` doc in step with the database: its phase and locks, the
 * attendance counts, and the current vote with its turnout and tally. Domain events (a join, a
 * phase change, a ballot) mark the parts of a meeting they touch as dirty; the write happens once
 * per `coalesceMs` (longer in a big room, see `liveGap`) and recomputes only those parts, so 300
 * phones joining in a minute, or 1,000 ballots in a few seconds, cost a handful of broadcasts and
 * no attendance query per ballot. The
 * process where the change happened writes; the realtime server persists the write and fans it
 * out to other processes through Redis.
 */
export function createLivePublisher(deps: LivePublisherDeps): LivePublisher {
	const { db, realtime, log } = deps;
	const coalesceMs = deps.coalesceMs ?? 250;
	const timers = new Map<string, ReturnType<typeof setTimeout>>();
	const dirty = new Map<string, Set<LivePart>>();
	const running = new Map<string, Promise<void>>();
	const published = new Set<string>();
	let stopped = false;

	async function write(meetingId: string, parts: ReadonlySet<LivePart>) {
		const row =
			parts.has('meeting') || parts.has('attendance') ? await getMeeting(db, meetingId) : null;
		if (!row && (parts.has('meeting') || parts.has('attendance'))) return;
		const meeting: LiveMeeting | null =
			row && parts.has('meeting')
				? {
						title: row.title,
						phase: meetingPhase(row),
						boardLocked: row.boardLockedAt !== null,
						joinLocked: row.joinLockedAt !== null
					}
				: null;
		const [attendance, currentVote]: [LiveAttendance | null, LiveVote | null] = await Promise.all([
			row && parts.has('attendance') ? deps.attendance(db, row) : null,
			parts.has('vote') ? deps.currentVote(db, meetingId) : null
		]);
		const handle = await realtime.openDoc(docName.live(meetingId));
		try {
			handle.transact((doc) => {
				const state = doc.getMap(liveRoot);
				if (meeting) state.set(liveKeys.meeting, meeting);
				if (attendance) state.set(liveKeys.attendance, attendance);
				if (parts.has('vote')) state.set(liveVoteKey, currentVote);
			});
			await handle.flush();
			if (parts.size === allParts.size) published.add(meetingId);
		} finally {
			handle.release();
		}
	}

	/** One write per meeting at a time; a change during a write schedules another. */
	function publish(meetingId: string, parts: ReadonlySet<LivePart> = allParts): Promise<void> {
		const previous = running.get(meetingId) ?? Promise.resolve();
		const next = previous
			.catch(() => undefined)
			.then(() => write(meetingId, parts))
			.finally(() => {
				if (running.get(meetingId) === next) running.delete(meetingId);
			});
		running.set(meetingId, next);
		return next;
	}

	function schedule(meetingId: string, parts: readonly LivePart[]) {
		if (stopped) return;
		const pending = dirty.get(meetingId) ?? new Set<LivePart>();
		for (const part of parts) pending.add(part);
		dirty.set(meetingId, pending);
		if (timers.has(meetingId)) return;
		timers.set(
			meetingId,
			setTimeout(
				() => {
					timers.delete(meetingId);
					const due = dirty.get(meetingId) ?? allParts;
					dirty.delete(meetingId);
					publish(meetingId, due).catch((e) =>
						log.warn('live doc update failed', { meetingId, error: e })
					);
				},
				liveGap(coalesceMs, deps.audience?.(meetingId) ?? 0)
			)
		);
	}

	const unsubscribe = (deps.subscribeEvents ?? onDomainEvent)((event) => {
		schedule(event.meetingId, partsTouchedBy[event.type]);
	});

	return {
		publish,
		async ensurePublished(meetingId) {
			if (!published.has(meetingId)) await publish(meetingId);
		},
		async stop() {
			stopped = true;
			unsubscribe();
			for (const t of timers.values()) clearTimeout(t);
			timers.clear();
			dirty.clear();
			await Promise.allSettled([...running.values()]);
		}
	};
}
