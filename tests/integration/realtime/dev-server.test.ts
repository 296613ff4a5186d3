import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docName } from '../../../src/lib/realtime/doc-names.ts';
import { prepareAppFolder } from '../../support/realtime-server.ts';
import { connectClient, synced, until, upgradeStatus } from '../../support/yclient.ts';

const root = join(import.meta.dirname, '../../..');
/** Vite colours its output; strip the escape sequences. */
const plain = (s: string) =>
	s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

describe('the realtime endpoint under `vite dev`', () => {
	it('answers /yjs/ upgrades on the dev server’s own port and syncs stock clients', async () => {
		const { dir, fx, cleanup } = await prepareAppFolder();
		const env: Record<string, string> = {};
		for (const [k, v] of Object.entries(process.env)) {
			if (v !== undefined && !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST')
				env[k] = v;
		}
		const child = spawn(
			process.execPath,
			[join(root, 'node_modules/vite/bin/vite.js'), 'dev', '--port', '0', '--host', '127.0.0.1'],
			{
				cwd: root,
				env: { ...env, PGLITE_DIR: dir, LOG_LEVEL: 'warn' },
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		try {
			await until(
				() => /Local:\s+http:\/\/127\.0\.0\.1:\d+/.test(plain(out)),
				'vite dev to listen',
				60_000
			);
			const port = /127\.0\.0\.1:(\d+)/.exec(plain(out))![1];
			const wsUrl = `ws://127.0.0.1:${port}/yjs`;
			const board = docName.board(fx.meeting.id);
			// the runtime starts in the background: wait until the endpoint answers
			let status = 0;
			for (let i = 0; i < 100 && status !== 401; i++) {
				status = await upgradeStatus(wsUrl, board);
				if (status !== 401) await new Promise((r) => setTimeout(r, 200));
			}
			expect(status).toBe(401);
			const a = connectClient(wsUrl, board, fx.staffCookie);
			const b = connectClient(wsUrl, board, fx.staffCookie);
			await Promise.all([synced(a), synced(b)]);
			a.doc.getText('t').insert(0, 'dev');
			await until(() => b.doc.getText('t').toString() === 'dev', 'sync under vite dev');
			a.destroy();
			b.destroy();
		} finally {
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
			await cleanup();
		}
	});
});
