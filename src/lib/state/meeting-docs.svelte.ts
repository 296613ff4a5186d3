/**
 * The browser's side of a meeting's two Yjs docs: the co-edited usulan board (kept in IndexedDB
 * too, so edits made without signal survive and merge later) and the server-written live doc.
 * Created by the page, handed down with `setMeetingDocs`, and never a module singleton: under SSR
 * a module-level instance would be shared by every request.
 *
 * Nothing connects until `start()`, which only the browser calls (from an effect), so the same
 * objects render harmlessly on the server with an empty board.
 */
import { getContext, setContext } from 'svelte';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	addItem,
	addProposer,
	deleteItem,
	getItemText,
	mergeItems,
	moveDown,
	moveItem,
	moveUp,
	readBoard,
	restoreItem,
	updateField,
	type BoardView,
	type EditableField,
	type EditableValues,
	type ItemInput,
	type MoveTarget,
	type OpResult,
	type ProposerInput,
	type TextField
} from '$lib/realtime/board';
import { docName } from '$lib/realtime/doc-names';
import { readLive, type LiveView } from '$lib/realtime/live';
import {
	CloseCode,
	CONTROL_PARAM,
	decodeControl,
	MessageType,
	type AccessMode
} from '$lib/realtime/protocol';
import { connectionStatus, type ConnectionStatus } from './connection-status';

export type { ConnectionStatus } from './connection-status';

/** Transaction origin of edits made on this phone (the board's operations tag them with it). */
export const localOrigin = { kind: 'local' } as const;

/**
 * The socket endpoint of this page's server (`REALTIME_PATH` on the server side). Same origin,
 * so the browser sends the participant or session cookie with the upgrade.
 */
