import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	CONTROL_PARAM,
	decodeControl,
	MessageType,
	type ControlMessage
} from '../../src/lib/realtime/protocol.ts';

/** A `ws` WebSocket that sends a Cookie header, as a browser would. */
export function wsWithCookie(cookie: string | undefined) {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, cookie ? { headers: { cookie } } : {});
		}
	};
}

export type TestClient = {
	doc: Y.Doc;
	provider: WebsocketProvider;
	control: ControlMessage[];
	closes: Array<{ code: number; reason: string }>;
	destroy(): void;
};

/** A stock y-websocket client (plus Rembuk's control messages when `control` is true). */
export function connectClient(
	wsUrl: string,
	docName: string,
	cookie?: string,
	opts: { control?: boolean; doc?: Y.Doc } = {}
): TestClient {
	const doc = opts.doc ?? new Y.Doc();
	const control: ControlMessage[] = [];
	const closes: Array<{ code: number; reason: string }> = [];
	const provider = new WebsocketProvider(wsUrl, docName, doc, {
		WebSocketPolyfill: wsWithCookie(cookie) as unknown as typeof globalThis.WebSocket,
		params: opts.control ? { [CONTROL_PARAM]: '1' } : {},
		disableBc: true,
		maxBackoffTime: 300
	});
	provider.messageHandlers[MessageType.control] = (_e, decoder) => {
		const m = decodeControl(decoder);
		if (m) control.push(m);
	};
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	return {
		doc,
		provider,
		control,
		closes,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Resolves when `check()` is true, polling; rejects after `timeoutMs` with `what`. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

export function synced(c: TestClient) {
	return until(() => c.provider.synced, 'sync');
}

/** Opens a raw socket and resolves with the HTTP status of a refused upgrade (or 101). */
export function upgradeStatus(
	wsUrl: string,
	docName: string,
	cookie?: string,
	headers: Record<string, string> = {}
) {
	return new Promise<number>((resolve) => {
		const ws = new WebSocket(`${wsUrl}/${docName}`, {
			headers: { ...(cookie ? { cookie } : {}), ...headers }
		});
		ws.on('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.on('open', () => {
			resolve(101);
			ws.close();
		});
		ws.on('error', () => {});
	});
}

/** Clients a test file connects, destroyed together in its afterAll. */
export function trackedClients() {
	const clients: TestClient[] = [];
	return {
		connect(...args: Parameters<typeof connectClient>): TestClient {
			const c = connectClient(...args);
			clients.push(c);
			return c;
		},
		destroyAll() {
			for (const c of clients.splice(0)) c.destroy();
		}
	};
}
