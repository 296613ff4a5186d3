import { plainDocNames, type Target } from './target.ts';
import { startServerChild } from './server-child.ts';

export const reference: Target = {
	name: 'reference',
	label: '@y/websocket-server 0.1.1',
	async start({ rooms }) {
		const server = await startServerChild('reference-server');
		return {
			protocol: 'y-websocket',
			serverUrl: `ws://127.0.0.1:${server.port}`,
			docNames: plainDocNames('bench/room', rooms),
			headers: {},
			pid: server.pid,
			stop: server.stop
		};
	}
};
