import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { isValidationErrorList, validationProblems } from './validation-errors';

/** Stable error codes clients can switch on (extensions.code). */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** The request asks for something malformed; the message says what and how to fix it. */
export class BadUserInputError extends GraphQLError {
  constructor(message: string, field?: string, details: Record<string, unknown> = {}) {
    super(message, {
      extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}), ...details },
    });
  }
}

/** The thing asked for by code or id does not exist. */
export class NotFoundError extends GraphQLError {
  constructor(what: string, key: string | number) {
    super(`${what} "${key}" was not found.`, { extensions: { code: ErrorCode.NOT_FOUND } });
  }
}

/** The request clashes with the data as it is (e.g. re-importing a plan that has reports). */
export class ConflictError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: ErrorCode.CONFLICT } });
  }
}

/**
 * No valid bearer token: nothing but this error is served. Over HTTP the response is a 401 with a
 * WWW-Authenticate challenge (RFC 6750); Apollo takes `extensions.http` off before it is sent.
 */
export class UnauthenticatedError extends GraphQLError {
  constructor(message: string) {
    super(message, {
      extensions: {
        code: ErrorCode.UNAUTHENTICATED,
        http: { status: 401, headers: new Map([['www-authenticate', 'Bearer realm="cchc-hub"']]) },
      },
    });
  }
}

/** The token is valid but its role may not do this. */
export class ForbiddenError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: ErrorCode.FORBIDDEN } });
  }
}

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
 * Shapes every error sent to clients: known errors keep their message and code; anything else
 * (a bug, a lost database) becomes INTERNAL_SERVER_ERROR without internals. Stack traces only in
 * development.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  _error: unknown,
  options: { isDevelopment: boolean; log?: (error: unknown) => void },
): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
  const { stacktrace, ...extensions } = formatted.extensions ?? {};
  if (code === ErrorCode.BAD_USER_INPUT && isValidationErrorList(extensions.validationErrors)) {
    return formatValidationError(
      formatted,
      extensions.validationErrors,
      options.isDevelopment ? stacktrace : undefined,
    );
  }
  if (KNOWN_CODES.has(code)) {
    return { ...formatted, extensions: options.isDevelopment ? { ...extensions, stacktrace } : extensions };
  }
  options.log?.(_error);
  return {
    message: options.isDevelopment
      ? formatted.message
      : 'Internal server error. It has been logged; try again later.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(options.isDevelopment ? { stacktrace } : {}) },
  };
}

/**
 * TypeGraphQL's ArgumentValidationError (class-validator on inputs) as this API words input errors:
 * one message naming every bad argument path, the first in extensions.field, all in
 * extensions.problems — and not the raw validator tree, which echoes the whole input.
 */
function formatValidationError(
  formatted: GraphQLFormattedError,
  errors: Parameters<typeof validationProblems>[0],
  stacktrace: unknown,
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
      ...(stacktrace ? { stacktrace } : {}),
    },
  };
}
