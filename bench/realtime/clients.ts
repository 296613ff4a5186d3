/**
 * One simulated phone: a Y.Doc with a stock provider. y-websocket's `WebsocketProvider` for the
 * reference server and Rembuk; `HocuspocusProvider` for Hocuspocus (its framing carries the doc
 * name). Both get `ws` as their WebSocket, with extra upgrade headers when the target needs them.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { monotonicNow } from './clock.ts';
import type { ConnectionSpec } from './messages.ts';

export interface BenchClient {
	readonly doc: Y.Doc;
	readonly awareness: Awareness | null;
	/** `monotonicNow()` of the first completed sync. */
	readonly synced: Promise<number>;
	/** Connections lost after the first sync (reconnects that the stock client then makes). */
	readonly disconnects: number;
	/** The stock provider itself, for benches that need its own signals (bench/vote's acks). */
	readonly provider:
		| { protocol: 'y-websocket'; provider: WebsocketProvider }
		| { protocol: 'hocuspocus'; provider: HocuspocusProvider };
	destroy(): void;
}

/** What the providers construct: `new WS(url, protocols)`. */
export type WebSocketClass = new (
	address: string | URL,
	protocols?: string | string[]
) => WebSocket;

/** `ws`, or a subclass that sends `headers` (e.g. a session cookie) with every upgrade. */
export function webSocketClass(headers: Record<string, string>): WebSocketClass {
	if (Object.keys(headers).length === 0) return WebSocket;
	return class WebSocketWithHeaders extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers });
		}
	};
}

export function createClient(
	spec: ConnectionSpec,
	WS: WebSocketClass,
	docName: string
): BenchClient {
	return spec.protocol === 'hocuspocus'
		? hocuspocusClient(spec, WS, docName)
		: yWebsocketClient(spec, WS, docName);
}

type YWebsocketOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>;

function yWebsocketClient(spec: ConnectionSpec, WS: WebSocketClass, docName: string): BenchClient {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(spec.serverUrl, docName, doc, {
		connect: false,
		// Node 20 has a global BroadcastChannel: without this, clients of one room in one worker
		// would sync with each other in-process instead of through the server.
		disableBc: true,
		WebSocketPolyfill: WS as unknown as YWebsocketOptions['WebSocketPolyfill']
	});
	if (!spec.awareness) provider.awareness.setLocalState(null);
	let connected = false;
	let destroyed = false;
	let disconnects = 0;
	provider.on('status', ({ status }) => {
		if (status === 'connected') connected = true;
		else if (status === 'disconnected' && connected && !destroyed) disconnects++;
	});
	const synced = new Promise<number>((resolve) => {
		const onSync = (isSynced: boolean) => {
			if (!isSynced) return;
			provider.off('sync', onSync);
			resolve(monotonicNow());
		};
		provider.on('sync', onSync);
	});
	provider.connect();
	return {
		doc,
		awareness: provider.awareness,
		synced,
		provider: { protocol: 'y-websocket', provider },
		get disconnects() {
			return disconnects;
		},
		destroy() {
			destroyed = true;
			provider.destroy();
			doc.destroy();
		}
	};
}

function hocuspocusClient(spec: ConnectionSpec, WS: WebSocketClass, docName: string): BenchClient {
	const doc = new Y.Doc();
	// One socket per client, as every phone has its own (Hocuspocus can multiplex docs on one).
	const socket = new HocuspocusProviderWebsocket({ url: spec.serverUrl, WebSocketPolyfill: WS });
	const provider = new HocuspocusProvider({
		websocketProvider: socket,
		name: docName,
		document: doc
	});
	if (!spec.awareness) provider.awareness?.setLocalState(null);
	let connected = false;
	let destroyed = false;
	let disconnects = 0;
	provider.on('connect', () => (connected = true));
	provider.on('disconnect', () => {
		if (connected && !destroyed) disconnects++;
	});
	const synced = new Promise<number>((resolve) => {
		const onSynced = ({ state }: { state: boolean }) => {
			if (!state) return;
			provider.off('synced', onSynced);
			resolve(monotonicNow());
		};
		provider.on('synced', onSynced);
	});
	provider.attach();
	return {
		doc,
		awareness: provider.awareness,
		synced,
		provider: { protocol: 'hocuspocus', provider },
		get disconnects() {
			return disconnects;
		},
		destroy() {
			destroyed = true;
			provider.destroy();
			socket.destroy();
			doc.destroy();
		}
	};
}
