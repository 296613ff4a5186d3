/**
 * What the phone tells a person about its connection, decided from plain facts so the rule can
 * be tested without a browser.
 */

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

export type ConnectionFacts = {
	/** `navigator.onLine`: false when the phone knows it has no network at all. */
	browserOnline: boolean;
	/** The socket is open and the doc has synced with the server. */
	synced: boolean;
	/** It synced at least once since the page opened. */
	everSynced: boolean;
	/** The server ended the connection for good (access withdrawn, bad message). */
	stopped: boolean;
};

/**
 * `online` only once synced (an open socket alone may still be catching up); `offline` when
 * the phone has no network or the server stopped us; before the first sync `connecting`, after
 * it `reconnecting`.
 */
export function connectionStatus(f: ConnectionFacts): ConnectionStatus {
	if (f.stopped || !f.browserOnline) return 'offline';
	if (f.synced) return 'online';
	return f.everSynced ? 'reconnecting' : 'connecting';
}
