/**
 * Card payments of the REST Payment API (§4) and their state machine (§5):
 *   NOV --pay--> PPC (late confirmation) | CON (automatic confirmation) | NEG (denied card)
 *   PPC --confirm=true--> CON | --confirm=false--> PPN
 * Q7 leaves the status after an undo open: the sandbox answers PPN ("pending payment not
 * confirmed"), as it does for recharges. NOV and PPC become EXP once the NIT's lifetime has passed,
 * counted from creation like a recharge NIT: an authorization never confirmed is not captured.
 */
import { randomBytes } from 'node:crypto';

export type PaymentStatus = 'NOV' | 'PPC' | 'PEN' | 'CON' | 'NEG' | 'PPN' | 'EXP';

/** What the authorizer answered, kept for the status query (the card only masked). */
export interface PaymentAuthorization {
  authorizerId: string;
  authorizerCode: string;
  authorizerMessage: string;
  authorizationNumber: string;
  esitefUsn: string;
  authorizerDate: string;
  installments: number;
  maskedNumber: string;
  /** The card's first six digits, as Carat's status notification shows them (binCartao, §4.5). */
  bin: string;
  customerReceipt: string;
  merchantReceipt: string;
}

export interface Payment {
  nit: string;
  merchantId: string;
  merchantKey: string;
  amountCents: number;
  orderId?: string;
  merchantUsn?: string;
  /** additional_data.postpone_confirmation "true": an approved card ends in PPC, not CON. */
  postponeConfirmation: boolean;
  /** Sent at creation; when absent the payment call must carry it (§4.1). */
  authorizerId?: string;
  installments?: number;
  installmentType?: string;
  createdAtMs: number;
  status: PaymentStatus;
  authorization?: PaymentAuthorization;
  /** The schedule this payment activates (§6.1) or is an execution of (§6.5). */
  sid?: string;
}

export type NewPayment = Omit<Payment, 'nit' | 'createdAtMs' | 'status' | 'authorization'>;

const EXPIRING: ReadonlySet<PaymentStatus> = new Set(['NOV', 'PPC']);

export class PaymentBook {
  #byNit = new Map<string, Payment>();
  readonly #now: () => number;
  readonly #lifetimeMs: number;

  constructor(now: () => number, lifetimeMs: number) {
    this.#now = now;
    this.#lifetimeMs = lifetimeMs;
  }

  create(init: NewPayment, status: PaymentStatus = 'NOV'): Payment {
    // = 64 AN, like a recharge NIT.
    const payment: Payment = { ...init, nit: randomBytes(32).toString('hex'), createdAtMs: this.#now(), status };
    this.#byNit.set(payment.nit, payment);
    return payment;
  }

  /** Every payment, in creation order, with its expiry applied (tests and the control API). */
  list(): Payment[] {
    return [...this.#byNit.keys()].map((nit) => this.get(nit)!);
  }

  /** The payment with its expiry applied; undefined for an unknown NIT. */
  get(nit: string): Payment | undefined {
    const payment = this.#byNit.get(nit);
    if (payment && EXPIRING.has(payment.status) && this.#now() - payment.createdAtMs >= this.#lifetimeMs) {
      payment.status = 'EXP';
    }
    return payment;
  }
}
