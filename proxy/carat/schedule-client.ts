/**
 * Carat's REST Schedule API (§6), one named function per call: create a transaction with a schedule
 * (with its first payment, late-confirmed, or without: do_payment_now "false"), activate a schedule
 * with the card, query a schedule or an execution, open and apply an edit. The first payment itself
 * is paid and confirmed with the payment client (payment-client.ts: POST/PUT /v1/payments/{nit}).
 * The merchant headers are added here; the card goes into one request body and nowhere else — never
 * logged, never in an error, never in a result. Dates are YYYY-MM-DD here, DD/MM/YYYY on the wire.
 */
import { safeCaratMessage } from './client.ts';
import { GatewayFailure, type CaratHttp } from './http.ts';
import type { PaymentCard } from './payment-client.ts';
import { ScheduleEditWaiter, newMerchantData, type EditNoticeOutcome } from './schedule-edit-waiter.ts';
import {
  ScheduleResponseSchema, defined, scheduleState, whole, type ScheduleResponse, type ScheduleState,
} from './schedule-responses.ts';

export type { ScheduleExecution, ScheduleState } from './schedule-responses.ts';

export interface ScheduleTerms {
  /** Each charge, in cents. */
  amountCents: number;
  /** The first execution, YYYY-MM-DD. */
  initialDate: string;
  /** Executions in all; the schedule is FIN after them. */
  numberOfTimes: number;
  /** Q12: in Carat's unit (presumed months); default 1. */
  interval?: number;
  /** Text on the shopper's card statement. */
  softDescriptor?: string;
}

export interface NewScheduledTransaction {
  /** `< 20 AN`. */
  orderId: string;
  /** `< 12 N`. */
  merchantUsn: string;
  schedule: ScheduleTerms;
}

/** An execution (or any payment) as GET /v1/transactions/{nit} reports it. */
export interface ExecutionState {
  status: string;
  amountCents?: number;
  orderId?: string;
  authorizationNumber?: string;
  customerReceipt?: string;
  merchantReceipt?: string;
  /** The schedule it belongs to, when Carat names it. */
  schedule?: ScheduleState;
}

export interface ActivationOutcome {
  /** Carat said "0" and the schedule is ATV. */
  activated: boolean;
  code: string;
  /** Carat's reason, safe to show (no SID, key or card number). */
  message: string;
  schedule?: ScheduleState;
}

/** What an edit changes; only what is given is sent (Q13). */
export interface ScheduleChanges {
  status?: 'INA' | 'ATV';
  amountCents?: number;
  numberOfTimes?: number;
}

export interface ScheduleClientOptions {
  /** Over the API's base URL (CARAT_API_URL, up to and including /e-sitef/api). */
  http: CaratHttp;
  merchantId: string;
  merchantKey: string;
  /** How long openEdit waits for the SEID's form POST, from the start of its call (Carat posts during it); default 15000. */
  editNoticeTimeoutMs?: number;
  /** For tests: where edits wait for their SEID. */
  editWaiter?: ScheduleEditWaiter;
}

const UNEXPECTED_ANSWER = 'The payment gateway sent an unexpected answer. Please try again.';

const wireDate = (iso: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new RangeError('expected a date YYYY-MM-DD');
  return iso.split('-').reverse().join('/');
};
const maskedCard = (number: string): string => `${'*'.repeat(Math.max(0, number.length - 4))}${number.slice(-4)}`;

