import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { asDatabaseFailure } from '../core/db/database-errors';
import { DomainError, ErrorCode } from '../core/errors';
import { tokenLimitError } from './limits';
import { isValidationErrorList, validationProblems } from './validation-errors';

/**
 * The one place where errors meet GraphQL: domain errors (core/errors.ts) become `extensions.code`
 * and their details; everything else is masked.
 */

/** Seconds a client is asked to wait (Retry-After) before repeating a SERVICE_UNAVAILABLE request. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * A domain error as the GraphQLError clients see. UNAUTHENTICATED also sets HTTP 401 (RFC 6750),
 * SERVICE_UNAVAILABLE HTTP 503 with Retry-After.
 */
export function toGraphQLError(error: DomainError, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: {
      code: error.code,
      ...error.details,
      ...extra,
      // Apollo takes `http` off before the response is sent and applies it to the HTTP response.
      ...httpOf(error.code),
    },
  });
}

function httpOf(code: ErrorCode): { http?: { status: number; headers: Map<string, string> } } {
  switch (code) {
    case ErrorCode.UNAUTHENTICATED:
      return { http: { status: 401, headers: new Map([['www-authenticate', 'Bearer realm="cchc-hub"']]) } };
    case ErrorCode.SERVICE_UNAVAILABLE:
      return { http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) } };
    default:
      return {};
  }
}

/**
 * What a thrown error means to the client: a domain error as thrown, a database failure as
 * SERVICE_UNAVAILABLE or TIMEOUT (core/db/database-errors.ts), anything else null (masked).
 */
export function asDomainError(error: unknown): DomainError | null {
  return error instanceof DomainError ? error : asDatabaseFailure(error);
}

/** Codes whose errors carry the request id and are written to the log in full. */
export const LOGGED_CODES: ReadonlySet<string> = new Set([
  ErrorCode.INTERNAL_SERVER_ERROR,
  ErrorCode.SERVICE_UNAVAILABLE,
  ErrorCode.TIMEOUT,
]);

/**
 * The error the context function (authentication) throws when it fails: a domain or database
 * error as its GraphQLError (so a lost database is a 503, not a 500), anything else masked; the
 * logged ones carry the request id and are logged with it.
 */
export function contextFailure(
  error: unknown,
  requestId: string,
  log: (entry: Record<string, unknown>) => void,
): GraphQLError {
  const domain = asDomainError(error);
  const code = domain?.code ?? ErrorCode.INTERNAL_SERVER_ERROR;
  if (!LOGGED_CODES.has(code)) return toGraphQLError(domain!);
  log(errorLogEntry(requestId, code, error));
  if (domain) return toGraphQLError(domain, { requestId });
  return new GraphQLError(MASKED_MESSAGE, { extensions: { code, requestId } });
}

/** One log line's fields for an error sent to a client as `code` under `requestId`. */
export function errorLogEntry(requestId: string, code: string, error: unknown): Record<string, unknown> {
  const original = unwrapResolverError(error);
  return {
    level: code === ErrorCode.INTERNAL_SERVER_ERROR ? 'error' : 'warn',
    requestId,
    code,
    error: original instanceof Error ? (original.stack ?? original.message) : String(original),
    ...(original && typeof original === 'object' && 'code' in original
      ? { errorCode: String((original as { code: unknown }).code) }
      : {}),
  };
}

export const MASKED_MESSAGE = 'Internal server error. It has been logged; try again later.';

const KNOWN_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Shapes every error sent to clients: domain errors get their code and details; other known errors
 * keep their message and code; anything else (a bug, a lost database) becomes
 * INTERNAL_SERVER_ERROR without internals. Stack traces only in development.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: { isDevelopment: boolean; log?: (error: unknown) => void },
): GraphQLFormattedError {
  const { stacktrace, ...extensions } = formatted.extensions ?? {};
  const shownStacktrace = options.isDevelopment ? { stacktrace } : {};
  const original = domainErrorOf(error) ?? asDomainError(unwrapResolverError(error));
  if (original) {
    const { http, ...mapped } = toGraphQLError(original).extensions;
    return { ...formatted, message: original.message, extensions: { ...mapped, ...shownStacktrace } };
  }
  const code = String(extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
  if (code === ErrorCode.BAD_USER_INPUT && isValidationErrorList(extensions.validationErrors)) {
    return formatValidationError(formatted, extensions.validationErrors, shownStacktrace);
  }
  if (KNOWN_CODES.has(code) || code === ErrorCode.SERVICE_UNAVAILABLE || code === ErrorCode.TIMEOUT) {
    return { ...formatted, extensions: { ...extensions, ...shownStacktrace } };
  }
  options.log?.(error);
  // Nothing but the code (and the request id the logged error can be found by, if already known).
  return {
    message: options.isDevelopment ? formatted.message : MASKED_MESSAGE,
    locations: formatted.locations,
    path: formatted.path,
    extensions: {
      code: ErrorCode.INTERNAL_SERVER_ERROR,
      ...(typeof extensions.requestId === 'string' ? { requestId: extensions.requestId } : {}),
      ...shownStacktrace,
    },
  };
}

/**
 * The domain error behind an error Apollo wrapped before execution (a validation rule's or a
 * plugin's, e.g. the query limits of limits.ts), or behind a parse failure at the token limit.
 */
function domainErrorOf(error: unknown): DomainError | undefined {
  let cause: unknown = error;
  for (let i = 0; i < 3 && cause instanceof GraphQLError; i++) cause = cause.originalError;
  return cause instanceof DomainError ? cause : tokenLimitError(error);
}

/**
 * TypeGraphQL's ArgumentValidationError (class-validator on inputs) as this API words input errors:
 * one message naming every bad argument path, the first in extensions.field, all in
 * extensions.problems — and not the raw validator tree, which echoes the whole input.
 */
function formatValidationError(
  formatted: GraphQLFormattedError,
  errors: Parameters<typeof validationProblems>[0],
  shownStacktrace: { stacktrace?: unknown },
): GraphQLFormattedError {
  const problems = validationProblems(errors);
  const shown = problems.slice(0, 10).map((p) => p.message);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  return {
    message: `Invalid input: ${shown.join('; ')}${more}.`,
    locations: formatted.locations,
    path: formatted.path,
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      field: problems[0]?.field,
      problems,
      ...(shownStacktrace.stacktrace ? shownStacktrace : {}),
    },
  };
}
