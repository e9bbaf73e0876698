/**
 * Calls to the sandbox's REST Schedule API (/e-sitef/api) as the harness's authenticity merchant,
 * and the merchant's status URL: a form endpoint that records each POST and answers as scripted.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Listening } from '../../../proxy/listen.ts';
import { listenOnFreePort } from '../support/free-port.ts';
import { AUTH_KEY, type Harness, type Reply } from './harness.ts';
import { APPROVED_CARD, PAYMENT_MERCHANT, paymentCalls } from './payment-calls.ts';

/** The merchant's status URL: records every form; answers the scripted statuses in turn, then 200. */
export class StatusEndpoint {
  forms: URLSearchParams[] = [];
  script: number[] = [];
  url = '';
  #running: Listening | undefined;
  readonly #answer = (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      this.forms.push(new URLSearchParams(body));
      const status = this.script.shift() ?? 200;
      if (status === 302) res.setHeader('location', '/elsewhere');
      res.statusCode = status;
      res.end(status === 200 ? 'OK' : 'NO');
    });
  };

  async listen(): Promise<string> {
    this.#running = await listenOnFreePort(this.#answer);
    this.url = `${this.#running.url}/carat/status`;
    return this.url;
  }
  /** The NIT of every form received, in order. */
  nits(): string[] {
    return this.forms.map((f) => f.get('nit') ?? '');
  }
  async close(): Promise<void> {
    await this.#running?.close();
  }
}

/** Registers the harness's authenticity merchant again, now with a status URL. */
export function giveStatusUrl(h: Harness, statusUrl: string): void {
  h.sandbox.registerMerchant({ id: PAYMENT_MERCHANT.id, key: AUTH_KEY, auth: 'authenticity', authenticityUrl: h.endpoint.url, statusUrl });
}

/** `YYYY-MM-DD` → `DD/MM/YYYY`. */
export const wireDay = (iso: string): string => iso.split('-').reverse().join('/');

export function scheduleCalls(h: Harness) {
  const api = paymentCalls(h);

  const scheduleObject = (initialDay: string, extra: Record<string, unknown> = {}) => ({
    amount: '1500', initial_date: wireDay(initialDay), number_of_times: '3', interval: '1', soft_descriptor: 'Recarga', ...extra,
  });

  /** do_payment_now "false": a NOV SID. */
  async function createSchedule(initialDay: string, extra: Record<string, unknown> = {}): Promise<string> {
    const reply = await api.call('POST', '/v1/transactions', {
      merchant_usn: '777', order_id: 'S1', authorizer_id: '1', schedule: { ...scheduleObject(initialDay, extra), do_payment_now: 'false' },
    });
    if (reply.body?.code !== '0') throw new Error(`creation failed: ${reply.text}`);
    return reply.body.schedule.sid;
  }

  /** A first payment (late confirmation unless `postpone` is false) and its schedule. */
  async function createWithPayment(initialDay: string, postpone = true): Promise<{ nit: string; sid: string; reply: Reply }> {
    const reply = await api.call('POST', '/v1/transactions', {
      merchant_usn: '778', order_id: 'S2', authorizer_id: '1', amount: '1500', installments: '1', installment_type: '4',
      ...(postpone ? { additional_data: { postpone_confirmation: 'true' } } : {}),
      schedule: scheduleObject(initialDay),
    });
    if (reply.body?.code !== '0') throw new Error(`creation failed: ${reply.text}`);
    return { nit: reply.body.payment.nit, sid: reply.body.schedule.sid, reply };
  }

  const activate = (sid: string, card: Record<string, string> = APPROVED_CARD) => api.call('POST', `/v1/schedules/${sid}`, { card });
  const querySchedule = (sid: string) => api.call('GET', `/v1/schedules/${sid}`);
  const scheduleStatus = async (sid: string): Promise<string> => (await querySchedule(sid)).body?.schedule?.status;
  const openEdit = (sid: string, merchantData = 'M1') => api.call('POST', '/v1/schedules/edits', { sid, merchant_data: merchantData });
  const applyEdit = (seid: string, body: Record<string, unknown>) => api.call('PUT', `/v1/schedules/edits/${seid}`, body);

  /** Opens an edit and returns the SEID the sandbox POSTed to the authenticity URL. */
  async function seidFor(sid: string): Promise<string> {
    const opened = await openEdit(sid);
    if (opened.body?.code !== '0') throw new Error(`edit refused: ${opened.text}`);
    const seid = h.endpoint.forms.at(-1)?.get('seid');
    if (!seid) throw new Error('no SEID POST received');
    return seid;
  }

  return { ...api, queryTransaction: api.query, createSchedule, createWithPayment, activate, querySchedule, scheduleStatus, openEdit, applyEdit, seidFor };
}
