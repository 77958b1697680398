import express from 'express';
import type { RequestHandler } from 'express';
import { Kind, getOperationAST, parse } from 'graphql';
import type { IncomingMessage } from 'node:http';
import { limitVariable } from '../core/config';
import type { RequestLimits } from '../core/config';
import { ErrorCode } from '../core/errors';

/**
 * Request bodies: JSON only, read after authentication, at most CCHC_MAX_BODY_BYTES — or
 * CCHC_MAX_IMPORT_BODY_BYTES when the operation is an importPlan mutation (its CSV text). Which
 * operation a body holds is known only once it is read, so a body is read up to the larger limit
 * and then refused (413) when it is over the smaller one and is not an importPlan mutation.
 */

const bodyBytes = new WeakMap<IncomingMessage, number>();

/** True for a document whose operation is a mutation of importPlan fields only. */
export function isImportPlanOnly(body: unknown, maxTokens: number): boolean {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  try {
    const operation = getOperationAST(
      parse(query, { maxTokens }),
      typeof operationName === 'string' ? operationName : undefined,
    );
    return (
      operation?.operation === 'mutation' &&
      operation.selectionSet.selections.every(
        (selection) => selection.kind === Kind.FIELD && selection.name.value === 'importPlan',
      )
    );
  } catch {
    return false;
  }
}

class BodyTooLargeError extends Error {
  readonly status = 413;
  readonly type = 'entity.too.large';
}

/** The body parser and the import-aware size check, in order. */
export function createBodyReader(limits: RequestLimits): RequestHandler[] {
  const json = express.json({
    limit: limits.maxImportBodyBytes,
    verify: (req, _res, buffer) => void bodyBytes.set(req, buffer.length),
  });
  const sizeCheck: RequestHandler = (req, _res, next) => {
    const bytes = bodyBytes.get(req) ?? 0;
    if (bytes > limits.maxBodyBytes && !isImportPlanOnly(req.body, limits.maxTokens)) {
      return next(new BodyTooLargeError('request entity too large'));
    }
    next();
  };
  return [json, sizeCheck];
}

/** What a body error (body-parser's, or the size check's) is answered with, as JSON. */
export function bodyLimitErrorResponse(
  error: unknown,
  limits: RequestLimits,
): { status: number; code: ErrorCode; message: string } | undefined {
  const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (status === 413) {
    return {
      status,
      code: ErrorCode.PAYLOAD_TOO_LARGE,
      message:
        `The request body is larger than ${limits.maxBodyBytes} bytes (${limitVariable('maxBodyBytes')}); ` +
        `an importPlan mutation alone may send up to ${limits.maxImportBodyBytes} bytes (${limitVariable('maxImportBodyBytes')}).`,
    };
  }
  const messages: Record<string, string> = {
    'entity.parse.failed': 'The request body is not valid JSON.',
    'encoding.unsupported':
      'The Content-Encoding of the request is not supported: send the body as is, or gzip, deflate or br.',
    'charset.unsupported': 'The request body must be JSON in UTF-8 (charset=utf-8).',
    'request.aborted': 'The request body ended before its declared length.',
    'request.size.invalid': 'The request body does not match its Content-Length.',
  };
  return {
    status,
    code: ErrorCode.BAD_REQUEST,
    message: messages[String(type)] ?? 'The HTTP request is malformed.',
  };
}
