import type { ClientProtocol } from '../messages.ts';

export type TargetName = 'reference' | 'hocuspocus' | 'rembuk';

/** A server under test, started fresh for one scenario. */
export interface RunningTarget {
	protocol: ClientProtocol;
	/** Base URL given to the client provider. */
	serverUrl: string;
	/** One doc name per room. */
	docNames: string[];
	/** Extra headers for every client's upgrade request (e.g. a session cookie). */
	headers: Record<string, string>;
	/** The server's own process: its CPU and memory are what the bench reports. */
	pid: number;
	stop(): Promise<void>;
}

export interface Target {
	name: TargetName;
	/** What the table shows, with versions. */
	label: string;
	start(options: { rooms: number }): Promise<RunningTarget>;
}

/** The target cannot run yet (missing API, build, ...): the bench skips it and says why. */
export class TargetUnavailable extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TargetUnavailable';
	}
}

/** `count` distinct doc names with a prefix, for servers that accept any name. */
export function plainDocNames(prefix: string, count: number): string[] {
	return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
}
