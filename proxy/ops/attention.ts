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
import type { AttentionResolution, SessionRecord } from '../store/session-store.ts';
import { scheduleTopUpsOwed } from '../schedules/attention.ts';

export interface AttentionItem {
  /** What `npm run ops -- resolve` takes: the session id of a card sale, an id of its own for a schedule charge (never its NIT). */
  id: string;
  /** What kind of entry, e.g. "card sale". */
  kind: string;
  /** The browser's session id (never a NIT). */
  sessionId: string;
  /** ISO time the proxy flagged it. */
  since: string;
  reason: string;
  /** A few plain facts for the person (statuses, amount): nothing secret. */
  details: Record<string, string | number>;
  /** Marked handled by a person: listed only with --all. */
  resolved?: AttentionResolution;
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
      id: session.id,
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
      ...(attention.resolved ? { resolved: attention.resolved } : {}),
    };
  },
};

export const ATTENTION_SOURCES: readonly AttentionSource[] = [cardSaleDisagreements, scheduleTopUpsOwed];

/** What `attention` lists: the items no person marked handled, or with `all` every one. */
export const attentionToList = (items: AttentionItem[], all = false): AttentionItem[] => (all ? items : items.filter((item) => !item.resolved));

/** One line per item, for a terminal (the id when it is not the session's: what resolve takes). */
export function formatAttention(items: AttentionItem[]): string {
  if (items.length === 0) return 'Nothing needs attention.';
  const lines = items.map((item) => {
    const details = Object.entries(item.details).map(([name, value]) => `${name}=${value}`).join(' ');
    const id = item.id === item.sessionId ? '' : `  id ${item.id}`;
    const resolved = item.resolved ? `  [resolved by ${item.resolved.by} at ${item.resolved.at}: ${item.resolved.note}]` : '';
    return `${item.since}  ${item.kind}  session ${item.sessionId}${id}  ${item.reason}${details ? `  (${details})` : ''}${resolved}`;
  });
  const open = items.filter((item) => !item.resolved).length;
  return [`${open} item(s) need attention${open < items.length ? `, ${items.length - open} resolved` : ''}:`, ...lines].join('\n');
}
