/** A small levelled logger: one line per event, readable in a terminal and greppable in a file. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const KEY = Symbol.for('rembuk.logLevel');
type Holder = { [KEY]?: LogLevel };

export function setLogLevel(level: LogLevel) {
	(globalThis as Holder)[KEY] = level;
}

function enabled(level: LogLevel) {
	const current = (globalThis as Holder)[KEY] ?? 'info';
	return order[level] >= order[current];
}

function write(level: Exclude<LogLevel, 'silent'>, scope: string, message: string, data?: object) {
	if (!enabled(level)) return;
	const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${scope}] ${message}${
		data ? ' ' + JSON.stringify(data, errorReplacer) : ''
	}`;
	if (level === 'error' || level === 'warn') console.error(line);
	else console.log(line);
}

function errorReplacer(_key: string, value: unknown) {
	return value instanceof Error ? { name: value.name, message: value.message } : value;
}

export type Logger = ReturnType<typeof logger>;

/** `const log = logger('db'); log.info('migrated', { ms })` */
export function logger(scope: string) {
	return {
		debug: (message: string, data?: object) => write('debug', scope, message, data),
		info: (message: string, data?: object) => write('info', scope, message, data),
		warn: (message: string, data?: object) => write('warn', scope, message, data),
		error: (message: string, data?: object) => write('error', scope, message, data)
	};
}