export function realtimeBaseUrl(location: Location = window.location): string {
	return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/yjs`;
}

export type DocConnectionOptions = {
	/** The doc's name (`docName.board(id)` …): the socket path and the IndexedDB database name. */
	name: string;
	/** Keep the doc in IndexedDB, so edits made offline survive a reload and merge later. */
	persist?: boolean;
	/** Access known before the socket says so (from the page load); kept while offline. */
	initialAccess?: AccessMode | null;
};

/** One doc kept in sync over the socket, with what the person should know about the link. */
export class DocConnection {
	readonly doc = new Y.Doc();
	readonly name: string;
	readonly #persist: boolean;

	#browserOnline = $state(true);
	#synced = $state(false);
	#everSynced = $state(false);
	#stopped = $state(false);
	#removed = $state(false);
	#unsent = $state(0);
	#access = $state<AccessMode | null>(null);
	#presence = $state<number | null>(null);
	#loaded = $state(false);

	#provider: WebsocketProvider | null = null;
	#persistence: IndexeddbPersistence | null = null;
	#cleanup: Array<() => void> = [];

	constructor(opts: DocConnectionOptions) {
		this.name = opts.name;
		this.#persist = opts.persist ?? false;
		this.#access = opts.initialAccess ?? null;
	}

	/** `connecting` → `online`; `reconnecting` after a drop; `offline` without network. */
	get status(): ConnectionStatus {
		return connectionStatus({
			browserOnline: this.#browserOnline,
			synced: this.#synced,
			everSynced: this.#everSynced,
			stopped: this.#stopped
		});
	}

	/** Local changes made while not synced; back to 0 once the server has them. */
	get unsent(): number {
		return this.#unsent;
	}

	/** What the server lets this connection do; null until known. */
	get access(): AccessMode | null {
		return this.#access;
	}

	/** How many are connected to this doc, as the server counts them; null until it says. */
	get presence(): number | null {
		return this.#presence;
	}

	/** The server withdrew access (the participant was removed): no reconnecting. */
	get removed(): boolean {
		return this.#removed;
	}

	/** Content to show: the phone's saved copy has loaded, or the first sync is done. */
	get loaded(): boolean {
		return this.#loaded;
	}

	/** Opens the socket (and the IndexedDB copy). Browser only; calling twice does nothing. */
	start(baseUrl: string = realtimeBaseUrl()) {
		if (this.#provider) return;
		this.#browserOnline = navigator.onLine;

		if (this.#persist && typeof indexedDB !== 'undefined') {
			try {
				const persistence = new IndexeddbPersistence(this.name, this.doc);
				this.#persistence = persistence;
				void persistence.whenSynced.then(() => (this.#loaded = true)).catch(() => {});
			} catch {
				// Private browsing without IndexedDB: the board still works, just not across reloads.
				this.#persistence = null;
			}
		}

		const provider = new WebsocketProvider(baseUrl, this.name, this.doc, {
			connect: this.#browserOnline,
			params: { [CONTROL_PARAM]: '1' },
			// Every tab talks to the server itself: the server decides what each may write.
			disableBc: true,
			maxBackoffTime: 5000
		});
		this.#provider = provider;
		provider.messageHandlers[MessageType.control] = (_encoder, decoder) => {
			const message = decodeControl(decoder);
			if (!message) return;
			if (message.t === 'presence') this.#presence = message.connections;
			else this.#access = message.access;
		};
		provider.on('sync', (synced: boolean) => {
			this.#synced = synced;
			if (synced) {
				this.#everSynced = true;
				this.#loaded = true;
				this.#unsent = 0;
			}
		});
		provider.on('connection-close', (event) => {
			if (event?.code === CloseCode.forbidden) {
				this.#removed = true;
				this.#stopped = true;
				// What this phone kept of a meeting it was removed from has no business staying.
				void this.#persistence?.clearData().catch(() => {});
				this.#persistence = null;
			}
		});
		provider.on('closed', () => {
			this.#stopped = true;
		});

		const onUpdate = (_update: Uint8Array, origin: unknown) => {
			if (origin === provider || origin === this.#persistence) return;
			if (!provider.synced) this.#unsent++;
		};
		this.doc.on('update', onUpdate);

		// A dead socket is only noticed after 30 s of silence; the browser knows at once.
		const goOffline = () => {
			this.#browserOnline = false;
			provider.disconnect();
		};
		const goOnline = () => {
			this.#browserOnline = true;
			if (!this.#stopped) provider.connect();
		};
		window.addEventListener('offline', goOffline);
		window.addEventListener('online', goOnline);
		this.#cleanup.push(
			() => this.doc.off('update', onUpdate),
			() => window.removeEventListener('offline', goOffline),
			() => window.removeEventListener('online', goOnline)
		);
	}

	/** Closes the socket and the IndexedDB handle (the saved copy stays) and frees the doc. */
	destroy() {
		for (const fn of this.#cleanup.splice(0)) fn();
		this.#provider?.destroy();
		this.#provider = null;
		void this.#persistence?.destroy();
		this.#persistence = null;
		this.doc.destroy();
	}
}

/** Who is using the board on this screen. */
export type BoardActor = { id: string };

/**
 * The usulan board as plain values (`view`, re-read whole after every change) plus the
 * operations of `$lib/realtime/board`, bound to this doc and tagged as local edits.
 */
export class BoardModel {
	readonly connection: DocConnection;
	readonly sectors: readonly string[];
	readonly #actor: BoardActor;
	#view = $state.raw<BoardView>() as BoardView;
	#queued = false;
	readonly #onUpdate = () => {
		// A burst of updates (a sync, a paste) is read once, after the burst.
		if (this.#queued) return;
		this.#queued = true;
		queueMicrotask(() => {
			this.#queued = false;
			this.#refresh();
		});
	};

	constructor(connection: DocConnection, sectors: readonly string[], actor: BoardActor) {
		this.connection = connection;
		this.sectors = sectors;
		this.#actor = actor;
		this.#refresh();
		connection.doc.on('update', this.#onUpdate);
	}

	/** The board as every screen shows it: valid items in order, merged, deleted and invalid. */
	get view(): BoardView {
		return this.#view;
	}

	#refresh() {
		this.#view = readBoard(this.connection.doc, { sectors: this.sectors });
	}

	#opts() {
		return { sectors: this.sectors, origin: localOrigin };
	}

	/** The co-edited text of an item's title or problem (null for a broken item). */
	text(id: string, field: TextField): Y.Text | null {
		return getItemText(this.connection.doc, id, field);
	}

	add(input: ItemInput): OpResult<{ id: string }> {
		return addItem(this.connection.doc, input, {
			...this.#opts(),
			actorId: this.#actor.id,
			now: Date.now()
		});
	}

	update<F extends EditableField>(id: string, field: F, value: EditableValues[F]): OpResult {
		return updateField(this.connection.doc, id, field, value, this.#opts());
	}

	addProposer(id: string, proposer: ProposerInput): OpResult {
		return addProposer(this.connection.doc, id, proposer, this.#opts());
	}

	moveUp(id: string): OpResult {
		return moveUp(this.connection.doc, id, this.#opts());
	}

	moveDown(id: string): OpResult {
		return moveDown(this.connection.doc, id, this.#opts());
	}

	moveTo(id: string, target: MoveTarget): OpResult {
		return moveItem(this.connection.doc, id, target, this.#opts());
	}

	/** Merges duplicates into `keepId`; proposers and texts of both are kept. */
	merge(keepId: string, mergeIds: readonly string[]): OpResult {
		return mergeItems(
			this.connection.doc,
			{ keepId, mergeIds },
			{
				...this.#opts(),
				actorId: this.#actor.id,
				now: Date.now()
			}
		);
	}

	remove(id: string): OpResult {
		return deleteItem(this.connection.doc, id, this.#opts());
	}

	restore(id: string): OpResult {
		return restoreItem(this.connection.doc, id, this.#opts());
	}

	destroy() {
		this.connection.doc.off('update', this.#onUpdate);
	}
}

/** The server-written live doc (phase, locks, attendance) as plain values. */
export class LiveModel {
	readonly connection: DocConnection;
	#view = $state.raw<LiveView>({ meeting: null, attendance: null, vote: null });
	readonly #onUpdate = () => {
		this.#view = readLive(this.connection.doc);
	};

	constructor(connection: DocConnection) {
		this.connection = connection;
		this.#onUpdate();
		connection.doc.on('update', this.#onUpdate);
	}

	get view(): LiveView {
		return this.#view;
	}

	destroy() {
		this.connection.doc.off('update', this.#onUpdate);
	}
}

export type MeetingDocsOptions = {
	meetingId: string;
	/** Sector codes the meeting uses (what `readBoard` accepts). */
	sectors: readonly string[];
	actor: BoardActor;
	/** Board access as the page load decided it, until the socket says otherwise. */
	initialBoardAccess?: AccessMode | null;
};

/** Both docs of one meeting, as one phone or console holds them. */
export class MeetingDocs {
	readonly meetingId: string;
	readonly board: BoardModel;
	readonly live: LiveModel;

	constructor(opts: MeetingDocsOptions) {
		this.meetingId = opts.meetingId;
		this.board = new BoardModel(
			new DocConnection({
				name: docName.board(opts.meetingId),
				persist: true,
				initialAccess: opts.initialBoardAccess ?? null
			}),
			opts.sectors,
			opts.actor
		);
		this.live = new LiveModel(new DocConnection({ name: docName.live(opts.meetingId) }));
	}

	/** Connects both docs (browser only: call it from an effect). */
	start(baseUrl?: string) {
		this.board.connection.start(baseUrl);
		this.live.connection.start(baseUrl);
	}

	destroy() {
		this.board.destroy();
		this.live.destroy();
		this.board.connection.destroy();
		this.live.connection.destroy();
	}
}

const KEY = Symbol('meeting-docs');

/** Hands a page's `MeetingDocs` to the components below it. */
export function setMeetingDocs(docs: MeetingDocs): MeetingDocs {
	return setContext(KEY, docs);
}

/** The `MeetingDocs` a page above handed down. */
export function getMeetingDocs(): MeetingDocs {
	const docs = getContext<MeetingDocs | undefined>(KEY);
	if (!docs) throw new Error('getMeetingDocs() needs setMeetingDocs() in a parent component');
	return docs;
}
