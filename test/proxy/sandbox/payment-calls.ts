/** Calls to the sandbox's REST Payment API (/e-sitef/api) as a merchant, for the payment tests. */
import { readJsonReply } from '../support/json-reply.ts';
import { AUTH_KEY, type Harness, type Reply } from './harness.ts';

/** The authenticity-mode merchant of the harness: the payment API knows merchants by headers only. */
export const PAYMENT_MERCHANT = { id: 'shopauth', key: AUTH_KEY };

export const APPROVED_CARD = { number: '4111111111111111', expiry_date: '1239', security_code: '123' };
export const DENIED_CARD = { ...APPROVED_CARD, number: '4000000000000002' };

export interface PaymentCallOptions {
  merchant?: { id: string; key: string };
  contentType?: string;
  rawBody?: string;
}

export function paymentCalls(h: Harness) {
  async function call(method: string, path: string, body?: unknown, opts: PaymentCallOptions = {}): Promise<Reply> {
    const merchant = opts.merchant ?? PAYMENT_MERCHANT;
    const headers: Record<string, string> = { merchant_id: merchant.id, merchant_key: merchant.key };
    const payload = opts.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    const response = await fetch(`${h.url}/e-sitef/api${path}`, { method, headers, body: payload });
    return { status: response.status, ...(await readJsonReply(response)) };
  }

  /** A new payment NIT; late confirmation unless `postpone` is false. */
  async function createPayment(extra: Record<string, unknown> = {}, postpone = true): Promise<string> {
    const reply = await call('POST', '/v1/transactions', {
      merchant_usn: '12042142155', order_id: 'A123', amount: '2000', installments: '1', installment_type: '4', authorizer_id: '1',
      ...(postpone ? { additional_data: { postpone_confirmation: 'true' } } : {}),
      ...extra,
    });
    if (reply.body?.code !== '0') throw new Error(`creation failed: ${reply.text}`);
    return reply.body.payment.nit;
  }

  const pay = (nit: string, card: Record<string, string> = APPROVED_CARD, extra: Record<string, unknown> = {}) =>
    call('POST', `/v1/payments/${nit}`, { card, ...extra });
  const confirm = (nit: string, value: string, amount?: string) =>
    call('PUT', `/v1/payments/${nit}?confirm=${value}${amount === undefined ? '' : `&amount=${amount}`}`);
  const query = (nit: string, merchant?: { id: string; key: string }) =>
    call('GET', `/v1/transactions/${nit}`, undefined, merchant ? { merchant } : {});
  const statusOf = async (nit: string): Promise<string> => (await query(nit)).body?.payment?.status;

  return { call, createPayment, pay, confirm, query, statusOf };
}
