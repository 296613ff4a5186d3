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
import { onDomainEvent } from '../events.ts';
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
	subscribeEvents?: typeof onDomainEvent;
};

export type LivePublisher = {
	/** Writes the meeting's live state now (after a pending write, if any). */
	publish(meetingId: string): Promise<void>;
	/** Publishes once per process for a meeting nobody has published yet (a page opening it). */
	ensurePublished(meetingId: string): Promise<void>;
	stop(): Promise<void>;
};

/**
 * Keeps each meeting's `live` doc in step with the database: its phase and locks, the
 * attendance counts, and the current vote with its turnout and tally. Domain events (a join, a phase change, a lock) mark a meeting dirty; the
 * write happens once per `coalesceMs`, so 300 phones joining in a minute cost a handful of
 * broadcasts, not 300. The process where the change happened writes; the realtime server
 * persists the write and fans it out to other processes through Redis.
 */
export function createLivePublisher(deps: LivePublisherDeps): LivePublisher {
	const { db, realtime, log } = deps;
	const coalesceMs = deps.coalesceMs ?? 250;
	const timers = new Map<string, ReturnType<typeof setTimeout>>();
	const running = new Map<string, Promise<void>>();
	const published = new Set<string>();
	let stopped = false;

	async function write(meetingId: string) {
		const row = await getMeeting(db, meetingId);
		if (!row) return;
		const meeting: LiveMeeting = {
			title: row.title,
			phase: meetingPhase(row),
			boardLocked: row.boardLockedAt !== null,
			joinLocked: row.joinLockedAt !== null
		};
		const [attendance, currentVote]: [LiveAttendance, LiveVote | null] = await Promise.all([
			deps.attendance(db, row),
			deps.currentVote(db, meetingId)
		]);
		const handle = await realtime.openDoc(docName.live(meetingId));
		try {
			handle.transact((doc) => {
				const state = doc.getMap(liveRoot);
				state.set(liveKeys.meeting, meeting);
				state.set(liveKeys.attendance, attendance);
				state.set(liveVoteKey, currentVote);
			});
			await handle.flush();
			published.add(meetingId);
		} finally {
			handle.release();
		}
	}

	/** One write per meeting at a time; a change during a write schedules another. */
	function publish(meetingId: string): Promise<void> {
		const previous = running.get(meetingId) ?? Promise.resolve();
		const next = previous
			.catch(() => undefined)
			.then(() => write(meetingId))
			.finally(() => {
				if (running.get(meetingId) === next) running.delete(meetingId);
			});
		running.set(meetingId, next);
		return next;
	}

	function schedule(meetingId: string) {
		if (stopped || timers.has(meetingId)) return;
		timers.set(
			meetingId,
			setTimeout(() => {
				timers.delete(meetingId);
				publish(meetingId).catch((e) =>
					log.warn('live doc update failed', { meetingId, error: e })
				);
			}, coalesceMs)
		);
	}

	const unsubscribe = (deps.subscribeEvents ?? onDomainEvent)((event) => {
		schedule(event.meetingId);
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
			await Promise.allSettled([...running.values()]);
		}
	};
}
