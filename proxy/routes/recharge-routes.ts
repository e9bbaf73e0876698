/** The browser-facing recharge API (browser-api.ts). Handlers only parse, delegate and answer. */
import express, { type Router } from 'express';
import type { RechargeSession } from '../browser-api.ts';
import { ApiFailure } from '../api-failure.ts';
import { IDEMPOTENCY_KEY_HEADER, parseBranchDataRequest, parseCreateRechargeRequest, parseIdempotencyKey } from '../browser-schemas.ts';
import { carriesPayment, type AbuseGuards } from '../hardening/abuse-guards.ts';
import { withCardAttempt } from '../hardening/card-attempts.ts';
import { listBranchData } from '../recharge/branch-data.ts';
import type { IdempotentRecharge } from '../recharge/idempotent-recharge.ts';
import { performRecharge } from '../recharge/perform-recharge.ts';
import { loadSession, type RechargeDeps } from '../recharge/recharge-deps.ts';
import { startRecharge } from '../recharge/start-recharge.ts';

export interface RechargeRouteOptions {
  idempotent: IdempotentRecharge;
  guards: AbuseGuards;
  /** Largest JSON body accepted, in bytes (BODY_LIMIT). */
  bodyLimitBytes: number;
}

const noSuchSession = () => new ApiFailure('not_found', 'There is no such recharge. Please start a new one.');

/** Session ids are 16 random bytes in base64url: anything else cannot name a session. */
function sessionId(raw: unknown): string {
  if (typeof raw !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(raw)) throw noSuchSession();
  return raw;
}

/** The same deps, except that a do-recharge reports that the card reached Carat just before it is sent. */
function countingCardAttempt(deps: RechargeDeps, reachedGateway: () => void): RechargeDeps {
  const doRecharge: RechargeDeps['carat']['doRecharge'] = (nit, request) => {
    reachedGateway();
    return deps.carat.doRecharge(nit, request);
  };
  return { ...deps, carat: { ...deps.carat, doRecharge } };
}

export function rechargeRoutes(deps: RechargeDeps, options: RechargeRouteOptions): Router {
  const { idempotent, guards } = options;
  const router = express.Router();
  router.use('/api', express.json({ limit: options.bodyLimitBytes }));
  // Checked before the per-session limits too, so junk ids take no room in them.
  router.param('id', (_req, _res, next, id: unknown) => {
    sessionId(id);
    next();
  });

  router.post('/api/recharges', guards.creationsPerIp, async (req, res) => {
    const { type } = parseCreateRechargeRequest(req.body);
    res.status(201).json(await startRecharge(deps, type));
  });

  router.post('/api/recharges/:id/branches', async (req, res) => {
    const session = await loadSession(deps, sessionId(req.params.id));
    res.json(await listBranchData(deps, session, parseBranchDataRequest(req.body, session.type)));
  });

  router.post('/api/recharges/:id/recharge', guards.paymentsPerIp, guards.paymentsPerSession, async (req, res) => {
    const id = sessionId(req.params['id']);
    const key = parseIdempotencyKey(req.get(IDEMPOTENCY_KEY_HEADER));
    const body: unknown = req.body;
    // The cap sits inside the idempotent call: a replayed key gets its first answer, not a refusal.
    const work = carriesPayment(body)
      ? () => withCardAttempt(guards.cardAttempts, id, (reachedGateway) => performRecharge(countingCardAttempt(deps, reachedGateway), id, body, key))
      : () => performRecharge(deps, id, body, key);
    res.json(await idempotent(id, key, work));
  });

  router.get('/api/recharges/:id', async (req, res) => {
    const session = await deps.store.get(sessionId(req.params.id));
    if (!session) throw noSuchSession();
    const view: RechargeSession = { id: session.id, type: session.type, status: session.status, createdAt: session.createdAt };
    if (session.dealerCode !== undefined) view.dealerCode = session.dealerCode;
    if (session.amountCents !== undefined) view.amountCents = session.amountCents;
    res.json(view);
  });

  router.use('/api', () => {
    throw new ApiFailure('not_found', 'No such API route.');
  });
  return router;
}
