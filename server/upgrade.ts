import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { refuseUpgrade } from '../src/lib/server/realtime/refuse.ts';

/**
 * The WebSocket seam: the one HTTP server owns the `upgrade` event. Paths under `/yjs/` belong to
 * the realtime server; in production every other upgrade is refused with a plain HTTP answer,
 * under `vite dev` it is left alone (Vite's HMR socket arrives through the same event).
 */
export type RealtimeUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export const REALTIME_PREFIX = '/yjs/';

export function isRealtimePath(url: string | undefined) {
	return typeof url === 'string' && url.startsWith(REALTIME_PREFIX);
}

export function createUpgradeHandler(opts: {
	realtime: () => RealtimeUpgrade | undefined;
	/** true in production: refuse upgrades nobody owns. false under vite dev. */
	ownAllUpgrades: boolean;
}) {
	return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		socket.on('error', () => socket.destroy());
		if (isRealtimePath(req.url)) {
			const realtime = opts.realtime();
			if (!realtime) return refuseUpgrade(socket, 503, 'Service Unavailable');
			return realtime(req, socket, head);
		}
		if (opts.ownAllUpgrades) refuseUpgrade(socket, 404, 'Not Found');
	};
}
