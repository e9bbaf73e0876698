/**
 * The browser-facing API of the proxy: the shapes the widget sends and receives.
 *
 * This file is a contract shared by proxy/ (which validates requests with zod schemas that must
 * match these types) and widget/ (which imports these types with `import type`, so nothing of it
 * reaches the bundle). Paths and field names are public: merchants' code depends on them.
 *
 *   POST /api/recharges                 CreateRechargeRequest   → 201 CreateRechargeResponse
 *        (with `grant`: the merchant's order grant; 403 grant_invalid, 409 grant_used)
 *   POST /api/recharges/:id/branches    BranchDataRequest       → 200 BranchData
 *   POST /api/recharges/:id/recharge    RechargeRequest         → 200 RechargeResult
 *                                                               → 202 PendingRecharge
 *        (header Idempotency-Key: 8–128 chars of [A-Za-z0-9_-], one per shopper attempt)
 *        (the same key with another request — the card aside — is refused: 422 idempotency_key_reused)
 *   GET  /api/recharges/:id                                     → 200 RechargeSession
 *   GET  /api/schedules/:token                                  → 200 ScheduleView
 *   POST /api/schedules/:token/cancel                           → 200 ScheduleView (status "cancelled")
 *   GET  /schedules/:token   the manage page: <recharge-widget manage="<token>">
 *        (the token is the shopper's only key: unknown → 404; rate-limited; Cache-Control: no-store,
 *        Referrer-Policy: no-referrer; proxy/schedules/)
 *   Errors: ApiErrorBody with 4xx (caller's mistake) or 502/504 (gateway).
 *
 * Paid or granted: a recharge reaches Carat only when it carries a card payment or its session was
 * opened with a valid order grant (proxy/grants/); otherwise 402 payment_required.
 *
 * Amounts are integer cents everywhere. The id is an opaque session id, never Carat's NIT.
 * The rules both sides check (card number and brand, holder, recharge types, the TV answer code)
 * are in browser-rules.ts, beside this file.
 */

import type { CardBrand } from './browser-rules.ts';

export type RechargeType = 'normal' | 'others' | 'invoice';

/** Carat's transaction status codes (§5). Others may appear; treat unknown ones as failures. */
export type CaratStatus =
  | 'NOV' | 'INV' | 'PPC' | 'PPN' | 'PEN' | 'CON' | 'NEG' | 'ERR' | 'BLQ' | 'EXP' | 'EST' | 'AGU'
  | 'ABA' | 'CAN' | 'RET';

// ---- POST /api/recharges --------------------------------------------------------------------

export interface CreateRechargeRequest {
  type: RechargeType;
  /**
   * An order grant: a JWT (HS256) the merchant's own server signed with the proxy's
   * ORDER_GRANT_SECRET when its checkout already took the money. A session opened with one needs no
   * card; the recharge must fit the grant (type, maxAmountCents, and dealerCode/phone when given).
   */
  grant?: string;
}

export interface DealerBranch {
  code: string;
  name: string;
}

export interface Dealer {
  code: string;
  name: string;
  /** others: the product type (e.g. "02", "PIN TELEFONE"). */
  typeCode?: string;
  typeName?: string;
  /** others / invoice: the products or billers of this dealer; the shopper picks one. */
  branches?: DealerBranch[];
}

export interface CreateRechargeResponse {
  id: string;
  type: RechargeType;
  dealers: Dealer[];
  /**
   * The card brands this proxy can charge (those with a Carat authorizer id, CARAT_AUTHORIZER_IDS):
   * a card of another brand is refused (400 naming `payment.card.number`), so refuse it at the card field.
   * Always sent by this proxy; optional in the type only so that fakes written before it still compile.
   * Empty when this proxy takes no card for this type (a PIN or a bill without REST Payment): only
   * the shop's order grant can pay for it.
   */
  cardBrands?: CardBrand[];
  /** The most installments a card payment may have (MAX_INSTALLMENTS): offer 1 to this many. Sent by this proxy. */
  maxInstallments?: number;
  /** The smallest installment in cents (MIN_INSTALLMENT_CENTS): offer only counts whose installment is at least this. */
  minInstallmentCents?: number;
}

// ---- POST /api/recharges/:id/branches -------------------------------------------------------

export interface Answer {
  /** The question's id. */
  code: string;
  description: string;
}

export interface BranchDataRequest {
  dealerCode: string;
  /** others: required. */
  typeCode?: string;
  /** others and invoice: required. */
  branchCode?: string;
  /** normal: required (two digits, 11–99). */
  ddd?: string;
  /** invoice: the answers to the questions of a first call (the bar code is asked this way). */
  answers?: Answer[];
}