export function createScheduleClient(options: ScheduleClientOptions) {
  const { http, merchantId, merchantKey } = options;
  const headers = { merchant_id: merchantId, merchant_key: merchantKey };
  const editWaiter = options.editWaiter ?? new ScheduleEditWaiter();
  const editNoticeTimeoutMs = options.editNoticeTimeoutMs ?? 15_000;

  /** Carat's texts may reach the browser: no key, nothing SID- or NIT-like, no card number, grouped or not (client.ts). */
  const safeMessage = (message: string | undefined): string => safeCaratMessage(message, merchantKey);

  async function call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<ScheduleResponse> {
    const content = await http.send({ method, path, headers, ...(body === undefined ? {} : { body }) });
    const parsed = ScheduleResponseSchema.safeParse(content);
    if (!parsed.success) throw new GatewayFailure('gateway_unavailable', UNEXPECTED_ANSWER, true);
    return parsed.data;
  }

  /** Success is HTTP 200 and code "0" (§1); anything else is Carat's refusal: it read the call and did not act. */
  function requireSuccess(response: ScheduleResponse): ScheduleResponse {
    if (response.code !== '0') {
      const status = response.schedule?.status ?? response.payment?.status;
      throw new GatewayFailure('gateway_rejected', `The payment gateway refused the request: ${safeMessage(response.message)}`, false, status, response.code);
    }
    return response;
  }

  /** A "0" that does not show the schedule it promised: whatever Carat did cannot be named. */
  function requireSchedule(response: ScheduleResponse): ScheduleState {
    const state = response.schedule && scheduleState(response.schedule, response.payment);
    if (!state) throw new GatewayFailure('gateway_unavailable', UNEXPECTED_ANSWER, true);
    return state;
  }

  const scheduleBody = (terms: ScheduleTerms, payNow: boolean) => ({
    amount: String(terms.amountCents),
    ...(payNow ? {} : { do_payment_now: 'false' }),
    initial_date: wireDate(terms.initialDate),
    number_of_times: String(terms.numberOfTimes),
    interval: String(terms.interval ?? 1),
    ...(terms.softDescriptor ? { soft_descriptor: terms.softDescriptor } : {}),
    show_times_invoice: 'false',
  });

  const schedulePath = (sid: string) => `/v1/schedules/${encodeURIComponent(sid)}`;

  return {
    /**
     * POST /v1/transactions with a first payment and a schedule (§6.1 A), late-confirmed (Q9): pay
     * it with PaymentClient.pay (PPC), confirm it with confirmPayment — the schedule is ATV only
     * once the payment is CON. The SID comes back when Carat shows it at creation.
     */
    async createScheduleWithPayment(args: NewScheduledTransaction & { firstPaymentCents: number }): Promise<{ nit: string; status: string; sid?: string; scheduleStatus?: string }> {
      const body = {
        merchant_usn: args.merchantUsn,
        order_id: args.orderId,
        amount: String(args.firstPaymentCents),
        installments: '1',
        installment_type: '4',
        additional_data: { postpone_confirmation: 'true' },
        schedule: scheduleBody(args.schedule, true),
      };
      const response = requireSuccess(await call('POST', '/v1/transactions', body));
      const nit = response.payment?.nit;
      if (!nit) throw new GatewayFailure('gateway_unavailable', UNEXPECTED_ANSWER, true);
      return defined({ nit, status: response.payment?.status ?? 'NOV', sid: response.schedule?.sid, scheduleStatus: response.schedule?.status });
    },

    /** POST /v1/transactions with schedule.do_payment_now "false" (§6.1 B): a SID in NOV, nothing charged. */
    async createSchedule(args: NewScheduledTransaction): Promise<{ sid: string; status: string }> {
      const body = { merchant_usn: args.merchantUsn, order_id: args.orderId, schedule: scheduleBody(args.schedule, false) };
      const response = requireSuccess(await call('POST', '/v1/transactions', body));
      const sid = response.schedule?.sid;
      if (!sid) throw new GatewayFailure('gateway_unavailable', UNEXPECTED_ANSWER, true);
      return { sid, status: response.schedule?.status ?? 'NOV' };
    },

    /** POST /v1/schedules/{sid} with the card (§6.4). Not checked for success: a refused card is a result. */
    async activateSchedule(sid: string, card: PaymentCard, args: { authorizerId: string }): Promise<ActivationOutcome> {
      const body = {
        authorizer_id: args.authorizerId,
        card: defined({ number: card.number, expiry_date: card.expiryDate, security_code: card.securityCode || undefined, holder: card.holder || undefined }),
      };
      const response = await call('POST', schedulePath(sid), body);
      const schedule = response.schedule && scheduleState(response.schedule);
      return defined({
        activated: response.code === '0' && schedule?.status === 'ATV',
        code: response.code,
        message: safeMessage(response.message?.split(card.number).join(maskedCard(card.number))),
        schedule,
      });
    },

    /** GET /v1/schedules/{sid} (§4.4): the schedule, its executions when Carat lists them, and its first payment. */
    async querySchedule(sid: string): Promise<ScheduleState> {
      return requireSchedule(requireSuccess(await call('GET', schedulePath(sid))));
    },

    /** GET /v1/transactions/{nit} (§4.4) for an execution: its status and, when Carat shows it, its schedule. */
    async queryExecution(nit: string): Promise<ExecutionState> {
      const response = requireSuccess(await call('GET', `/v1/transactions/${encodeURIComponent(nit)}`));
      const payment = response.payment;
      if (!payment?.status) throw new GatewayFailure('gateway_unavailable', UNEXPECTED_ANSWER, true);
      return defined({
        status: payment.status,
        amountCents: whole(payment.amount),
        orderId: payment.order_id,
        authorizationNumber: payment.authorization_number || undefined,
        customerReceipt: payment.customer_receipt,
        merchantReceipt: payment.merchant_receipt,
        schedule: response.schedule && scheduleState(response.schedule),
      });
    },

    /**
     * POST /v1/schedules/edits (§6.6): resolves with the SEID once Carat answered "0" and its form
     * POST reached acceptEditNotice. Nothing changes at Carat until applyEdit.
     */
    async openEdit(sid: string): Promise<string> {
      const merchantData = newMerchantData();
      const seid = editWaiter.expect(merchantData, sid, editNoticeTimeoutMs);
      try {
        requireSuccess(await call('POST', '/v1/schedules/edits', { sid, merchant_data: merchantData }));
      } catch (error) {
        editWaiter.cancel(merchantData, error as Error);
        throw error;
      }
      return seid;
    },

    /** For the authenticity endpoint: a form with a `seid` is handed here. */
    acceptEditNotice(form: unknown): EditNoticeOutcome {
      return editWaiter.deliver(form);
    },

    /** PUT /v1/schedules/edits/{seid} with only the changed fields (Q13); the schedule as it now is. */
    async applyEdit(seid: string, changes: ScheduleChanges): Promise<ScheduleState> {
      const body = defined({
        status: changes.status,
        amount: changes.amountCents === undefined ? undefined : String(changes.amountCents),
        number_of_times: changes.numberOfTimes === undefined ? undefined : String(changes.numberOfTimes),
      });
      return requireSchedule(requireSuccess(await call('PUT', `/v1/schedules/edits/${encodeURIComponent(seid)}`, body)));
    },

    describeRefusal: safeMessage,
  };
}

export type ScheduleClient = ReturnType<typeof createScheduleClient>;
