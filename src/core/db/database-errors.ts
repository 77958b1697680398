import { ServiceUnavailableError, TimeoutError } from '../errors';

/**
 * The one place that recognises a database failure that is not the request's fault: the server is
 * down, restarting or out of connections (SERVICE_UNAVAILABLE), or a statement ran into the
 * statement timeout (TIMEOUT). Anything else is left alone (null) for the caller to handle.
 */
export function asDatabaseFailure(error: unknown): ServiceUnavailableError | TimeoutError | null {
  for (const cause of causes(error)) {
    const { code, message, name } = cause as { code?: unknown; message?: unknown; name?: unknown };
    // TypeORM's answer to a query in a transaction whose connection the server has just dropped.
    if (name === 'QueryRunnerAlreadyReleasedError' || name === 'QueryRunnerProviderAlreadyReleasedError') {
      return new ServiceUnavailableError();
    }
    if (code === QUERY_CANCELED) return new TimeoutError();
    if (typeof code === 'string' && isUnavailableCode(code)) return new ServiceUnavailableError();
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) {
      return new ServiceUnavailableError();
    }
  }
  return null;
}

/** SQLSTATE 57014 query_canceled: what statement_timeout raises. */
const QUERY_CANCELED = '57014';

/**
 * SQLSTATE class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now),
 * 53300 (too many connections), and the socket errors of a server that is not there.
 */
function isUnavailableCode(code: string): boolean {
  return (
    code.startsWith('08') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '53300' ||
    SOCKET_ERRORS.has(code)
  );
}

const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** pg's own messages for a pool that could not hand out a connection or lost one. */
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
];

/**
 * The error, TypeORM's driverError, `cause`, AggregateError's parts and graphql-js's `thrownValue`
 * (a non-Error it wrapped), bounded and without cycles.
 */
function causes(error: unknown): unknown[] {
  const seen: unknown[] = [];
  const queue = [error];
  while (queue.length && seen.length < 20) {
    const next = queue.shift();
    if (!next || typeof next !== 'object' || seen.includes(next)) continue;
    seen.push(next);
    const { driverError, cause, errors, thrownValue } = next as Record<string, unknown>;
    queue.push(driverError, cause, thrownValue, ...(Array.isArray(errors) ? errors : []));
  }
  return seen;
}

/** SQLSTATE 40P01: PostgreSQL ended this transaction to break a deadlock. */
const DEADLOCK_DETECTED = '40P01';

/**
 * Runs `work` again (up to `attempts` times, after a short random pause) when PostgreSQL chose it
 * as a deadlock's victim. For idempotent set-up steps that several processes may run at once: two
 * servers starting together on a new database both create pg-boss's queues, and one would exit.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const deadlock = causes(error).some(
        (cause) => (cause as { code?: unknown }).code === DEADLOCK_DETECTED,
      );
      if (!deadlock || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}
