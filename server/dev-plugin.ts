import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { logger } from '../src/lib/server/log.ts';
import { ensureRuntime, type Runtime } from '../src/lib/server/runtime.ts';
import { createUpgradeHandler } from './upgrade.ts';

/**
 * Under `vite dev` and `vite preview` the same `/yjs/` upgrade seam is attached to Vite's HTTP
 * server, backed by the same process runtime the SvelteKit hooks use. Other upgrades (Vite's HMR
 * socket) are left alone.
 */
export function rembukDevServer(): Plugin {
	let runtime: Runtime | undefined;
	const attach = (httpServer: Server | null | undefined) => {
		// Vitest also starts a Vite server: tests open their own databases, never the dev one.
		if (!httpServer || process.env.VITEST) return;
		ensureRuntime({ migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)) })
			.then((r) => {
				runtime = r;
				r.listening(); // Vite's server already answers
			})
			.catch((e) => logger('dev').error('runtime failed to start', { error: e }));
		httpServer.on(
			'upgrade',
			createUpgradeHandler({
				realtime: () => runtime?.realtime.handleUpgrade,
				ownAllUpgrades: false
			})
		);
	};
	return {
		name: 'rembuk-dev-server',
		configureServer(server) {
			attach(server.httpServer as Server | null);
		},
		configurePreviewServer(server) {
			attach(server.httpServer as Server);
		}
	};
}
