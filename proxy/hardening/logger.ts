/**
 * Structured JSON logs (pino) with a request id, from which no secret can leak. One redaction layer:
 * every logged object and every child logger's bindings are redacted by key before they are
 * serialised (log-redaction.ts), and every serialised line is scrubbed by shape (log-scrubber.ts),
 * messages and error stacks included. Request lines come from pino-http.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pino, type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { pinoHttp } from 'pino-http';
import { createScrubber, maskCardNumber } from './log-scrubber.ts';
import { redactDeep } from './log-redaction.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id, also sent back as X-Request-Id. Set by requestLogging(). */
    id: string;
  }
}

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Values to remove verbatim from every line: the merchant key, at least. */
  secrets?: readonly string[];
  /** Where lines go (default stdout). Tests pass a stream that collects them. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const scrubber = createScrubber(options.secrets);
  const settings = {
    level: options.level ?? 'info',
    timestamp: pino.stdTimeFunctions.isoTime, // text, so no 13-digit number can pass for a card
    formatters: { level: (label: string) => ({ level: label }) },
    // Errors arrive already turned into plain objects by redactDeep; pino's own err serializer would
    // relabel them "Object".
    serializers: { err: (error: unknown) => error },
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...args: unknown[]) => void) {
        const [first, ...rest] = args;
        if (first instanceof Error) {
          // Keep pino's "message defaults to the error's" behaviour after turning it into a plain object.
          const message = typeof rest[0] === 'string' ? [] : [first.message];
          return method.apply(this, [{ err: redactDeep(first) }, ...message, ...rest]);
        }
        return method.apply(this, args.map((arg) => redactDeep(arg)));
      },
      streamWrite: (line: string) => scrubber.scrubJsonLine(line),
    },
  };
  return redactingBindings(options.destination ? pino(settings, options.destination) : pino(settings));
}

/**
 * A child logger's bindings never pass through logMethod (pino serialises them once, when the child
 * is made), so `child` redacts them first. Children are made from their parent's prototype, so
 * every descendant inherits this `child` too.
 */
type MakeChild = (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;

function redactingBindings(logger: Logger): Logger {
  const makeChild = logger.child as unknown as MakeChild;
  const redactedChild: MakeChild = function (bindings, childOptions) {
    return makeChild.call(this, redactDeep(bindings) as Bindings, childOptions);
  };
  logger.child = redactedChild as unknown as Logger['child'];
  return logger;
}

/** An incoming X-Request-Id is reused only when it is short and plain (no log injection, no lookalike NIT). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,48}$/;
/**
 * 12 or more digits in a row, single separators allowed, wherever they sit: a card number hidden in
 * a path or a request id ("x4111…", "%34%31…" once decoded) that the scrubber's whole-run rule lets by.
 */
const LONG_DIGIT_RUN = /\d(?:[ ._:-]?\d){11,}/g;

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const plain = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) && !incoming.match(LONG_DIGIT_RUN);
  const id = plain ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

// Case-insensitive like Express's routing: /API/SCHEDULES/<token> opens the schedule too.
const SCHEDULE_TOKEN_IN_PATH = /\/schedules\/[^/]+/gi;

/** The path as the log shows it: percent-escapes decoded, long digit runs and schedule tokens masked, at most 200 characters. */
function loggedPath(raw: string): string {
  let path = raw.split('?')[0] ?? '';
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape: the raw text is masked as it is.
  }
  // A monthly top-up's token is the shopper's only key to it (proxy/schedules/): never in a log.
  return path.replace(LONG_DIGIT_RUN, maskCardNumber).replace(SCHEDULE_TOKEN_IN_PATH, '/schedules/[token]').slice(0, 200);
}

/** The one line per request: method, path (never the query string), status and duration. */
function requestLine(req: IncomingMessage, res: ServerResponse, durationMs: number) {
  const path = loggedPath((req as { originalUrl?: string }).originalUrl ?? req.url ?? '');
  return { method: req.method, path, status: res.statusCode, durationMs };
}

/**
 * pino-http: sets req.id (a sane incoming X-Request-Id, else a random UUID), echoes it in the
 * response's X-Request-Id, gives the request a child logger carrying only `reqId` (req.log), and
 * logs one line when the response is done or the client went away.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: requestId,
    // req.log carries the id alone: no request or response object is bound to any line.
    quietReqLogger: true,
    quietResLogger: true,
    // Keep the logger's own serializers (its err one above); the request line is built below.
    wrapSerializers: false,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (_req, res) => (res.writableFinished ? 'request completed' : 'request aborted by the client'),
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, line: { responseTime: number }) => requestLine(req, res, line.responseTime),
    customErrorObject: (req, res, _error, line: { responseTime: number }) => requestLine(req, res, line.responseTime),
  });
}
