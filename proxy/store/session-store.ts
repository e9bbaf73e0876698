/**
 * Where recharge sessions live, behind one small interface: the durable journal (SQLite, the
 * default) and the in-memory store (unit tests) implement it. Records are plain JSON-able data; a
 * store hands out copies, so a caller changes a session only through put/update.
 *
 * Crash safety rests on one rule: before a call that moves money (do, confirm, undo) is sent, its
 * intent is journaled as a step with outcome `pending` (with the attempt's Idempotency-Key), and
 * its outcome is appended after. journal.ts writes those steps and reads what they mean.
 */
import type { CaratStatus, RechargeType } from '../browser-api.ts';
import type { CaratDealer, ListBranchDataResponse } from '../carat/responses.ts';

export type GatewayStep = 'create' | 'list_dealers' | 'list_branch_data' | 'do' | 'confirm' | 'undo' | 'status' | PaymentStep;

/** Steps that move money: their intent is journaled before they are sent. */
export type MoneyStep = 'do' | 'confirm' | 'undo';

/**
 * The REST Payment calls of a card-paid PIN or bill (recharge/card-payment-sale.ts), journaled in
 * the same list as the recharge's but read apart (journal.ts): their statuses are the payment's,
 * never the recharge's. Every one but the status query has its intent journaled before it is sent.
 */
export type PaymentStep = 'payment_create' | 'payment_pay' | 'payment_confirm' | 'payment_undo' | 'payment_status';

/**
 * What one gateway call did: `pending` is the journaled intent (written before the call is sent),
 * `unknown` when Carat may have acted but we got no usable answer.
 */
export interface StepOutcome {
  step: GatewayStep;
  outcome: 'pending' | 'ok' | 'refused' | 'unknown';
  caratStatus?: string;
  /** Carat's business code when it refused the call (non-zero esitef.code). */
  esitefCode?: string;
  /** The browser's attempt that caused this money step: recovery stores its final answer there. */
  idempotencyKey?: string;
  /** A confirmation's used_payment_methods, journaled with its intent so recovery can re-send it. */
  usedPaymentMethods?: string[];
  /** A do (or a REST payment) that carried a card: counted against CARD_ATTEMPTS_PER_SESSION. */
  card?: true;
  at: string;
}

/**
 * A person's word that an attention item is handled (`npm run ops -- resolve`, ops/resolve-attention.ts):
 * kept on the record, never read by the proxy's money paths. Shown only to the operator.
 */
export interface AttentionResolution {
  by: string;
  /** ISO time. */
  at: string;
  note: string;
}

export interface SessionRecord {
  /** The browser's opaque id (random), never the NIT. */
  id: string;
  type: RechargeType;
  /** Carat's transaction id: server-side only. */
  nit: string;
  /** The last status Carat reported for this transaction. */
  status: CaratStatus;
  createdAt: string;
  /** The general hash Carat gave at creation: the version of the tables this session uses. */
  generalHash: string;
  dealerCode?: string;
  amountCents?: number;
  /** The dealers Carat listed for this session: what the browser may choose from. */
  dealers: CaratDealer[];
  /** Branch data this session fetched, by selection key: the proxy's own copy for the amount and invoice checks. */
  branchData: Record<string, ListBranchDataResponse>;
  steps: StepOutcome[];
  /** Branch-data lookups this session made (recharge/catalogue/branch-data.ts caps them: BRANCH_LOOKUPS_PER_SESSION). */
  branchLookups?: number;
  /** invoice: the bills looked up, by bar code (at most a few: each reveals a bill holder's name). */
  invoices?: Record<string, ListBranchDataResponse>;
  /** The order grant that opened the session (grants/session-grant.ts): it pays, instead of a card. */
  grant?: SessionGrant;
  /** The REST Payment transaction of the current card-paid PIN or bill attempt (recharge/card-payment-sale.ts). */
  cardPayment?: CardPaymentRecord;
  /**
   * The recharge and its card payment ended disagreeing in a way the proxy cannot settle (one
   * confirmed, the other undone): settled, never retried, and listed by `npm run ops -- attention`.
   */
  attention?: { reason: string; at: string; paymentStatus?: string; rechargeStatus?: string; resolved?: AttentionResolution };
  /**
   * When recovery gave the session up because Carat does not know its NIT (recharge/settlement.ts, rule 8):
   * settled as abandoned, never queried again.
   */
  abandonedAt?: string;
  /**
   * The latest browser attempt that ran: its Idempotency-Key and the hash of its request
   * (recharge/request-hash.ts), written before it runs, so a retry of that key while it is pending
   * is checked against it, and recovery stores its answer with the hash.
   */
  attemptRequest?: { idempotencyKey: string; requestHash: string };
}

