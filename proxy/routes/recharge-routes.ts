/** The browser-facing recharge API (browser-api.ts). Handlers only parse, delegate and answer. */
import express, { type Router } from 'express';
import type { RechargeResult, RechargeSession } from '../browser-api.ts';
import { ApiFailure } from '../api-failure.ts';
import { IDEMPOTENCY_KEY_HEADER, parseBranchDataRequest, parseCreateRechargeRequest, parseIdempotencyKey } from '../browser-schemas.ts';
import type { AbuseGuards } from '../hardening/abuse-guards.ts';
import { listBranchData } from '../recharge/catalogue/branch-data.ts';
import { startRecharge } from '../recharge/catalogue/start-recharge.ts';
import { doRecharge } from '../recharge/do-recharge.ts';
import type { IdempotentRecharge } from '../recharge/idempotent-recharge.ts';
import { loadSession, noSuchSession } from '../recharge/open-session.ts';
import type { RechargeDeps } from '../recharge/recharge-deps.ts';
import { asksForRepeat, type RepeatHandler } from '../schedules/schedule-recharge.ts';
import { lastIntent, needsRecovery } from '../store/journal.ts';
import { mayHoldPin, withoutReceipts } from '../store/receipt-retention.ts';

export interface RechargeRouteOptions {
  idempotent: IdempotentRecharge;
  guards: AbuseGuards;
  /** Largest JSON body accepted, in bytes (BODY_LIMIT). */
  bodyLimitBytes: number;
  /** A recharge with `repeat` (monthly top-ups, proxy/schedules/). */
  repeat: RepeatHandler;
}

/** Session ids are 16 random bytes in base64url: anything else cannot name a session. */
function sessionId(raw: unknown): string {
  if (typeof raw !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(raw)) throw noSuchSession();
  return raw;
}

function receiptsShownOnce(body: unknown): RechargeResult {
  const result = withoutReceipts(body) as RechargeResult;
  return result.receiptWithheld ? { ...result, message: 'The receipt is delivered only once, in the answer to the recharge call.' } : result;
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
    const { type, grant } = parseCreateRechargeRequest(req.body);
    res.status(201).json(await startRecharge(deps, type, grant));
  });

  router.post('/api/recharges/:id/branches', guards.branchesPerIp, async (req, res) => {
    const session = await loadSession(deps, sessionId(req.params.id));
    res.json(await listBranchData(deps, session, parseBranchDataRequest(req.body, session.type)));
  });

  router.post('/api/recharges/:id/recharge', guards.paymentsPerIp, guards.paymentsPerSession, async (req, res) => {
    const id = sessionId(req.params['id']);
    const key = parseIdempotencyKey(req.get(IDEMPOTENCY_KEY_HEADER));
    const body: unknown = req.body;
    // The card-attempt cap is checked inside (do-recharge.ts): a replayed key gets its first answer, not a refusal.
    const answer = asksForRepeat(body)
      ? await options.repeat(id, key, body, req.ip ?? '', `${req.protocol}://${req.get('host') ?? ''}`)
      : await idempotent(id, key, body, () => doRecharge(deps, id, body, key, req.ip ?? ''));
    if (answer.httpStatus === 202) res.set('Retry-After', String(Math.ceil(answer.body.retryAfterMs / 1000)));
    res.status(answer.httpStatus).json(answer.body);
  });

  router.get('/api/recharges/:id', async (req, res) => {
    const session = await deps.store.get(sessionId(req.params.id));
    if (!session) throw noSuchSession();
    // Reads the journal only: polling this never reaches Carat (recovery and the recharge call do).
    const settled = !needsRecovery(session);
    const view: RechargeSession = { id: session.id, type: session.type, status: session.status, createdAt: session.createdAt, settled };
    if (session.dealerCode !== undefined) view.dealerCode = session.dealerCode;
    if (session.amountCents !== undefined) view.amountCents = session.amountCents;
    // The last attempt's final answer, through getResult so a PIN's receipts obey RECEIPT_RETENTION_MS.
    const key = settled ? lastIntent(session)?.idempotencyKey : undefined;
    const result = key === undefined ? undefined : await deps.store.getResult(session.id, key);
    // A PIN is shown once, in the recharge call's answer: this polled, key-less read never carries it.
    if (result) view.result = mayHoldPin(session.type) ? receiptsShownOnce(result.body) : result.body as RechargeResult;
    res.json(view);
  });

  router.use('/api', () => {
    throw new ApiFailure('not_found', 'No such API route.');
  });
  return router;
}
