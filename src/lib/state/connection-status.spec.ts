import { describe, expect, it } from 'vitest';
import { connectionStatus } from './connection-status.ts';

const base = { browserOnline: true, synced: false, everSynced: false, stopped: false };

describe('connectionStatus', () => {
	it('is connecting until the first sync, then online', () => {
		expect(connectionStatus(base)).toBe('connecting');
		expect(connectionStatus({ ...base, synced: true, everSynced: true })).toBe('online');
	});

	it('is reconnecting when a synced connection dropped', () => {
		expect(connectionStatus({ ...base, everSynced: true })).toBe('reconnecting');
	});

	it('is offline without network, whatever the socket last said', () => {
		expect(
			connectionStatus({ ...base, browserOnline: false, synced: true, everSynced: true })
		).toBe('offline');
	});

	it('is offline once the server stopped the connection', () => {
		expect(connectionStatus({ ...base, stopped: true, everSynced: true })).toBe('offline');
	});
});
