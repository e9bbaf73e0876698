/**
 * Carat's REST Payment API (§4), one named function per call, for the two-phase card payment of PIN
 * products and bills: create the transaction with late confirmation, pay it with the card (PPC),
 * then confirm or undo it. The merchant_id/merchant_key headers are added here and nowhere else.
 * The card goes into one request body and nowhere else: it is never logged, never in an error and
 * never in a result (a receipt that repeated it gets the masked number instead).
 */
import { safeCaratMessage } from './client.ts';
import { GatewayFailure, type CaratHttp } from './http.ts';
import { PaymentResponseSchema, type CaratPaymentBlock, type PaymentResponse } from './payment-responses.ts';

export interface PaymentCard {
  /** PAN, digits only. */
  number: string;
  /** MMYY. */
  expiryDate: string;
  securityCode?: string;
  holder?: string;
}

export interface NewPaymentTransaction {
  amountCents: number;
  /** `< 20 AN`: the order grant's orderId, or our own for a shopper's sale. */
  orderId: string;
  /** `< 12 N`. */
  merchantUsn: string;
  installments?: number;
  /** 4 = interest-free (the default), 3 = with interest (§3.5 codes). */
  installmentType?: '3' | '4';
}

/** What a payment call produced. Only `approved` lets a recharge go ahead. */
export interface PaymentOutcome {
  /** Carat said "0" and the payment is PPC (or CON): the card is authorized. */
  approved: boolean;
  /** Carat's status when it gave one: PPC, CON, NEG (denied), EXP, … */
  status?: string;
  /** Carat's business code ("0" = success). */
  code: string;
  /** Carat's reason, safe to show (no NIT, key or card number). */
  message: string;
  authorizationNumber?: string;
  customerReceipt?: string;
  merchantReceipt?: string;
}

/** A payment as the status query reports it. */
export interface PaymentState {
  status: string;
  amountCents?: number;
  authorizationNumber?: string;
  customerReceipt?: string;
  merchantReceipt?: string;
}

export interface PaymentClientOptions {
  /** Over the payment API's base URL (CARAT_API_URL, up to and including /e-sitef/api). */
  http: CaratHttp;
  merchantId: string;
  merchantKey: string;
}

const UNEXPECTED_ANSWER = 'The payment gateway sent an unexpected answer. Please try again.';

const maskedCard = (number: string): string => `${'*'.repeat(Math.max(0, number.length - 4))}${number.slice(-4)}`;

function withoutCard(value: string | undefined, card: PaymentCard): string | undefined {
  return value?.split(card.number).join(maskedCard(card.number));
}

function wholeCents(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,12}$/.test(value) ? Number(value) : undefined;
}

export function createPaymentClient(options: PaymentClientOptions) {
  const { http, merchantId, merchantKey } = options;
  const headers = { merchant_id: merchantId, merchant_key: merchantKey };

  /** Carat's texts may reach the browser: no key, nothing NIT-like, no card number, grouped or not (client.ts). */
  const safeMessage = (message: string | undefined): string => safeCaratMessage(message, merchantKey);

  async function call(method: 'GET' | 'POST' | 'PUT', path: string, extra: { body?: unknown; query?: Record<string, string> } = {}): Promise<PaymentResponse> {
    const content = await http.send({ method, path, headers, ...extra });
    const parsed = PaymentResponseSchema.safeParse(content);
    if (!parsed.success) throw new GatewayFailure('gateway_unavailable', UNEXPECTED_ANSWER, true);
    return parsed.data;
  }

  /** Success is HTTP 200 and code "0" (§1); anything else is Carat's refusal: it read the call and did not act. */
  function requireSuccess(response: PaymentResponse): CaratPaymentBlock {
    if (response.code !== '0') {
      const reason = safeMessage(response.message);
      throw new GatewayFailure('gateway_rejected', `The payment gateway refused the request: ${reason}`, false, response.payment?.status, response.code);
    }
    return response.payment ?? {};
  }

  const paymentPath = (nit: string) => `/v1/payments/${encodeURIComponent(nit)}`;

  return {
    /** POST /v1/transactions, always with late confirmation (§4.1, Q9): the payment waits in PPC for the recharge. */
    async createTransaction(args: NewPaymentTransaction): Promise<{ nit: string; status: string }> {
      const body = {
        merchant_usn: args.merchantUsn,
        order_id: args.orderId,
        amount: String(args.amountCents),
        installments: String(args.installments ?? 1),
        installment_type: args.installmentType ?? '4',
        additional_data: { postpone_confirmation: 'true' },
      };
      const payment = requireSuccess(await call('POST', '/v1/transactions', { body }));
      // "0" without a NIT: whatever Carat created cannot be named, so its outcome is unknown.
      if (!payment.nit) throw new GatewayFailure('gateway_unavailable', UNEXPECTED_ANSWER, true);
      return { nit: payment.nit, status: payment.status ?? 'NOV' };
    },

    /** POST /v1/payments/{nit} with the card (§4.2). Not checked for success: a denial is a result. */
    async pay(nit: string, card: PaymentCard, args: { authorizerId: string }): Promise<PaymentOutcome> {
      const body = {
        authorizer_id: args.authorizerId,
        card: {
          number: card.number,
          expiry_date: card.expiryDate,
          ...(card.securityCode ? { security_code: card.securityCode } : {}),
          ...(card.holder ? { holder: card.holder } : {}),
        },
      };
      const response = await call('POST', paymentPath(nit), { body });
      const payment = response.payment;
      const status = payment?.status;
      const outcome: PaymentOutcome = {
        approved: response.code === '0' && (status === 'PPC' || status === 'CON'),
        code: response.code,
        message: safeMessage(withoutCard(response.message, card)),
      };
      if (status !== undefined) outcome.status = status;
      if (payment?.authorization_number) outcome.authorizationNumber = payment.authorization_number;
      const customerReceipt = withoutCard(payment?.customer_receipt, card);
      const merchantReceipt = withoutCard(payment?.merchant_receipt, card);
      if (customerReceipt !== undefined) outcome.customerReceipt = customerReceipt;
      if (merchantReceipt !== undefined) outcome.merchantReceipt = merchantReceipt;
      return outcome;
    },

    /** PUT /v1/payments/{nit}?confirm=true|false (§4.3): confirm (CON) or undo a PPC payment; full amount. */
    async confirmPayment(nit: string, confirm: boolean): Promise<{ status: string }> {
      const payment = requireSuccess(await call('PUT', paymentPath(nit), { query: { confirm: String(confirm) } }));
      if (!payment.status) throw new GatewayFailure('gateway_unavailable', UNEXPECTED_ANSWER, true);
      return { status: payment.status };
    },

    /** GET /v1/transactions/{nit} (§4.4): the payment as Carat's database holds it. */
    async queryPayment(nit: string): Promise<PaymentState> {
      const payment = requireSuccess(await call('GET', `/v1/transactions/${encodeURIComponent(nit)}`));
      if (!payment.status) throw new GatewayFailure('gateway_unavailable', UNEXPECTED_ANSWER, true);
      const state: PaymentState = { status: payment.status };
      const amountCents = wholeCents(payment.amount);
      if (amountCents !== undefined) state.amountCents = amountCents;
      if (payment.authorization_number) state.authorizationNumber = payment.authorization_number;
      if (payment.customer_receipt !== undefined) state.customerReceipt = payment.customer_receipt;
      if (payment.merchant_receipt !== undefined) state.merchantReceipt = payment.merchant_receipt;
      return state;
    },

    describeRefusal: safeMessage,
  };
}

export type PaymentClient = ReturnType<typeof createPaymentClient>;
