/**
 * What needs a person: the journal's entries the proxy settled as far as it can but that only
 * someone at the merchant can finish (a card payment confirmed whose recharge was undone: refund
 * it; a recharge done whose payment was not taken). Never prints a NIT, a card or a receipt.
 *
 * Each kind of item is one AttentionSource: which records it reads (one query, in the SQL of each
 * store: the records are the same JSON in both) and what a person reads of them (`item`, its one
 * definition). ops/attention-readers.ts runs them read-only over the SQLite journal files under
 * DATA_DIR or, with DATABASE_URL, the shared PostgreSQL. Add a source to ATTENTION_SOURCES to list
 * more: card sales that disagree, and schedule charges never topped up (schedules/attention.ts).
 */
import type { SessionRecord } from '../store/session-store.ts';
import { scheduleTopUpsOwed } from '../schedules/attention.ts';

export interface AttentionItem {
  /** What kind of entry, e.g. "card sale". */
  kind: string;
  /** The browser's session id (never a NIT). */
  sessionId: string;
  /** ISO time the proxy flagged it. */
  since: string;
  reason: string;
  /** A few plain facts for the person (statuses, amount): nothing secret. */
  details: Record<string, string | number>;
}

/** One row of a source's query: every column a JSON record, already parsed. */
export type RecordsRow = Record<string, unknown>;

export interface AttentionSource {
  /** The tables it reads: a journal without them (no schedule yet, an older proxy) has none of its items. */
  tables: readonly string[];
  /** Its query, in each store's SQL; each column selects a JSON record (text in SQLite, jsonb in PostgreSQL). */
  sql: { sqlite: string; postgres: string };
  /** One row as the person reads it. */
  item(row: RecordsRow): AttentionItem;
}

/** Card sales whose payment and recharge disagree (recharge/card-payment-sale.ts, settlement.ts rule 11). */
export const cardSaleDisagreements: AttentionSource = {
  tables: ['sessions'],
  sql: {
    sqlite: "SELECT record FROM sessions WHERE json_extract(record, '$.attention') IS NOT NULL",
    postgres: "SELECT record FROM sessions WHERE record ? 'attention'",
  },
  item(row) {
    const session = row.record as SessionRecord;
    const attention = session.attention!;
    return {
      kind: 'card sale',
      sessionId: session.id,
      since: attention.at,
      reason: attention.reason,
      details: {
        type: session.type,
        ...(session.cardPayment ? { amountCents: session.cardPayment.amountCents, orderId: session.cardPayment.orderId } : {}),
        ...(attention.paymentStatus ? { payment: attention.paymentStatus } : {}),
        ...(attention.rechargeStatus ? { recharge: attention.rechargeStatus } : {}),
      },
    };
  },
};

export const ATTENTION_SOURCES: readonly AttentionSource[] = [cardSaleDisagreements, scheduleTopUpsOwed];

/** One line per item, for a terminal. */
export function formatAttention(items: AttentionItem[]): string {
  if (items.length === 0) return 'Nothing needs attention.';
  const lines = items.map((item) => {
    const details = Object.entries(item.details).map(([name, value]) => `${name}=${value}`).join(' ');
    return `${item.since}  ${item.kind}  session ${item.sessionId}  ${item.reason}${details ? `  (${details})` : ''}`;
  });
  return [`${items.length} item(s) need attention:`, ...lines].join('\n');
}
