/** The browser-facing recharge API (browser-api.ts). Handlers only parse, delegate and answer. */
import express, { type Router } from 'express';
import type { RechargeSession } from '../browser-api.ts';
import { ApiFailure } from '../api-failure.ts';
import { parseBranchDataRequest, parseCreateRechargeRequest, parseIdempotencyKey } from '../browser-schemas.ts';
import { listBranchData } from '../recharge/branch-data.ts';
import type { IdempotentRecharge } from '../recharge/idempotent-recharge.ts';
import { performRecharge } from '../recharge/perform-recharge.ts';
import { loadSession, type RechargeDeps } from '../recharge/recharge-deps.ts';
import { startRecharge } from '../recharge/start-recharge.ts';

/** Session ids are 16 random bytes in base64url: anything else cannot name a session. */
function sessionId(raw: string | string[] | undefined): string {
  if (typeof raw !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(raw)) {
    throw new ApiFailure('not_found', 'There is no such recharge. Please start a new one.');
  }
  return raw;
}

export function rechargeRoutes(deps: RechargeDeps, idempotent: IdempotentRecharge): Router {
  const router = express.Router();
  router.use('/api', express.json({ limit: '16kb' }));

  router.post('/api/recharges', async (req, res) => {
    const { type } = parseCreateRechargeRequest(req.body);
    res.status(201).json(await startRecharge(deps, type));
  });

  router.post('/api/recharges/:id/branches', async (req, res) => {
    const session = await loadSession(deps, sessionId(req.params.id));
    res.json(await listBranchData(deps, session, parseBranchDataRequest(req.body, session.type)));
  });

  router.post('/api/recharges/:id/recharge', async (req, res) => {
    const id = sessionId(req.params.id);
    const key = parseIdempotencyKey(req.get('idempotency-key'));
    res.json(await idempotent(id, key, () => performRecharge(deps, id, req.body)));
  });

  router.get('/api/recharges/:id', async (req, res) => {
    const session = await deps.store.get(sessionId(req.params.id));
    if (!session) throw new ApiFailure('not_found', 'There is no such recharge. Please start a new one.');
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
