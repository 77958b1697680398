/**
 * Domain errors: what went wrong, in the product's terms, with no knowledge of the transport. The
 * GraphQL layer maps them to `extensions.code` in one place (app/graphql-errors.ts); the CLI prints
 * their message.
 */

/** Stable error codes clients can switch on (extensions.code). */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** The operation is over a limit checked before it runs (depth, aliases, tokens, directives, cost). */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** The request body is larger than allowed (HTTP 413). */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** The HTTP request itself is malformed: bad JSON, unknown content-encoding or charset. */
  BAD_REQUEST = 'BAD_REQUEST',
  /** The database cannot be reached or has no free connection: retry later (HTTP 503, Retry-After). */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** A statement ran longer than the statement timeout and was cancelled; nothing was changed. */
  TIMEOUT = 'TIMEOUT',
  /** extensions.persistedQuery names an operation id the server's manifest does not hold. */
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  /** The token's role may run only persisted operations (CCHC_PERSISTED_ONLY_ROLES). */
  PERSISTED_QUERY_ONLY = 'PERSISTED_QUERY_ONLY',
}

/** One invalid input value: the argument path ("taskProgress[3].percent") and what is wrong. */
export interface InputProblem {
  field: string;
  message: string;
}

/** An error the caller can act on: its message is meant for a person, its code for a program. */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Machine-readable facts beside the message (e.g. `field`, the argument path at fault). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** The request asks for something malformed; the message says what and how to fix it. */
export class BadUserInputError extends DomainError {
  readonly code = ErrorCode.BAD_USER_INPUT;

  constructor(message: string, field?: string, details: Record<string, unknown> = {}) {
    super(message, { ...(field ? { field } : {}), ...details });
  }
}

/** The thing asked for by code or id does not exist. */
export class NotFoundError extends DomainError {
  readonly code = ErrorCode.NOT_FOUND;

  constructor(what: string, key: string | number) {
    super(`${what} "${key}" was not found.`);
  }
}

/** The request clashes with the data as it is (e.g. re-importing a plan that has reports). */
export class ConflictError extends DomainError {
  readonly code = ErrorCode.CONFLICT;
}

/** No valid credentials: nothing but this error is served (over HTTP, a 401 with a challenge). */
export class UnauthenticatedError extends DomainError {
  readonly code = ErrorCode.UNAUTHENTICATED;
}

/** The token is valid but its role may not do this. */
export class ForbiddenError extends DomainError {
  readonly code = ErrorCode.FORBIDDEN;
}

/**
 * An operation over one of the limits checked before anything runs; `limit` names the setting
 * (e.g. CCHC_MAX_DEPTH) and `max` its value, so the message says what to change.
 */
export class QueryTooComplexError extends DomainError {
  readonly code = ErrorCode.QUERY_TOO_COMPLEX;

  constructor(message: string, details: { limit: string; max: number; found?: number }) {
    super(message, details);
  }
}

/** The database is down, restarting or out of connections; the same request may succeed later. */
export class ServiceUnavailableError extends DomainError {
  readonly code = ErrorCode.SERVICE_UNAVAILABLE;
  constructor(
    message = 'The database is not reachable at the moment (down, restarting or busy). Nothing was changed; try again in a few seconds.',
  ) {
    super(message);
  }
}

/** A statement hit the statement timeout (CCHC_STATEMENT_TIMEOUT_MS) and was cancelled. */
export class TimeoutError extends DomainError {
  readonly code = ErrorCode.TIMEOUT;
  constructor(
    message = 'The request took longer than the database statement timeout and was cancelled; nothing was changed. Ask for less (a smaller `first`, a narrower period or area), or try again when the server is less busy.',
  ) {
    super(message);
  }
}
