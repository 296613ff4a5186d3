import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { IncomingMessage } from 'node:http';
import { sessionIdFromToken, sessionRenewal, type SessionPolicy } from '../auth/session.ts';
import type { Database } from '../db/client.ts';
import { participant, session, user } from '../db/schema/index.ts';
import { hashParticipantToken, PARTICIPANT_COOKIE, TOKEN_PATTERN } from '../participants/tokens.ts';
import { parseCookies } from './actor.ts';
import type { RealtimeActor } from './policy.ts';

/**
 * Resolves the actor of many socket upgrades at once. When a hall's Wi-Fi comes back, hundreds of
 * phones reconnect in the same second; one query per phone would queue them all behind each other
 * (PGlite serves one query at a time). Lookups arriving in the same tick share one query, and
 * results are cached for `ttlMs` (a reconnecting phone costs nothing). A removed participant is
 * dropped from the cache at once (`forgetParticipant`); a signed-out session may still open a
 * socket for at most `ttlMs`.
 */
export class ActorLoader {
	#cache = new Map<string, { actor: RealtimeActor | null; until: number }>();
	#sessionWaiters = new Map<string, Array<(a: RealtimeActor | null) => void>>();
	#participantWaiters = new Map<string, Array<(a: RealtimeActor | null) => void>>();
	#scheduled = false;

	constructor(
		private readonly db: Database,
		private readonly sessions: SessionPolicy & { cookieName: string },
		private readonly ttlMs = 15_000
	) {}

	/** The staff session first, else the participant token; null when neither is valid. */
	async resolve(req: IncomingMessage): Promise<RealtimeActor | null> {
		const cookies = parseCookies(req.headers.cookie);
		const sessionToken = cookies.get(this.sessions.cookieName);
		if (sessionToken && TOKEN_PATTERN.test(sessionToken)) {
			const actor = await this.#load('s:' + sessionIdFromToken(sessionToken), this.#sessionWaiters);
			if (actor) return actor;
		}
		const participantToken = cookies.get(PARTICIPANT_COOKIE);
		if (participantToken && TOKEN_PATTERN.test(participantToken)) {
			return this.#load('p:' + hashParticipantToken(participantToken), this.#participantWaiters);
		}
		return null;
	}

	forgetParticipant(participantId: string) {
		for (const [key, entry] of this.#cache) {
			if (entry.actor?.kind === 'participant' && entry.actor.participantId === participantId) {
				this.#cache.delete(key);
			}
		}
	}

	#load(key: string, waiters: Map<string, Array<(a: RealtimeActor | null) => void>>) {
		const hit = this.#cache.get(key);
		if (hit && hit.until > Date.now()) return Promise.resolve(hit.actor);
		return new Promise<RealtimeActor | null>((resolve) => {
			const list = waiters.get(key);
			if (list) list.push(resolve);
			else waiters.set(key, [resolve]);
			if (!this.#scheduled) {
				this.#scheduled = true;
				setImmediate(() => void this.#flush());
			}
		});
	}

	async #flush() {
		this.#scheduled = false;
		const sessions = new Map(this.#sessionWaiters);
		const participants = new Map(this.#participantWaiters);
		this.#sessionWaiters.clear();
		this.#participantWaiters.clear();
		const settle = (
			waiters: Map<string, Array<(a: RealtimeActor | null) => void>>,
			found: Map<string, RealtimeActor>
		) => {
			const until = Date.now() + this.ttlMs;
			for (const [key, list] of waiters) {
				const actor = found.get(key) ?? null;
				// Unknown tokens are not cached: a token issued a moment ago must work at once.
				if (actor) this.#cache.set(key, { actor, until });
				for (const resolve of list) resolve(actor);
			}
			if (this.#cache.size > 50_000) this.#cache.clear();
		};
		try {
			settle(sessions, await this.#sessions([...sessions.keys()].map((k) => k.slice(2))));
		} catch {
			settle(sessions, new Map());
		}
		try {
			settle(
				participants,
				await this.#participants([...participants.keys()].map((k) => k.slice(2)))
			);
		} catch {
			settle(participants, new Map());
		}
	}

	async #sessions(ids: string[]): Promise<Map<string, RealtimeActor>> {
		const found = new Map<string, RealtimeActor>();
		if (ids.length === 0) return found;
		const rows = await this.db
			.select({
				id: session.id,
				expiresAt: session.expiresAt,
				userId: user.id,
				role: user.role,
				kelurahanId: user.kelurahanId
			})
			.from(session)
			.innerJoin(user, eq(session.userId, user.id))
			.where(and(inArray(session.id, ids), isNull(user.disabledAt)));
		const now = new Date();
		for (const r of rows) {
			const renewal = sessionRenewal(r.expiresAt, this.sessions, now);
			if (renewal === 'expired') continue;
			// Sessions due for renewal are rare: extend them one by one, as page requests do.
			if (renewal !== 'fresh') {
				await this.db.update(session).set({ expiresAt: renewal }).where(eq(session.id, r.id));
			}
			found.set('s:' + r.id, {
				kind: 'user',
				id: r.userId,
				role: r.role,
				kelurahanId: r.kelurahanId
			});
		}
		return found;
	}

	async #participants(hashes: string[]): Promise<Map<string, RealtimeActor>> {
		const found = new Map<string, RealtimeActor>();
		if (hashes.length === 0) return found;
		const rows = await this.db
			.select({
				tokenHash: participant.tokenHash,
				participantId: participant.id,
				meetingId: participant.meetingId,
				displayName: participant.displayName
			})
			.from(participant)
			.where(and(inArray(participant.tokenHash, hashes), isNull(participant.removedAt)));
		for (const r of rows) {
			const { tokenHash, ...p } = r;
			found.set('p:' + tokenHash, { kind: 'participant', ...p });
		}
		return found;
	}
}
