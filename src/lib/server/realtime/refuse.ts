import type { Duplex } from 'node:stream';

/** Answers an upgrade request with a plain HTTP status (no socket is created) and closes it. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, message?: string) {
	if (socket.writable && !socket.destroyed) {
		const body = JSON.stringify({ error: message ?? reason });
		socket.write(
			`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
				`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
		);
	}
	socket.destroy();
}
