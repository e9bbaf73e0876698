/**
 * An error from a proxy call → the flow event that tells the shopper about it. A validation error
 * that names a field goes back to that field; everything else becomes a failure with a kind.
 */
import type { FailureKind, FlowEvent } from './flow-state.ts';
import { ApiFailure } from './proxy-client.ts';

const KIND_BY_CODE: Record<string, FailureKind> = {
  network: 'network',
  gateway_timeout: 'timeout',
  gateway_unavailable: 'unavailable',
  internal: 'unavailable',
  gateway_rejected: 'denied',
  session_expired: 'expired',
  not_found: 'expired', // the proxy forgot the session (restart, cleanup): like an expired one
  rate_limited: 'rate-limited',
};

export function eventForError(error: unknown): FlowEvent {
  if (!(error instanceof ApiFailure)) {
    return { type: 'failed', failure: { kind: 'unavailable', code: 'internal' } };
  }
  if (error.field && (error.code === 'invalid_request' || error.code === 'gateway_rejected')) {
    return { type: 'field-rejected', error: { field: error.field, message: error.message } };
  }
  const kind = KIND_BY_CODE[error.code] ?? 'refused';
  // Carat's own words help with a denial; other messages are the proxy's English for developers.
  const detail = kind === 'denied' && error.message ? { detail: error.message } : {};
  return { type: 'failed', failure: { kind, code: error.code, ...detail } };
}
