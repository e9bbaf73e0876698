/**
 * POST /api/recharges: create the Carat transaction and list its dealers, in one browser round
 * trip. The NIT arrives in the creation response (signature mode) or by the authenticity POST
 * (authenticity mode); the dealers come from the general_hash cache when Carat's hash is unchanged.
 *
 * With an order grant (grants/session-grant.ts) the grant is checked first (403 before any call),
 * its orderId is Carat's order_id, and its jti is claimed just before the session is stored: a
 * creation that fails at Carat leaves the grant usable for the shopper's retry, and of two
 * creations racing with one grant only the first keeps it (the other's NOV transaction expires).
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { CreateRechargeResponse, RechargeType } from '../../browser-api.ts';
import { NO_GENERAL_HASH } from '../../carat/client.ts';
import { invalidRequest } from '../../api-failure.ts';
import { GatewayFailure } from '../../carat/http.ts';
import { acceptOrderGrant, claimOrderGrant, sessionGrantOf } from '../../grants/session-grant.ts';
import type { OrderGrant } from '../../grants/order-grant.ts';
import { journalStep } from '../../store/journal.ts';
import type { SessionRecord, StepOutcome } from '../../store/session-store.ts';
import type { RechargeDeps } from '../recharge-deps.ts';
import { cardPayable, chargeableBrands } from '../do-recharge-request.ts';
import { dealerView } from './catalogue-view.ts';

/** 16 random bytes, base64url: unguessable, and unrelated to the NIT. */
function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/** Fresh per creation, so the authenticity POST can be matched to it: merchant_usn < 12 N, order_id < 20 AN. */
function newCreationIds(grant: OrderGrant | undefined): { merchantUsn: string; orderId: string } {
  const merchantUsn = String(randomInt(10_000_000_000, 99_999_999_999));
  // A granted recharge carries the merchant's own order id, so Carat's records match its checkout.
  return { merchantUsn, orderId: grant?.orderId ?? `RW${randomBytes(8).toString('hex').toUpperCase()}` };
}

/** A new Carat transaction with its NIT (also the credentials check of recovery/credentials-check.ts). */
export async function createTransaction(
  deps: Pick<RechargeDeps, 'auth' | 'carat' | 'cache' | 'authenticity'>, type: RechargeType, grant?: OrderGrant,
): Promise<{ nit: string; generalHash: string | undefined }> {
  const ids = newCreationIds(grant);
  const request = { rechargeType: type, ...ids, generalHash: deps.cache.currentHash() ?? NO_GENERAL_HASH };
  if (deps.auth === 'signature') {
    const response = await deps.carat.createRecharge(request);
    if (!response.nit) throw new GatewayFailure('gateway_unavailable', 'The payment gateway sent an unexpected answer. Please try again.', false);
    return { nit: response.nit, generalHash: response.general_hash };
  }
  // Registered before the call: Carat posts the NIT while the creation call is still running.
  const notice = deps.authenticity.expect(ids.merchantUsn, ids.orderId);
  try {
    await deps.carat.createRecharge(request);
  } catch (error) {
    deps.authenticity.cancel(ids.merchantUsn);
    throw error;
  }
  deps.authenticity.creationAnswered(ids.merchantUsn);
  const { nit, generalHash } = await notice;
  return { nit, generalHash: generalHash || undefined };
}

/** `grantToken`: the order grant the browser sent, if any. */
export async function startRecharge(deps: RechargeDeps, type: RechargeType, grantToken?: string): Promise<CreateRechargeResponse> {
  const grant = grantToken === undefined ? undefined : acceptOrderGrant(grantToken, type, deps.orderGrantSecret, deps.now());
  // Without REST Payment (CARAT_API_URL) a PIN or a bill has no way to be paid but a grant: refuse
  // before Carat opens a transaction the shopper could only abandon at a card form that takes no card.
  if (!grant && !cardPayable(deps, type)) {
    throw invalidRequest('type', `${type} purchases can't be paid by card on this proxy (REST Payment, CARAT_API_URL, is not configured): they need an order grant`);
  }
  const { nit, generalHash } = await createTransaction(deps, type, grant);
  const steps: StepOutcome[] = [journalStep(deps.now, 'create', 'ok', 'NOV')];
  const usable = generalHash && generalHash !== NO_GENERAL_HASH ? generalHash : undefined;
  let dealers = usable ? deps.cache.dealers(usable, type) : undefined;
  if (!dealers) {
    // The hash of the dealer list we hold (an older one, since this one missed), or zeros: never one we have no data for.
    const response = await deps.carat.listDealers(nit, deps.cache.dealersHeldUnder(type) ?? NO_GENERAL_HASH);
    dealers = response.dealers;
    steps.push(journalStep(deps.now, 'list_dealers', 'ok', response.status));
    if (usable) deps.cache.putDealers(usable, type, dealers);
  }
  const session: SessionRecord = {
    id: newSessionId(),
    type,
    nit,
    status: 'NOV',
    createdAt: new Date(deps.now()).toISOString(),
    generalHash: usable ?? NO_GENERAL_HASH,
    dealers,
    branchData: {},
    steps,
    ...(grant ? { grant: sessionGrantOf(grant) } : {}),
  };
  if (grant) await claimOrderGrant(deps.store, grant, session.id);
  await deps.store.put(session);
  return {
    id: session.id,
    type,
    dealers: dealers.map(dealerView),
    cardBrands: cardPayable(deps, type) ? chargeableBrands(deps.authorizerIds) : [],
    maxInstallments: deps.installments.maxInstallments,
    minInstallmentCents: deps.installments.minInstallmentCents,
  };
}
