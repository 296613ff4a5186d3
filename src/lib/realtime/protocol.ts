/**
 * Rembuk's realtime protocol: the y-websocket protocol (so the stock `y-websocket` client works)
 * plus one optional control message. Shared by the browser and the server; no I/O here.
 *
 * Every WebSocket frame is binary and starts with a varUint message type (lib0 encoding).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Bumped when a change would break clients that speak an older version. */
export const PROTOCOL_VERSION = 1;

/**
 * The query parameter a Rembuk client adds to the socket URL to receive control messages.
 * Stock y-websocket clients do not send it and never get a message type they do not know.
 */
export const CONTROL_PARAM = 'rembuk';

/** Message types, as in y-websocket (0–3), plus Rembuk's control message (100). */
export const MessageType = {
	/** y-protocols sync: step 1 (state vector), step 2 (missing updates) or an update. */
	sync: 0,
	/** y-protocols awareness update (presence, cursors). */
	awareness: 1,
	/** y-protocols auth: permission denied. */
	auth: 2,
	/** Ask for every awareness state; answered with an awareness message. */
	queryAwareness: 3,
	/** Server → Rembuk client only: a JSON control message (see ControlMessage). */
	control: 100
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Sync sub-types (y-protocols/sync). */
export const SyncType = { step1: 0, step2: 1, update: 2 } as const;

/** Message types a client may send. Anything else closes the socket with `badMessage`. */
export const clientMessageTypes: ReadonlySet<number> = new Set([
	MessageType.sync,
	MessageType.awareness,
	MessageType.queryAwareness
]);

/**
 * WebSocket close codes. The stock y-websocket client treats 4400–4499 as final (it stops
 * reconnecting) and every other code as "reconnect with back-off".
 */
export const CloseCode = {
	/** Normal close. */
	normal: 1000,
	/** The server is shutting down or restarting: reconnect (to another process). */
	goingAway: 1001,
	/** A frame was larger than REALTIME_MAX_FRAME_BYTES (set by the `ws` library). */
	messageTooBig: 1009,
	/** An unexpected server error on this connection. */
	internalError: 1011,
	/** Malformed frame, text frame, unknown message type or undecodable update: final. */
	badMessage: 4400,
	/** Access was withdrawn (participant removed, meeting deleted): final. */
	forbidden: 4403,
	/** The connection fell too far behind (send buffer over its bound): reconnect and resync. */
	slowConsumer: 4508,
	/** Too many messages per second: reconnect after back-off. */
	rateLimited: 4529
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Access a connection has to its doc. */
export type AccessMode = 'write' | 'read';

/**
 * Server → client control messages (only to clients that asked with CONTROL_PARAM). Only the
 * server writes them, so the client's check is a plain guard (`readControlMessage`), not a
 * schema library: phones load this module.
 */
export type ControlMessage =
	| { t: 'hello'; protocol: number; access: AccessMode }
	/** Access changed during the connection (e.g. the board was locked). */
	| { t: 'access'; access: AccessMode }
	/** How many are connected to this doc (all processes of this server's room). */
	| { t: 'presence'; connections: number; writers: number };

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const isAccessMode = (v: unknown): v is AccessMode => v === 'write' || v === 'read';

/**
 * `value` as a control message (a fresh object with only the message's fields), or null when it
 * is not one. Numbers must be safe integers.
 */
export function readControlMessage(value: unknown): ControlMessage | null {
	if (!isObject(value)) return null;
	const { t } = value;
	if (t === 'hello') {
		const { protocol, access } = value;
		return Number.isSafeInteger(protocol) && isAccessMode(access)
			? { t, protocol: protocol as number, access }
			: null;
	}
	if (t === 'access') {
		const { access } = value;
		return isAccessMode(access) ? { t, access } : null;
	}
	if (t === 'presence') {
		const { connections, writers } = value;
		return Number.isSafeInteger(connections) && Number.isSafeInteger(writers)
			? { t, connections: connections as number, writers: writers as number }
			: null;
	}
	return null;
}

export function encodeControl(message: ControlMessage): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MessageType.control);
	encoding.writeVarString(e, JSON.stringify(message));
	return encoding.toUint8Array(e);
}

/** Reads a control message after its type; null when it is not valid. */
export function decodeControl(decoder: decoding.Decoder): ControlMessage | null {
	try {
		return readControlMessage(JSON.parse(decoding.readVarString(decoder)));
	} catch {
		return null;
	}
}

/** A client message, decoded far enough for the server to decide what to do with it. */
export type ClientMessage =
	| { type: 'syncStep1'; stateVector: Uint8Array }
	| { type: 'syncStep2' | 'update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'queryAwareness' };

export class ProtocolError extends Error {
	constructor(
		readonly code: CloseCode,
		message: string
	) {
		super(message);
		this.name = 'ProtocolError';
	}
}

/**
 * Decodes one client frame. Throws ProtocolError for anything malformed or unknown; never
 * throws anything else, whatever the bytes.
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
	try {
		const d = decoding.createDecoder(frame);
		const type = decoding.readVarUint(d);
		if (!clientMessageTypes.has(type)) {
			throw new ProtocolError(CloseCode.badMessage, `unknown message type ${type}`);
		}
		let message: ClientMessage;
		if (type === MessageType.sync) {
			const sub = decoding.readVarUint(d);
			const payload = decoding.readVarUint8Array(d);
			if (sub === SyncType.step1) message = { type: 'syncStep1', stateVector: payload };
			else if (sub === SyncType.step2) message = { type: 'syncStep2', update: payload };
			else if (sub === SyncType.update) message = { type: 'update', update: payload };
			else throw new ProtocolError(CloseCode.badMessage, `unknown sync message type ${sub}`);
		} else if (type === MessageType.awareness) {
			message = { type: 'awareness', update: decoding.readVarUint8Array(d) };
		} else {
			message = { type: 'queryAwareness' };
		}
		return message;
	} catch (e) {
		if (e instanceof ProtocolError) throw e;
		throw new ProtocolError(CloseCode.badMessage, `undecodable frame: ${(e as Error).message}`);
	}
}

/** sync step 1 / step 2 / update frames, as the server sends them. */
export function encodeSync(sub: (typeof SyncType)[keyof typeof SyncType], payload: Uint8Array) {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MessageType.sync);
	encoding.writeVarUint(e, sub);
	encoding.writeVarUint8Array(e, payload);
	return encoding.toUint8Array(e);
}

export function encodeAwareness(update: Uint8Array) {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MessageType.awareness);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

/**
 * An awareness message with no states: harmless to every client, sent to keep a quiet
 * connection alive (the y-websocket client reconnects after 30 s without any message).
 */
export const KEEPALIVE_FRAME = encodeAwareness(new Uint8Array([0]));
