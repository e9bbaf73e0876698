/**
 * CORS for the browser API: only origins in ALLOWED_ORIGINS may call it from another site. The
 * widget script itself is public (see widget-script.ts); the API that moves money is not.
 */
import type { RequestHandler } from 'express';

export function apiCors(allowedOrigins: string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    const permitted = origin !== undefined && allowed.has(origin);
    if (permitted) res.set('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') return next();
    if (permitted) {
      res.set({
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'Content-Type, Idempotency-Key',
        'Access-Control-Max-Age': '600',
      });
    }
    // A preflight from another origin gets no grant, so the browser stops there.
    res.status(204).end();
  };
}
