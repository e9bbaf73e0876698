/**
 * Recharge transactions and their state machine (§5):
 *   NOV --do--> PPC (or AGU: TV resubmit; NEG: denied card) --confirm true--> CON / false --> PPN
 * NOV, PPC and AGU become EXP once the NIT's lifetime has passed (the clock is injectable).
 */
import { randomBytes } from 'node:crypto';
import type { RechargeType } from './catalogue.ts';
import type { Question } from './catalogue-data.ts';

export type RechargeStatus = 'NOV' | 'INV' | 'PPC' | 'PPN' | 'CON' | 'NEG' | 'EXP' | 'AGU';

/** What a do-recharge produced, kept for the status query (never the PIN). */
export interface RechargeRecord {
  dealerName: string;
  amountCents: number;
  usn: string;
  authorization: Record<string, string>;
  /** Receipts as the status query may show them: a PIN line is already masked. */
  customerReceipt: string;
  merchantReceipt: string;
  paymentAmountCents?: number;
}

export interface InvoiceLookup {
  barCode: string;
  echo: string;
  amountCents: number;
}

export interface Transaction {
  nit: string;
  merchantId: string;
  merchantKey: string;
  rechargeType: RechargeType;
  /** Created with a JWT: every later call must carry one. */
  signed: boolean;
  orderId?: string;
  merchantUsn?: string;
  createdAtMs: number;
  status: RechargeStatus;
  paymentStatus?: RechargeStatus;
  /** Questions issued by branch data and not yet answered, by dealer/branch key. */
  pendingQuestions: Map<string, Question[]>;
  invoice?: InvoiceLookup;
  recharge?: RechargeRecord;
}

const EXPIRING: ReadonlySet<RechargeStatus> = new Set(['NOV', 'PPC', 'AGU']);

export function questionKey(dealerCode: string, branchCode?: string): string {
  return `${dealerCode}/${branchCode ?? ''}`;
}

export class TransactionBook {
  #byNit = new Map<string, Transaction>();
  #usnCounter = 0;
  readonly #now: () => number;
  readonly #lifetimeMs: number;

  constructor(now: () => number, lifetimeMs: number) {
    this.#now = now;
    this.#lifetimeMs = lifetimeMs;
  }

  create(init: Pick<Transaction, 'merchantId' | 'merchantKey' | 'rechargeType' | 'signed' | 'orderId' | 'merchantUsn'>): Transaction {
    // = 64 AN: 32 random bytes in hex.
    const nit = randomBytes(32).toString('hex');
    const tx: Transaction = { ...init, nit, createdAtMs: this.#now(), status: 'NOV', pendingQuestions: new Map() };
    this.#byNit.set(nit, tx);
    return tx;
  }

  /** The transaction with its expiry applied; undefined for an unknown NIT. */
  get(nit: string): Transaction | undefined {
    const tx = this.#byNit.get(nit);
    if (tx) this.#applyExpiry(tx);
    return tx;
  }

  list(): Transaction[] {
    const all = [...this.#byNit.values()];
    all.forEach((tx) => this.#applyExpiry(tx));
    return all;
  }

  /** Carat's sequential number, `= 15 N`: YYMMDD plus a 9-digit counter. */
  nextUsn(): string {
    this.#usnCounter += 1;
    const d = new Date(this.#now());
    const ymd = `${String(d.getUTCFullYear() % 100).padStart(2, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    return ymd + String(this.#usnCounter).padStart(9, '0');
  }

  #applyExpiry(tx: Transaction): void {
    if (EXPIRING.has(tx.status) && this.#now() - tx.createdAtMs >= this.#lifetimeMs) {
      tx.status = 'EXP';
      if (tx.paymentStatus && EXPIRING.has(tx.paymentStatus)) tx.paymentStatus = 'EXP';
    }
  }
}

/** Do-recharge is allowed on a new transaction, or on one waiting for the TV resubmit. */
export function canDoRecharge(tx: Transaction): boolean {
  return tx.status === 'NOV' || tx.status === 'AGU';
}

/** Confirm (true) or undo (false) a pending recharge and its payment. */
export function settle(tx: Transaction, confirm: boolean): void {
  if (tx.status !== 'PPC') throw new Error('settle: transaction is not PPC');
  tx.status = confirm ? 'CON' : 'PPN';
  if (tx.paymentStatus === 'PPC') tx.paymentStatus = confirm ? 'CON' : 'PPN';
}
