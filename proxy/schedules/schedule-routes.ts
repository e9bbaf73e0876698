/**
 * The schedule routes (browser-api.ts): the shopper's token routes, GET /api/schedules/:token,
 * POST /api/schedules/:token/cancel and the manage page GET /schedules/:token, and Carat's status
 * URL, POST /carat/status. The token is the shopper's only key: the token routes answer with
 * Cache-Control no-store and Referrer-Policy no-referrer, are rate-limited per client address
 * (guessing is hopeless at 256 bits; the limit keeps scripts from trying), and an unknown or
 * malformed token is 404 like any missing thing.
 */
import express, { type Request, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ApiFailure } from '../api-failure.ts';
import { cancelSchedule } from './cancel-schedule.ts';
import { managePage } from './manage-page.ts';
import type { ScheduleDeps } from './schedule-deps.ts';
import type { ScheduleRecord } from './schedule-store.ts';
import { hashScheduleToken, looksLikeScheduleToken } from './schedule-token.ts';
import { scheduleView } from './schedule-view.ts';
import { statusNoticeEndpoint } from './status-notice.ts';

export const DEFAULT_TOKEN_LOOKUPS_PER_MINUTE_PER_IP = 30;

const noSuchSchedule = () => new ApiFailure('not_found', 'There is no such monthly top-up.');

async function scheduleOf(deps: ScheduleDeps | undefined, raw: unknown): Promise<ScheduleRecord> {
  if (!deps || !looksLikeScheduleToken(raw)) throw noSuchSchedule();
  const schedule = await deps.store.byTokenHash(hashScheduleToken(raw));
  if (!schedule) throw noSuchSchedule();
  return schedule;
}

export function scheduleRoutes(deps: ScheduleDeps | undefined, options: { tokenLookupsPerMinutePerIp?: number } = {}): Router {
  const router = express.Router();
  const limit = options.tokenLookupsPerMinutePerIp ?? DEFAULT_TOKEN_LOOKUPS_PER_MINUTE_PER_IP;
  const tokenLimit = rateLimit({
    windowMs: 60_000,
    limit,
    ipv6Subnet: 64,
    handler: (_req: Request, res) => {
      const failure = new ApiFailure('rate_limited', `Too many requests (monthly top-up lookups per IP): at most ${limit} a minute. Try again in 60 s.`);
      res.status(failure.httpStatus).set('Retry-After', '60').json(failure.toBody());
    },
    legacyHeaders: false,
    standardHeaders: false,
    validate: { xForwardedForHeader: false, forwardedHeader: false },
  });
  router.use(['/api/schedules', '/schedules'], (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    res.set('Referrer-Policy', 'no-referrer');
    next();
  }, tokenLimit);

  router.get('/api/schedules/:token', async (req, res) => {
    const schedule = await scheduleOf(deps, req.params.token);
    res.json(scheduleView(schedule, await deps!.store.listExecutions(schedule.id)));
  });
  router.post('/api/schedules/:token/cancel', async (req, res) => {
    const schedule = await scheduleOf(deps, req.params.token);
    res.json(await cancelSchedule(deps!, schedule));
  });
  router.get('/schedules/:token', async (req, res) => {
    await scheduleOf(deps, req.params.token); // unknown → 404, never a page
    res.type('html').send(managePage(req.params.token));
  });

  if (deps) router.post('/carat/status', statusNoticeEndpoint(deps));
  else router.post('/carat/status', (_req, res) => res.status(200).type('text/plain').send('OK'));
  return router;
}
