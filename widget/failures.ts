/**
 * An error from a proxy call → the flow event that tells the shopper about it. A validation error
 * that names a field goes back to that field; everything else becomes a failure with a kind.
 */
import type { FailureKind, FlowEvent } from './flow-state.ts';
import { ApiFailure } from './proxy-client.ts';

const KIND_BY_CODE: Record<string, FailureKind> = {
  proxy_unreachable: 'network',
  gateway_timeout: 'timeout',
  gateway_unavailable: 'unavailable',
  internal: 'unavailable',
  gateway_rejected: 'denied',
  session_expired: 'expired',
  not_found: 'expired', // the proxy forgot the session (restart, cleanup): like an expired one
  rate_limited: 'rate-limited',
  card_payments_paused: 'unavailable',
};

export function eventForError(error: unknown): FlowEvent {
  if (!(error instanceof ApiFailure)) {
    return { type: 'failed', failure: { kind: 'unavailable', code: 'internal' } };
  }
  if (error.field && (error.code === 'invalid_request' || error.code === 'gateway_rejected')) {
    return { type: 'field-rejected', error: { field: error.field, message: error.message } };
  }
  const kind = KIND_BY_CODE[error.code] ?? 'refused';
  // The proxy's messages are English for developers (Carat's words quoted at most): the merchant
  // gets them in the recharge-error event; the shopper reads the widget's words for the kind.
  const reason = error.message ? { reason: error.message } : {};
  return { type: 'failed', failure: { kind, code: error.code, ...reason } };
}
