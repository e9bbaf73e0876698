/**
 * What an order grant means to a recharge session (issue 8 §1). A session is opened with a grant
 * when the merchant's own checkout already took the money; the proxy then runs its recharge without
 * a card, but only inside the grant: its type, at most maxAmountCents, and its dealer and phone when
 * it names them. A grant opens one session, ever: its jti is marked used in the journal
 * (SessionStore.claimGrant), so a restart forgets nothing.
 *
 * Paid or granted: a recharge with neither a card payment nor a grant is refused with 402 before
 * anything reaches Carat.
 */
import type { RechargeRequest, RechargeType } from '../browser-api.ts';
import { ApiFailure, invalidRequest } from '../api-failure.ts';
import { formatBrl } from '../browser-rules.ts';
import type { SessionGrant, SessionRecord, SessionStore } from '../store/session-store.ts';
import { OrderGrantError, verifyOrderGrant, type OrderGrant } from './order-grant.ts';

const grantInvalid = (message: string) => new ApiFailure('grant_invalid', message, 'grant');

export const grantUsed = () =>
  new ApiFailure('grant_used', 'This order grant was already used to open a recharge. Each grant opens one recharge; ask the shop for a new one.', 'grant');

/** A checked grant for a new session of `type`: 403 grant_invalid saying why, or when grants are not enabled. */
export function acceptOrderGrant(token: string, type: RechargeType, secret: string | undefined, now: number): OrderGrant {
  if (secret === undefined) throw grantInvalid('Order grants are not enabled on this proxy (ORDER_GRANT_SECRET is not set).');
  let grant: OrderGrant;
  try {
    grant = verifyOrderGrant(token, secret, now);
  } catch (error) {
    if (error instanceof OrderGrantError) throw grantInvalid(`The order grant is refused: ${error.message}.`);
    throw error;
  }
  if (grant.type !== type) throw grantInvalid(`The order grant is refused: it is for a ${grant.type} recharge, not a ${type} one.`);
  return grant;
}

/** What the session keeps of the grant: its limits, not the token. */
export function sessionGrantOf(grant: OrderGrant): SessionGrant {
  return {
    jti: grant.jti,
    orderId: grant.orderId,
    maxAmountCents: grant.maxAmountCents,
    ...(grant.dealerCode !== undefined ? { dealerCode: grant.dealerCode } : {}),
    ...(grant.phone !== undefined ? { phone: grant.phone } : {}),
  };
}

/** Marks the grant used by this session; 409 grant_used when another session (or an earlier run) had it. */
export async function claimOrderGrant(store: SessionStore, grant: OrderGrant, sessionId: string): Promise<void> {
  const claimed = await store.claimGrant(grant.jti, sessionId, new Date(grant.exp * 1000).toISOString());
  if (!claimed) throw grantUsed();
}

/**
 * Paid or granted, and the recharge inside the grant: 402 when neither a card nor a grant pays, 400
 * naming the field (amountCents, dealerCode, phone) when it leaves the grant. Checked before any
 * call to Carat.
 */
export function checkPaidOrGranted(session: SessionRecord, request: RechargeRequest): void {
  const { grant } = session;
  if (!grant) {
    if (!request.payment) {
      throw new ApiFailure('payment_required', 'payment: this recharge needs a card payment, or a session opened with the shop\'s order grant.', 'payment');
    }
    return;
  }
  if (request.payment) throw invalidRequest('payment', 'is not allowed: the shop\'s order grant already pays for this recharge');
  if (request.amountCents > grant.maxAmountCents) {
    throw invalidRequest('amountCents', `exceeds what the order grant allows, ${formatBrl(grant.maxAmountCents)}`);
  }
  if (grant.dealerCode !== undefined && request.dealerCode !== grant.dealerCode) {
    throw invalidRequest('dealerCode', 'is not the operator the order grant was issued for');
  }
  if (grant.phone && (request.phone?.ddd !== grant.phone.ddd || request.phone.number !== grant.phone.number)) {
    throw invalidRequest('phone', 'is not the phone number the order grant was issued for');
  }
}

/** What Carat charges the merchant for a granted recharge must fit the grant too (a fixed amount may cost more than it gives). */
export function checkGrantCovers(session: SessionRecord, paymentAmountCents: number): void {
  const { grant } = session;
  if (grant && paymentAmountCents > grant.maxAmountCents) {
    throw invalidRequest('amountCents', `costs ${formatBrl(paymentAmountCents)}, more than the order grant allows, ${formatBrl(grant.maxAmountCents)}`);
  }
}
