/**
 * The last middleware: every error becomes `{"error":{code,message,field?}}`. Our ApiFailures say
 * what went wrong; body-parser and router errors are the caller's (4xx); anything else is a 500
 * that says nothing, logged through req.log (which redacts secrets) for us to read.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ApiFailure, INTERNAL_FAILURE_BODY, invalidRequest } from '../api-failure.ts';

/** 413 naming the body and the limit it passed (BODY_LIMIT, or the route's own). */
export function bodyTooLarge(limitBytes: unknown): ApiFailure {
  const limit = typeof limitBytes === 'number' ? ` (at most ${limitBytes} bytes)` : '';
  return new ApiFailure('payload_too_large', `body: is too large${limit}.`, 'body');
}

/** An error that Express's own parts (body-parser, the router, static files) raise for a bad request. */
export function fromRequestParsing(error: unknown): ApiFailure | undefined {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (type === 'entity.parse.failed') return invalidRequest('body', 'is not valid JSON');
  if (type === 'entity.too.large') return bodyTooLarge((error as { limit?: unknown }).limit);
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return invalidRequest('body', 'uses an unsupported encoding');
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (error instanceof URIError) return invalidRequest('path', 'has a malformed %-escape');
  // E.g. a body shorter than its Content-Length, or too many form parameters.
  if (status === 404 || status === 403) return new ApiFailure('not_found', 'Nothing is here.');
  return invalidRequest(typeof type === 'string' && type.startsWith('entity') ? 'body' : 'request', 'could not be read');
}

export function errorHandler(): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const failure = error instanceof ApiFailure ? error : fromRequestParsing(error);
    if (failure) {
      res.status(failure.httpStatus).json(failure.toBody());
      return;
    }
    req.log.error(error instanceof Error ? error : { thrown: typeof error }, 'unexpected error');
    res.status(500).json(INTERNAL_FAILURE_BODY);
  };
}

/** After every route: a JSON 404 rather than Express's HTML page. */
export const notFound: RequestHandler = () => {
  throw new ApiFailure('not_found', 'Nothing is here.');
};
