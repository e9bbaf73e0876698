/**
 * The Express handler for POST /carat/authenticity, around an AuthenticityGuard. Every POST gets the
 * same 200 "OK" — accepted, ignored, malformed, oversized or of the wrong media type — for the
 * reasons given in authenticity-guard.ts: Carat must not retry, and a prober learns nothing.
 */
import express, { type RequestHandler } from 'express';
import type { AuthenticityGuard } from './authenticity-guard.ts';

export interface AuthenticityEndpointOptions {
  /** Called with each outcome, for the log (never with the form: it carries the NIT). */
  onOutcome?: (outcome: 'accepted' | 'ignored') => void;
}

export function authenticityEndpoint(guard: AuthenticityGuard, options: AuthenticityEndpointOptions = {}): RequestHandler {
  // The real form is five short fields; anything much bigger is not Carat.
  const parseForm = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 20 });
  return (req, res) => {
    parseForm(req, res, (parseError?: unknown) => {
      const outcome = parseError ? 'ignored' : guard.deliver(req.body ?? {});
      options.onOutcome?.(outcome);
      res.status(200).type('text/plain').send('OK');
    });
  };
}
