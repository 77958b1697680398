import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/** The levels LOG_LEVEL accepts, most to least severe; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const isLogLevel = (value: string): value is LogLevel =>
  (LOG_LEVELS as readonly string[]).includes(value);

/**
 * Wherever a secret could sit in a logged object. Request lines log no headers at all
 * (app/request-log.ts); this is the second lock, should someone log a request or its headers.
 */
const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'request.headers.authorization',
  'token',
  'adminToken',
];

export interface LoggerOptions {
  /** LOG_LEVEL (default info). */
  level?: LogLevel;
  /** Human-readable lines (pino-pretty) instead of JSON: NODE_ENV=development. */
  pretty?: boolean;
  /** Where lines go (default stdout, written synchronously so nothing is lost at exit). */
  destination?: DestinationStream;
}

/**
 * The process's logger: one JSON object per line with an ISO `time`, the level as a word
 * (`"level":"info"`) and `msg`; readable coloured lines instead in development.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination =
    options.destination ??
    (options.pretty
      ? pretty({
          sync: true,
          colorize: process.stdout.isTTY,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname',
        })
      : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: options.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

/**
 * A logger whose every line (one JSON object, no trailing newline) goes to `sink`: for tests and
 * callers that collect lines. Without a sink it logs nothing.
 */
export function lineLogger(sink: ((line: string) => void) | undefined, level: LogLevel = 'info'): Logger {
  if (!sink) return createLogger({ level: 'silent', destination: { write: () => undefined } });
  return createLogger({ level, destination: { write: (chunk: string) => sink(chunk.replace(/\n$/, '')) } });
}

/** A structured entry with its level (`level` defaults to info) and message written to `logger`. */
export function logEntry(
  logger: Logger,
  entry: Record<string, unknown> & { level?: unknown },
  message: string,
) {
  const { level, ...fields } = entry;
  const method = typeof level === 'string' && isLogLevel(level) && level !== 'silent' ? level : 'info';
  logger[method](fields, message);
}
