/**
 * Child process: Hocuspocus with no extensions (no persistence, no auth), attached to a plain
 * `ws` server the way Hocuspocus' own `Server` class does it. The `Server` class is not used
 * because its `address` option does not reach `listen()`, so it would bind every interface.
 */
import { Hocuspocus } from '@hocuspocus/server';
import { serveWebSockets } from './listen.ts';

const hocuspocus = new Hocuspocus({ name: 'bench', quiet: true });

serveWebSockets((socket, request) => {
	socket.on('error', (error) => console.error('hocuspocus socket error:', error.message));
	hocuspocus.handleConnection(socket, request);
});
