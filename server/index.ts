/**
 * Production entry: `node dist-server/index.js` (bundled by scripts/build-server.mjs).
 * Order matters: read the configuration, open and migrate the database, seed a first run, then
 * load the SvelteKit handler (adapter-node reads its environment at import) and listen.
 */
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ConfigError, getConfig } from '../src/lib/server/config.ts';
import { PgliteLockedError } from '../src/lib/server/db/pglite-lock.ts';
import { PGLITE_TEMPLATE_FILE } from '../src/lib/server/db/pglite-template.ts';
import { logger } from '../src/lib/server/log.ts';
import { ensureRuntime } from '../src/lib/server/runtime.ts';
import { createBallotFastPath } from '../src/lib/server/votes/ballot-fast-path.ts';
import {
	closeGracefully,
	createAppServer,
	PROTOCOL_HEADER,
	type NodeHandler
} from './app-server.ts';

const log = logger('server');

async function main() {
	const t0 = performance.now();
	let config;
	try {
		config = getConfig();
	} catch (e) {
		if (e instanceof ConfigError) {
			console.error(e.message);
			process.exit(78); // EX_CONFIG
		}
		throw e;
	}

	// adapter-node reads these when its handler module loads.
	if (config.origin) process.env.ORIGIN = config.origin;
	else process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
	if (config.trustProxy) process.env.ADDRESS_HEADER ??= 'x-forwarded-for';

	// Open the database and load the SvelteKit handler at the same time (cold start matters on a
	// laptop in a hall). The handler's init hook waits for this same runtime.
	const runtimeReady = ensureRuntime({
		config,
		migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
		// Written beside this bundle by `npm run build` (scripts/build-pglite-template.ts).
		pgliteTemplate: fileURLToPath(new URL(`./${PGLITE_TEMPLATE_FILE}`, import.meta.url)),
		announce: (lines) => console.log('\n' + lines.join('\n') + '\n')
	});
	const handlerReady = import(new URL('../build/handler.js', import.meta.url).href) as Promise<{
		handler: NodeHandler;
	}>;
	handlerReady.catch(() => {});

	let runtime;
	try {
		runtime = await runtimeReady;
	} catch (e) {
		if (e instanceof PgliteLockedError) {
			console.error(e.message);
			process.exit(75); // EX_TEMPFAIL
		}
		throw e;
	}
	const { handler } = await handlerReady;

	const server = createAppServer({
		handler,
		fastPath: createBallotFastPath(() => runtime.ballots, logger('ballots')),
		trustProxy: config.trustProxy,
		realtime: () => runtime.realtime.handleUpgrade
	});
	// A phone that loaded its ballot keeps the connection for the vote itself: on a weak access
	// point a new TCP handshake per request is what costs (Node's default is 5 s).
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	// Installed before the address is printed: whoever waits for that line may stop us at once.
	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info(`${signal} received: shutting down`);
		const force = setTimeout(() => {
			log.error('shutdown took too long; exiting');
			process.exit(1);
		}, config.shutdownTimeoutMs + 5000);
		force.unref();
		// Stop accepting first, then flush docs and send sockets away (1001: reconnect elsewhere),
		// then let HTTP requests in flight finish, then close the database.
		const http = closeGracefully(server, config.shutdownTimeoutMs);
		await runtime.realtime.close();
		await http;
		await runtime.close();
		log.info('stopped');
		process.exit(0);
	};
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		// A hall of phones connects in the same second; Node's default queue of 511 pending
		// connections would make the rest retry after 1 s, 3 s, 7 s (the kernel caps it anyway).
		server.listen({ port: config.port, host: config.host, backlog: 4096 }, () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	const ms = Math.round(performance.now() - t0);
	console.log(`Rembuk is listening on http://127.0.0.1:${port} (ready in ${ms} ms)`);
	runtime.listening();
	if (config.host === '0.0.0.0' || config.host === '::') {
		for (const ip of lanAddresses())
			console.log(`  phones on the same network: http://${ip}:${port}`);
	}
}

function lanAddresses() {
	return Object.values(networkInterfaces())
		.flat()
		.filter((i) => i && i.family === 'IPv4' && !i.internal)
		.map((i) => i!.address);
}

main().catch((e) => {
	console.error('Rembuk failed to start:', e);
	process.exit(1);
});
