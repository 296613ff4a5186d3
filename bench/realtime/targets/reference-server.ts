/**
 * Child process: the reference y-websocket server. `setupWSConnection` is the connection handler
 * of `@y/websocket-server` 0.1.1 (the same code its `y-websocket-server` bin runs, on yjs 13); the
 * bin itself is not used only because it listens on a fixed port and imports `ws` 6, while this
 * wraps the same handler in `ws` 8 (the version Rembuk uses) on port 0.
 */
import { setupWSConnection } from '@y/websocket-server/utils';
import { serveWebSockets } from './listen.ts';

// The doc name is the request path without the leading slash, as in the reference bin.
serveWebSockets((socket, request) => setupWSConnection(socket, request));