/** What an amount brings along; every field is optional because Carat may omit any. */
export interface AmountTerms {
  amountKey?: string;
  /** Bonus credited on top of the amount, in cents. */
  bonusCents?: number;
  /** Bonus as a percentage in basis points (Carat's two implied decimals: 1% = 100). */
  bonusBasisPoints?: number;
  /** What the shopper pays for it, in cents, when it differs from the amount. */
  paymentAmountCents?: number;
  /** Days the credit stays valid. */
  validityDays?: number;
  bonusValidityDays?: number;
  bonusCategory?: string;
  message?: string;
}

export interface FixedAmount extends AmountTerms {
  amountCents: number;
}

export interface AmountRange extends AmountTerms {
  minCents: number;
  maxCents: number;
}

export interface AmountCategory {
  code: string;
  description: string;
  fixedAmounts: FixedAmount[];
  amountRanges: AmountRange[];
}

export interface Question {
  id: string;
  display: string;
  /** Answer length bounds, in characters. */
  minLength?: number;
  maxLength?: number;
  /** Carat's opaque type and rule codes (their tables are not documented, Q4). */
  type?: string;
  rule?: string;
}

/** One entry of payment_methods.available, parsed (§3.4.1). Unknown entries are skipped. */
export interface PaymentMethod {
  /** "00" cash … "50" EFT cards, "99" others. */
  type: string;
  /** Collect-ids the point of sale would have to collect. */
  collect: string[];
  /** Allowed destination networks (collect-id 13), when listed. */
  networks?: string[];
}

export interface PaymentMethods {
  max: number;
  available: PaymentMethod[];
}

/** invoice: the bill found for the bar code. */
export interface InvoiceDetails {
  barCode: string;
  holderName?: string;
  amountCents: number;
  /** ISO date YYYY-MM-DD. */
  dueDate?: string;
  description?: string;
}

export interface BranchData {
  categories: AmountCategory[];
  questions: Question[];
  paymentMethods: PaymentMethods;
  /** Carat's general messages for this branch, to show as they are. */
  messages: string[];
  invoice?: InvoiceDetails;
}

// ---- POST /api/recharges/:id/recharge -------------------------------------------------------

export interface CardPayment {
  card: {
    /** Digits of a length its brand has, Luhn-valid, of an accepted brand (Visa, Mastercard, Amex): browser-rules.ts. */
    number: string;
    /** "MM/YY". */
    expiry: string;
    securityCode: string;
    /** 2–30 letters, spaces, . ' - (browser-rules.ts). */
    holder?: string;
  };
  /** 1–12. */
  installments: number;
}

export interface RechargeRequest {
  dealerCode: string;
  typeCode?: string;
  branchCode?: string;
  /** normal: required. */
  phone?: { ddd: string; number: string };
  amountCents: number;
  amountKey?: string;
  answers?: Answer[];
  /** invoice: the bill to pay, as returned by the branches call. */
  invoice?: { barCode: string };
  /**
   * Pay by card through Carat (normal: in the do-recharge). Required unless the session was opened
   * with a grant, and refused when it was: without either, 402 payment_required.
   */
  payment?: CardPayment;
  /**
   * Top this phone up every month, `times` times (2–12), paid by the same card (issue 10). Only on a
   * `normal` recharge paid by card (a grant pays one sale: 400 naming `repeat`). With `startDate`
   * (YYYY-MM-DD, a future day at most 60 days ahead) nothing is topped up now: the first of the
   * `times` top-ups is on that day. Without it the first top-up is now (not yet offered: 400 naming
   * `repeat.startDate`).
   */
  repeat?: RepeatRequest;
}

export interface RepeatRequest {
  every: 'month';
  times: number;
  startDate?: string;
}

/** active: Carat will charge; pending: its activation's outcome is not known yet; failed: it never became active. */
export type ScheduleStatus = 'active' | 'pending' | 'cancelled' | 'finished' | 'failed';

/** What the recharge answer adds when it set up a schedule. */
export interface ScheduleSummary {
  /**
   * The shopper's only key to the schedule (≥128 random bits), shown once: the proxy keeps only its
   * hash, so a replay of the same Idempotency-Key answers without `token` and `manageUrl`.
   */
  token?: string;
  status: ScheduleStatus;
  every: 'month';
  times: number;
  /** YYYY-MM-DD of the next charge; absent when none is due. */
  nextDate?: string;
  /** The manage page, `<PUBLIC_URL>/schedules/<token>`. */
  manageUrl?: string;
}

/** One charge Carat made: topped_up, denied (nothing charged, no top-up), pending (top-up under way), attention (charged but the top-up failed: the merchant owes a top-up or a refund). */
export interface ScheduleCharge {
  date: string;
  amountCents: number;
  status: 'topped_up' | 'denied' | 'pending' | 'attention';
}

