/**
 * A merchant's app often parses every JSON body itself (`app.use(express.json())`) before it mounts
 * the recharge router. Its parser then reads the proxy's requests first, and without these two:
 * - a malformed or oversized body under the prefix fails in the merchant's parser, the error skips
 *   the mounted router, and Express's default handler answers an HTML page with the stack trace
 *   (and prints the error, raw body included, a card number perhaps, to the console);
 * - BODY_LIMIT does not hold: the merchant's limit (100kb by default, often more) reads the body.
 *
 * `parseErrorsUnderPrefix` is the error handler the router adds to its parent app right after
 * itself (Express's 'mount' event): it answers the body parser's own errors under the prefix as
 * the proxy does (JSON, no-store), and passes every other error on to the merchant's handlers.
 * `bodyLimitWhenParsedAhead` refuses, with 413, a body the merchant's parser accepted over BODY_LIMIT.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { bodyTooLarge, fromRequestParsing } from './error-handler.ts';

/** body-parser's error types: a body the client sent that could not be read. */
const PARSE_ERROR_TYPES = new Set(['entity.parse.failed', 'entity.too.large', 'encoding.unsupported', 'charset.unsupported', 'request.aborted', 'request.size.invalid', 'stream.encoding.set', 'parameters.too.many']);

export function parseErrorsUnderPrefix(): ErrorRequestHandler {
  return (error, _req, res, next) => {
    const type = (error as { type?: unknown } | undefined)?.type;
    const failure = typeof type === 'string' && PARSE_ERROR_TYPES.has(type) ? fromRequestParsing(error) : undefined;
    if (!failure || res.headersSent) return next(error);
    res.status(failure.httpStatus).set('Cache-Control', 'no-store').json(failure.toBody());
  };
}

/** A body already read (the stream ended, as body-parser itself tells): its Content-Length, else the parsed body's JSON size. */
function bytesReadAhead(req: Parameters<RequestHandler>[0]): number | undefined {
  const declared = Number(req.get('content-length') ?? Number.NaN);
  const hasBody = req.get('transfer-encoding') !== undefined || Number.isFinite(declared);
  if (!hasBody || !req.readableEnded) return undefined;
  if (Number.isFinite(declared)) return declared;
  return Buffer.byteLength(JSON.stringify(req.body ?? null) ?? '');
}

export function bodyLimitWhenParsedAhead(limitBytes: number): RequestHandler {
  return (req, _res, next) => {
    const bytes = bytesReadAhead(req);
    if (bytes !== undefined && bytes > limitBytes) throw bodyTooLarge(limitBytes);
    next();
  };
}
