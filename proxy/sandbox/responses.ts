/**
 * Response envelopes: every recharge response is one snake_case wrapper holding `esitef.code`
 * ("0" = success) and `esitef.message`.
 *
 * Q2 (the vendor's numeric code table was not captured): the sandbox uses this small internal
 * table. Clients must only test for "0"; the other codes exist so a human can tell failures apart.
 */
export const ESITEF_CODES = {
  ok: '0',
  invalidField: '1',
  unknownTransaction: '2',
  expiredTransaction: '3',
  merchant: '4',
  authorization: '5',
  wrongState: '6',
  cardDenied: '7',
  authenticityPost: '8',
  denied: '9',
  amountNotOffered: '10',
} as const;

export const OK_MESSAGE = 'OK. Transaction successful.';

export type WireBody = Record<string, unknown>;

export function esitefOk(extra: Record<string, string> = {}): Record<string, string> {
  return { message: OK_MESSAGE, code: ESITEF_CODES.ok, ...extra };
}

/** A business failure: HTTP 200, non-zero esitef.code, the status when one is known. */
export function businessError(wrapper: string, code: string, message: string, status?: string): WireBody {
  const inner: Record<string, unknown> = {};
  if (status) inner.status = status;
  inner.esitef = { message, code };
  return { [wrapper]: inner };
}

/** The response wrapper that answers a request wrapper or route. */
export const RESPONSE_WRAPPERS = {
  begin: 'begin_recharge_response',
  dealers: 'list_dealers_response',
  branches: 'list_branch_data_response',
  do: 'do_recharge_response',
  confirm: 'confirm_recharge_response',
  status: 'get_status_recharge_response',
} as const;
