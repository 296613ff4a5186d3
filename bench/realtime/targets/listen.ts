/**
 * Shared by the server children: an HTTP server on 127.0.0.1, a random port, every upgrade handed
 * to a `ws` WebSocketServer, the port reported to the bench over IPC, and an exit when the bench
 * goes away (IPC disconnect) or asks (SIGTERM).
 */
import { createServer, type IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerListening } from '../messages.ts';

export function serveWebSockets(
	onConnection: (socket: WebSocket, request: IncomingMessage) => void
) {
	const server = createServer((_request, response) => {
		response.writeHead(200, { 'content-type': 'text/plain' });
		response.end('okay');
	});
	const wss = new WebSocketServer({ noServer: true });
	wss.on('connection', onConnection);
	server.on('upgrade', (request, socket, head) => {
		wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
	});
	server.listen(0, '127.0.0.1', () => {
		const address = server.address();
		const port = typeof address === 'object' && address ? address.port : 0;
		const message: ServerListening = { type: 'listening', port };
		process.send?.(message);
	});
	const exit = () => process.exit(0);
	process.on('disconnect', exit);
	process.on('SIGTERM', exit);
}
