/**
 * Response headers that keep browsers on our side: helmet's set, tuned for a JSON API plus the demo
 * page, and CORS from the ALLOWED_ORIGINS allowlist.
 *
 * The widget's module script (/recharge-widget.js and its lazily loaded /chunks/*) is the exception
 * on purpose: merchants load it from their own pages, and a module script is fetched in CORS mode,
 * so it needs `Access-Control-Allow-Origin: *` and `Cross-Origin-Resource-Policy: cross-origin`.
 * It is public code with no credentials, so "*" gives nothing away. Everything else keeps helmet's
 * default CORP `same-origin` and answers cross-origin callers only from the allowlist.
 */
import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';
import { ApiFailure } from '../api-failure.ts';

/** The paths other origins may load as module scripts. */
export function isWidgetAssetPath(path: string): boolean {
  return path === '/recharge-widget.js' || path.startsWith('/chunks/');
}

export interface SecurityHeadersOptions {
  /**
   * True when the proxy is served over https (PUBLIC_URL): adds CSP upgrade-insecure-requests.
   * Off for the plain-http loopback demo, where upgrading its requests to https would break it.
   */
  https?: boolean;
}

/**
 * helmet's defaults (CSP default-src 'self', script-src 'self', frame-ancestors 'self', nosniff,
 * HSTS, COOP same-origin, CORP same-origin, …) except CORP cross-origin on the widget's assets.
 * Lit's styles are constructable stylesheets, which CSP does not restrict; the demo page must load
 * its scripts by src (no inline script), as script-src 'self' requires.
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): RequestHandler {
  const contentSecurityPolicy = {
    directives: { 'upgrade-insecure-requests': options.https ? [] : null },
  };
  const sameOrigin = helmet({ contentSecurityPolicy });
  const crossOrigin = helmet({ contentSecurityPolicy, crossOriginResourcePolicy: { policy: 'cross-origin' } });
  return (req, res, next) => (isWidgetAssetPath(req.path) ? crossOrigin : sameOrigin)(req, res, next);
}

export interface CorsOptions {
  /** Exact origins (scheme://host[:port]) allowed to call the API, as parsed from ALLOWED_ORIGINS. */
  allowedOrigins: readonly string[];
  /** How long a browser may cache a preflight answer (default 600 s). */
  maxAgeSeconds?: number;
}

const ALLOWED_METHODS = 'GET, POST';
const ALLOWED_HEADERS = 'Content-Type, Idempotency-Key, X-Request-Id';
// Readable by the widget's script: how long to wait when rate-limited, and the id to quote to support.
const EXPOSED_HEADERS = 'Retry-After, X-Request-Id';

const isPreflight = (req: Request) => req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;

/**
 * CORS by exact origin match (no wildcards, no suffix matching: "https://shop.example.evil.test"
 * must not pass for "https://shop.example"). No credentials: the API uses no cookies.
 * A preflight from an origin outside the list gets 400 invalid_request naming the Origin header, so
 * a merchant's developer sees why in the network panel; the allowed origins are not listed in it.
 * Non-preflight requests are never refused here: without an Allow-Origin header the browser keeps
 * the answer from the page, and same-origin calls (the demo page) need no CORS at all.
 */
export function corsPolicy(options: CorsOptions): RequestHandler {
  const allowed = new Set(options.allowedOrigins);
  const maxAge = String(options.maxAgeSeconds ?? 600);
  return (req, res, next) => {
    if (isWidgetAssetPath(req.path)) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (!isPreflight(req)) return next();
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
      res.setHeader('Access-Control-Max-Age', maxAge);
      return void res.status(204).end();
    }

    res.vary('Origin'); // the answer differs by Origin, so shared caches must key on it
    const origin = req.get('origin');
    const isAllowed = origin !== undefined && allowed.has(origin);
    if (isAllowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (!isPreflight(req)) return next();

    res.vary('Access-Control-Request-Method');
    res.vary('Access-Control-Request-Headers');
    if (!isAllowed) {
      const shown = (origin ?? '(none)').slice(0, 200);
      const failure = new ApiFailure(
        'invalid_request',
        `Origin: ${shown} may not call this API; the proxy's operator lists allowed sites in ALLOWED_ORIGINS`,
        'Origin',
      );
      return void res.status(failure.httpStatus).json(failure.toBody());
    }
    res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', maxAge);
    res.status(204).end();
  };
}
