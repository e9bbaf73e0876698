/**
 * What needs a person: the journal's entries the proxy settled as far as it can but that only
 * someone at the merchant can finish (a card payment confirmed whose recharge was undone: refund
 * it; a recharge done whose payment was not taken). Read-only, from the journal file(s) under
 * DATA_DIR, so it runs beside a live proxy. Never prints a NIT, a card or a receipt.
 *
 * Each kind of item comes from one AttentionSource; add a source to ATTENTION_SOURCES to list more:
 * card sales that disagree, and schedule charges never topped up (schedules/attention.ts, issue 10).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { JOURNAL_FILE, SANDBOX_JOURNAL_FILE } from '../store/sqlite-session-store.ts';
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

/** One kind of item, read from an open journal (read-only). */
export type AttentionSource = (journal: Database.Database) => AttentionItem[];

/** Card sales whose payment and recharge disagree (recharge/card-payment-sale.ts, settlement.ts rule 11). */
export const cardSaleDisagreements: AttentionSource = (journal) => {
  const rows = journal.prepare<[], { record: string }>(
    "SELECT record FROM sessions WHERE json_extract(record, '$.attention') IS NOT NULL ORDER BY json_extract(record, '$.attention.at')",
  ).all();
  return rows.map(({ record }) => {
    const session = JSON.parse(record) as SessionRecord;
    const { attention } = session;
    return {
      kind: 'card sale',
      sessionId: session.id,
      since: attention!.at,
      reason: attention!.reason,
      details: {
        type: session.type,
        ...(session.cardPayment ? { amountCents: session.cardPayment.amountCents, orderId: session.cardPayment.orderId } : {}),
        ...(attention!.paymentStatus ? { payment: attention!.paymentStatus } : {}),
        ...(attention!.rechargeStatus ? { recharge: attention!.rechargeStatus } : {}),
      },
    };
  });
};

export const ATTENTION_SOURCES: AttentionSource[] = [cardSaleDisagreements, scheduleTopUpsOwed];

/** Every item of every source, from each journal file present under dataDir (the gateway's and the sandbox's). */
export function listAttention(dataDir: string, sources: AttentionSource[] = ATTENTION_SOURCES): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const file of [JOURNAL_FILE, SANDBOX_JOURNAL_FILE]) {
    const path = join(dataDir, file);
    if (!existsSync(path)) continue;
    const journal = new Database(path, { readonly: true, fileMustExist: true });
    try {
      journal.pragma('busy_timeout = 5000');
      for (const source of sources) items.push(...source(journal));
    } finally {
      journal.close();
    }
  }
  return items.sort((a, b) => a.since.localeCompare(b.since));
}

/** One line per item, for a terminal. */
export function formatAttention(items: AttentionItem[]): string {
  if (items.length === 0) return 'Nothing needs attention.';
  const lines = items.map((item) => {
    const details = Object.entries(item.details).map(([name, value]) => `${name}=${value}`).join(' ');
    return `${item.since}  ${item.kind}  session ${item.sessionId}  ${item.reason}${details ? `  (${details})` : ''}`;
  });
  return [`${items.length} item(s) need attention:`, ...lines].join('\n');
}
