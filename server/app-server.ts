import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createUpgradeHandler, type RealtimeUpgrade } from './upgrade.ts';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * The request header through which we tell adapter-node which protocol a request really used
 * (see docs/decisions/0003-origin-from-the-request.md). A client-sent value is always replaced.
 */
export const PROTOCOL_HEADER = 'x-rembuk-forwarded-proto';

export type AppServerOptions = {
	handler: NodeHandler;
	/** Answers the few hot requests it knows before SvelteKit (returns false for the rest). */
	fastPath?: (req: IncomingMessage, res: ServerResponse) => boolean;
	trustProxy: boolean;
	realtime: () => RealtimeUpgrade | undefined;
};

/** One HTTP server: the SvelteKit handler for requests, the realtime server for `/yjs/` upgrades. */
export function createAppServer(opts: AppServerOptions): Server {
	const server = createServer((req, res) => {
		req.headers[PROTOCOL_HEADER] = requestProtocol(req, opts.trustProxy);
		// Behind a proxy adapter-node reads the client address from X-Forwarded-For and throws when
		// it is missing (a request straight from the LAN): fall back to the socket's address.
		if (opts.trustProxy && !req.headers['x-forwarded-for'] && req.socket.remoteAddress) {
			req.headers['x-forwarded-for'] = req.socket.remoteAddress;
		}
		if (opts.fastPath?.(req, res)) return;
		opts.handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not Found');
		});
	});
	server.on('upgrade', createUpgradeHandler({ realtime: opts.realtime, ownAllUpgrades: true }));
	server.on('clientError', (_err, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
		else socket.destroy();
	});
	return server;
}

function requestProtocol(req: IncomingMessage, trustProxy: boolean): 'http' | 'https' {
	if (trustProxy) {
		const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
			.split(',')[0]
			.trim()
			.toLowerCase();
		if (forwarded === 'http' || forwarded === 'https') return forwarded;
	}
	return (req.socket as Socket & Partial<Pick<TLSSocket, 'encrypted'>>).encrypted
		? 'https'
		: 'http';
}

/**
 * Stops accepting connections, lets requests in flight finish (up to `timeoutMs`), then cuts what
 * is left. Resolves when the server is closed.
 */
export function closeGracefully(server: Server, timeoutMs: number): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
		timer.unref();
		server.close(() => {
			clearTimeout(timer);
			resolve();
		});
		server.closeIdleConnections();
	});
}
