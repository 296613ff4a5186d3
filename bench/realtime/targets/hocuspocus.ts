import { plainDocNames, type Target } from './target.ts';
import { startServerChild } from './server-child.ts';

export const hocuspocus: Target = {
	name: 'hocuspocus',
	label: '@hocuspocus/server 3.4.4',
	async start({ rooms }) {
		const server = await startServerChild('hocuspocus-server');
		return {
			protocol: 'hocuspocus',
			serverUrl: `ws://127.0.0.1:${server.port}`,
			docNames: plainDocNames('bench/room', rooms),
			headers: {},
			pid: server.pid,
			stop: server.stop
		};
	}
};
