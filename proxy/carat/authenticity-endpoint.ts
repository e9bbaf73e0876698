/**
 * The Express handler for POST /carat/authenticity, around an AuthenticityGuard. Every POST gets the
 * same 200 "OK" — accepted, ignored, malformed, oversized or of the wrong media type — for the
 * reasons given in authenticity-guard.ts: Carat must not retry, and a prober learns nothing.
 */
import express, { type RequestHandler } from 'express';
import type { AuthenticityGuard } from './authenticity-guard.ts';

/** `editNotice`: a schedule edit's SEID form (§6.6) comes here too; true when it took the form. */
export function authenticityEndpoint(guard: AuthenticityGuard, editNotice: (form: unknown) => boolean = () => false): RequestHandler {
  // The real form is five short fields; anything much bigger is not Carat.
  const parseForm = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 20 });
  return (req, res) => {
    parseForm(req, res, (parseError?: unknown) => {
      if (!parseError && !editNotice(req.body ?? {})) guard.deliver(req.body ?? {});
      res.status(200).type('text/plain').send('OK');
    });
  };
}