/**
 * A card payment through REST Payment (§4), two-phase with the recharge. Its NIT, like the
 * recharge's, is server-side only: never in an answer to the browser or a log line.
 */
export interface CardPaymentRecord {
  /** Carat's NIT for the payment, once the creation answered; absent before (nothing can be charged without it). */
  nit?: string;
  /** The payment's last status Carat reported (NOV, PPC, CON, NEG, PPN, EXP…). */
  status?: string;
  amountCents: number;
  orderId: string;
  merchantUsn: string;
  /** The recharge confirmation's used_payment_methods, journaled with the payment's confirm intent: recovery may have to send it. */
  usedPaymentMethods?: string[];
  /** The payment's receipts, once approved (the card masked): for the shopper's answer. */
  receipt?: { customer: string; merchant: string };
}

/** What the session keeps of its order grant: the limits the recharge must fit (the token itself is not kept). */
export interface SessionGrant {
  jti: string;
  orderId: string;
  maxAmountCents: number;
  dealerCode?: string;
  phone?: { ddd: string; number: string };
  /**
   * 'schedule': not a merchant's grant but a monthly charge Carat confirmed (proxy/schedules/): the
   * shopper's card paid, so the confirmation tells Carat so in used_payment_methods.
   */
  paidBy?: 'schedule';
}

/** The first answer given to an Idempotency-Key, replayed for the same key. */
export interface IdempotentResult {
  httpStatus: number;
  body: unknown;
  /**
   * The hash of the request this answers (recharge/request-hash.ts): the same key with another
   * request is refused. Absent on answers stored before it existed (and on internal ones): replayed to any.
   */
  requestHash?: string;
}

export interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>;
  put(record: SessionRecord): Promise<void>;
  /** Applies `change` to the stored record and stores the result; fails if the session is unknown. */
  update(id: string, change: (record: SessionRecord) => SessionRecord): Promise<SessionRecord>;
  /**
   * The first answer to this key. A PIN product's answer stored longer ago than the store's receipt
   * retention comes back without its receipts (store/receipt-retention.ts), whether or not the
   * periodic withholdReceipts has run yet, and is withheld at rest on the spot.
   */
  getResult(sessionId: string, idempotencyKey: string): Promise<IdempotentResult | undefined>;
  putResult(sessionId: string, idempotencyKey: string, result: IdempotentResult): Promise<void>;
  /**
   * Marks an order grant's jti used by this session; false when it already was (by any session, before
   * any restart). `expiresAt` (the grant's exp, ISO): after it the grant is refused anyway, so the mark
   * may go with forgetSettled.
   */
  claimGrant(jti: string, sessionId: string, expiresAt: string): Promise<boolean>;
  /** Sessions for which needsRecovery() (journal.ts) holds: what recovery must resolve. */
  listUnsettled(): Promise<SessionRecord[]>;
  /** Removes the receipts of PIN products' answers stored before `olderThan`; resolves to how many answers changed. */
  withholdReceipts(olderThan: Date): Promise<number>;
  /**
   * Deletes the sessions last written before `olderThan` that need no recovery (needsRecovery is
   * false) and are not flagged for attention, with their answers, and the marks of grants expired before `olderThan`; resolves to how many
   * sessions went. An unsettled one is never deleted.
   */
  forgetSettled(olderThan: Date): Promise<number>;
  /**
   * Deletes the sessions last written before `olderThan` that never reached money (neverReachedMoney,
   * journal.ts: no recharge or payment step, no card payment), need no recovery and are not flagged
   * for attention, with their answers; resolves to how many went. Their NIT has expired at Carat by
   * then (journal-retention.ts), so nothing could be done with them anyway.
   */
  forgetMoneyless(olderThan: Date): Promise<number>;
  /** Releases the store (graceful shutdown); no call may follow. */
  close(): Promise<void>;
}
