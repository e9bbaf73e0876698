/**
 * Structured JSON logs (pino) with a request id, from which no secret can leak: pino's redact paths
 * and a key-based deep redaction clean each logged object (log-redaction.ts), and every serialised
 * line is scrubbed by shape (log-scrubber.ts) — messages, error stacks and child bindings included.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { createScrubber } from './log-scrubber.ts';
import { PINO_REDACT_PATHS, REDACTED, redactDeep } from './log-redaction.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id, also sent back as X-Request-Id. Set by requestLogging(). */
    id: string;
    /** A child logger carrying `reqId`. Set by requestLogging(). */
    log: Logger;
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
    redact: { paths: PINO_REDACT_PATHS, censor: REDACTED },
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
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** An incoming X-Request-Id is reused only when it is short and plain (no log injection, no lookalike NIT). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,48}$/;

/**
 * Sets req.id (a sane incoming X-Request-Id, else a random UUID), echoes it in the response's
 * X-Request-Id, gives the request a child logger (req.log), and logs one line when the response
 * is done: method, path (never the query string), status and duration.
 */
export function requestLogging(logger: Logger, now: () => number = () => performance.now()): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ reqId: req.id });
    res.setHeader('X-Request-Id', req.id);
    const startedAt = now();
    const path = req.originalUrl.split('?')[0];
    let logged = false;
    const done = (outcome: 'completed' | 'aborted') => {
      if (logged) return;
      logged = true;
      const line = { method: req.method, path, status: res.statusCode, durationMs: Math.round(now() - startedAt) };
      if (outcome === 'aborted') req.log.info(line, 'request aborted by the client');
      else if (res.statusCode >= 500) req.log.error(line, 'request failed');
      else req.log.info(line, 'request completed');
    };
    res.on('finish', () => done('completed'));
    res.on('close', () => done(res.writableFinished ? 'completed' : 'aborted'));
    next();
  };
}
