import type { Plugin } from 'vite';
import { createUpgradeHandler } from './upgrade.ts';

/**
 * Under `vite dev` and `vite preview` the same `/yjs/` upgrade seam is attached to Vite's HTTP
 * server. Other upgrades (Vite's HMR socket) are left alone.
 */
export function rembukDevServer(): Plugin {
	const attach = (httpServer: import('node:http').Server | null | undefined) => {
		httpServer?.on(
			'upgrade',
			createUpgradeHandler({ realtime: () => undefined, ownAllUpgrades: false })
		);
	};
	return {
		name: 'rembuk-dev-server',
		configureServer(server) {
			attach(server.httpServer as import('node:http').Server | null);
		},
		configurePreviewServer(server) {
			attach(server.httpServer as import('node:http').Server);
		}
	};
}
