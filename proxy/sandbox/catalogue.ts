/**
 * The live reference table of one sandbox: lookups by recharge type, dealer, branch and DDD, and
 * the general hash (the table's version id that the proxy caches against).
 */
import { createHash } from 'node:crypto';
import {
  initialCatalogue,
  type Branch, type CatalogueData, type Category, type InvoiceDealer, type NormalDealer, type OthersDealer,
} from './catalogue-data.ts';

// The sandbox stands for Carat: it keeps its own copy on purpose, not proxy/browser-rules.ts.
export type RechargeType = 'normal' | 'others' | 'invoice';
export const RECHARGE_TYPES: readonly RechargeType[] = ['normal', 'others', 'invoice'];

/** "00" is the national table of the documented branch-data example (ddd "00"); 11–99 are area codes. */
export const NATIONAL_DDD = '00';

export function isAreaCode(ddd: string): boolean {
  const n = Number(ddd);
  return /^\d{2}$/.test(ddd) && n >= 11 && n <= 99;
}

/** Dealer codes travel zero-padded ("001"); the examples also send "1". */
export function normalizeDealerCode(code: string): string {
  return code.padStart(3, '0');
}

export class Catalogue {
  #data: CatalogueData = initialCatalogue();
  #hash = '';

  constructor() {
    this.#rehash();
  }

  /** 16 uppercase hex characters (`= 16 AN` on the wire). */
  generalHash(): string {
    return this.#hash;
  }

  /** A new amount appears on Vivo, as when a dealer changes its table: the hash changes. */
  bump(): void {
    this.#data.version += 1;
    const vivo = this.#data.normal[0];
    const category = vivo?.categories[0];
    if (category) {
      const cents = 2500 + this.#data.version * 100;
      category.fixedAmounts.push({
        ...category.fixedAmounts[0]!, amountKey: String(10 + this.#data.version), amountCents: cents,
        message: `RECARGA PROMOCIONAL ${this.#data.version}`,
      });
    }
    this.#rehash();
  }

  normalDealers(): NormalDealer[] {
    return this.#data.normal;
  }
  othersDealers(): OthersDealer[] {
    return this.#data.others;
  }
  invoiceDealers(): InvoiceDealer[] {
    return this.#data.invoice;
  }

  normalDealer(code: string): NormalDealer | undefined {
    return this.#data.normal.find((d) => d.code === normalizeDealerCode(code));
  }
  othersDealer(code: string): OthersDealer | undefined {
    return this.#data.others.find((d) => d.code === normalizeDealerCode(code));
  }
  othersBranch(dealer: OthersDealer, branchCode: string): Branch | undefined {
    return dealer.branches.find((b) => b.code === branchCode);
  }
  invoiceDealer(code: string): InvoiceDealer | undefined {
    return this.#data.invoice.find((d) => d.code === normalizeDealerCode(code));
  }

  /** The categories a normal dealer offers in one DDD: its base table plus regional offers. */
  normalCategories(dealer: NormalDealer, ddd: string): Category[] {
    const n = Number(ddd);
    const extra = dealer.regional.filter((r) => n >= r.fromDdd && n <= r.toDdd).flatMap((r) => r.fixedAmounts);
    return dealer.categories.map((c, i) => (i === 0 ? { ...c, fixedAmounts: [...c.fixedAmounts, ...extra] } : c));
  }

  #rehash(): void {
    const digest = createHash('sha256').update(JSON.stringify(this.#data)).digest('hex');
    this.#hash = digest.slice(0, 16).toUpperCase();
  }
}

/**
 * Whether an amount is offered by these categories: a fixed amount equal to it, or a range that
 * contains it. With an amount key, only the option of that key counts.
 */
export function amountOffered(categories: Category[], amountCents: number, amountKey?: string): boolean {
  for (const c of categories) {
    for (const f of c.fixedAmounts) {
      if ((amountKey === undefined || f.amountKey === amountKey) && f.amountCents === amountCents) return true;
    }
    for (const r of c.amountRanges) {
      if ((amountKey === undefined || r.amountKey === amountKey) && amountCents >= r.minCents && amountCents <= r.maxCents) return true;
    }
  }
  return false;
}
