/**
 * The last middleware: every error becomes `{"error":{code,message,field?}}`. Our ApiFailures say
 * what went wrong; body-parser errors are the caller's; anything else is a 500 that says nothing.
 */
import type { ErrorRequestHandler } from 'express';
import { ApiFailure, INTERNAL_FAILURE_BODY, invalidRequest } from '../api-failure.ts';

function fromBodyParser(error: unknown): ApiFailure | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return invalidRequest('body', 'is not valid JSON');
  if (type === 'entity.too.large') return new ApiFailure('payload_too_large', 'The request body is too large.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return invalidRequest('body', 'uses an unsupported encoding');
  return undefined;
}

export function errorHandler(logInternal: (error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const failure = error instanceof ApiFailure ? error : fromBodyParser(error);
    if (failure) {
      res.status(failure.httpStatus).json(failure.toBody());
      return;
    }
    logInternal(error);
    res.status(500).json(INTERNAL_FAILURE_BODY);
  };
}
