import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '../core/errors';
import { tokenLimitError } from './limits';
import { isValidationErrorList, validationProblems } from './validation-errors';

/**
 * The one place where errors meet GraphQL: domain errors (core/errors.ts) become `extensions.code`
 * and their details; everything else is masked.
 */

/** A domain error as the GraphQLError clients see. UNAUTHENTICATED also sets HTTP 401 (RFC 6750). */
export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: {
      code: error.code,
      ...error.details,
      // Apollo takes `http` off before the response is sent and applies it to the HTTP response.
      ...(error.code === ErrorCode.UNAUTHENTICATED
        ? { http: { status: 401, headers: new Map([['www-authenticate', 'Bearer realm="cchc-hub"']]) } }
        : {}),
    },
  });
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
  const original = domainErrorOf(error) ?? unwrapResolverError(error);
  if (original instanceof DomainError) {
    const { http, ...mapped } = toGraphQLError(original).extensions;
    return { ...formatted, message: original.message, extensions: { ...mapped, ...shownStacktrace } };
  }
  const code = String(extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
  if (code === ErrorCode.BAD_USER_INPUT && isValidationErrorList(extensions.validationErrors)) {
    return formatValidationError(formatted, extensions.validationErrors, shownStacktrace);
  }
  if (KNOWN_CODES.has(code)) return { ...formatted, extensions: { ...extensions, ...shownStacktrace } };
  options.log?.(error);
  return {
    message: options.isDevelopment
      ? formatted.message
      : 'Internal server error. It has been logged; try again later.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...shownStacktrace },
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