/** GET /api/schedules/:token. */
export interface ScheduleView {
  status: ScheduleStatus;
  dealerCode: string;
  dealerName: string;
  /** The number masked but for its last 4 digits. */
  phone: { ddd: string; number: string };
  amountCents: number;
  every: 'month';
  times: number;
  /** Charges Carat made so far (confirmed or denied). */
  done: number;
  nextDate?: string;
  charges: ScheduleCharge[];
}

export interface Receipt {
  customer: string;
  merchant: string;
}

export interface RechargeResult {
  /**
   * Final status: CON (done), NEG (denied), PPN (undone), EXP (expired at Carat before it was
   * done), rarely INV, EST or CAN, or AGU (a TV recharge asks for a package: choose one of
   * tvPackageCodes and send the recharge again with the answer {code: "126", description:
   * <package code>} and a new Idempotency-Key). Nothing was charged when it is PPN, NEG, INV or
   * EXP and payment.status is not CON.
   */
  status: CaratStatus;
  /**
   * What happened, in English, for the merchant's own code and support (Carat's words may be quoted in
   * it). Not for shoppers: the widget shows its own words for each status, in the shopper's language.
   */
  message?: string;
  /** Empty strings unless status is CON. A PIN product's PIN is inside the customer receipt. */
  receipt: Receipt;
  payment?: { status: CaratStatus; amountCents: number; receipt?: Receipt };
  tvPackageCodes?: string[];
  /**
   * Set on a replay (same Idempotency-Key) of a PIN product's answer older than the proxy's
   * RECEIPT_RETENTION_MS: the receipts were delivered with the first answer and are no longer kept
   * (they carry the PIN), so they are empty here and payment.receipt is left out.
   */
  receiptWithheld?: true;
  /** Set when the request carried `repeat`: the schedule set up. */
  schedule?: ScheduleSummary;
}

/**
 * 202 from the recharge call: a money call's outcome is not known yet (its answer was lost and
 * Carat's status did not settle it). Nothing may be said about the charge: do not pay again. Poll
 * GET /api/recharges/:id (about every retryAfterMs) until `settled`, then show its `result`; the
 * same Idempotency-Key answers 202 again until then, and the final answer after.
 */
export interface PendingRecharge {
  status: 'pending';
  /** The session id. */
  id: string;
  /** When to ask again, in milliseconds (also sent as the Retry-After header, in seconds). */
  retryAfterMs: number;
}

// ---- GET /api/recharges/:id -----------------------------------------------------------------

export interface RechargeSession {
  id: string;
  type: RechargeType;
  /** Carat's last word on the transaction. */
  status: CaratStatus;
  createdAt: string;
  dealerCode?: string;
  amountCents?: number;
  /**
   * False while a money call of this session may still move money (its outcome is unknown, or Carat
   * holds it pending confirmation): the proxy and its recovery are settling it. Never start a new
   * recharge for the shopper meanwhile.
   */
  settled: boolean;
  /**
   * Once settled: the final answer of the session's last recharge attempt, the same RechargeResult
   * the recharge call returns for it (a PIN's receipts only within the proxy's RECEIPT_RETENTION_MS).
   * Absent when no attempt reached a final answer (none was made, or it failed before Carat acted).
   */
  result?: RechargeResult;
}

// ---- Errors ---------------------------------------------------------------------------------

export type ApiErrorCode =
  | 'invalid_request' // 400, names `field` (a dotted path into the body, e.g. "phone.number")
  | 'missing_idempotency_key' // 400
  | 'payment_required' // 402: neither a card payment nor the session's grant pays for this recharge
  | 'grant_invalid' // 403: the order grant is not valid (the message says why), or grants are not enabled
  | 'not_found' // 404: no such session
  | 'session_expired' // 410: the Carat transaction expired; start a new recharge
  | 'conflict' // 409: e.g. this session already holds a recharge
  | 'grant_used' // 409: the order grant (its jti) already opened a session
  | 'idempotency_key_reused' // 422: the Idempotency-Key was used with a different request (field names the header); nothing was sent
  | 'payload_too_large' // 413
  | 'rate_limited' // 429
  | 'gateway_rejected' // 502: Carat answered with a non-zero code
  | 'gateway_unavailable' // 502: Carat answered 5xx or something unreadable
  | 'gateway_timeout' // 504
  | 'card_payments_paused' // 503: too many refused cards lately; card payments pause for a few minutes
  | 'internal'; // 500: says nothing more

export interface ApiError {
  code: ApiErrorCode;
  message: string;
  field?: string;
}

export interface ApiErrorBody {
  error: ApiError;
}
