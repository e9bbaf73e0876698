/**
 * A pending recharge kept in the tab's sessionStorage, so that closing and reopening the page (or
 * a reload) shows the pending state again instead of an offer to pay (issue 9). It holds only what
 * the pending screen and its result need (flow-state.ts PendingRecharge: never the card; the
 * attempt's Idempotency-Key and request, which fetch a PIN settled as done), and is
 * removed once the recharge is settled. Storage that is missing or refused (a sandboxed iframe,
 * some private modes) just keeps nothing.
 */
import { isRechargeType } from '../proxy/recharge-types.ts';
import type { PendingRecharge } from './flow-state.ts';

const PREFIX = 'recharge-widget:pending:';

/** One entry per proxy and widget on the page (its id, else its preset type). */
export function pendingKey(api: string, widget: string): string {
  return `${PREFIX}${api}#${widget}`;
}

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

export function readPending(key: string): PendingRecharge | undefined {
  try {
    const text = storage()?.getItem(key);
    const kept: unknown = text ? JSON.parse(text) : undefined;
    return isPendingRecharge(kept) ? kept : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the pending recharge, or forgets it when there is none (settled, or never sent). */
export function keepPending(key: string, pending: PendingRecharge | undefined): void {
  try {
    if (pending) storage()?.setItem(key, JSON.stringify(pending));
    else storage()?.removeItem(key);
  } catch {
    // Full or refused: the widget still works, only a reload would not show the pending state.
  }
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** The attempt's request as kept (flow-state.ts attemptRequest): never a card; only its shape is checked. */
function isKeptRequest(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const request = value as Record<string, unknown>;
  return isText(request['dealerCode']) && Number.isSafeInteger(request['amountCents']) && request['payment'] === undefined;
}

/** What another version of the widget (or a hand) wrote there is trusted only if it has the right shape. */
function isPendingRecharge(value: unknown): value is PendingRecharge {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<Record<keyof PendingRecharge, unknown>>;
  const dealer = v.dealer as { code?: unknown; name?: unknown } | undefined;
  const phone = v.phone as { ddd?: unknown; number?: unknown } | undefined;
  return isText(v.sessionId) && isRechargeType(v.type) && Number.isSafeInteger(v.amountCents)
    && typeof v.retryAfterMs === 'number' && Number.isFinite(v.retryAfterMs)
    && typeof dealer === 'object' && dealer !== null && isText(dealer.code) && typeof dealer.name === 'string'
    && (phone === undefined || (typeof phone === 'object' && phone !== null && isText(phone.ddd) && isText(phone.number)))
    && (v.attemptKey === undefined || isText(v.attemptKey))
    && (v.attemptRequest === undefined || isKeptRequest(v.attemptRequest));
}
