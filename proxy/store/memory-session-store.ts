/** The in-memory SessionStore: for unit tests. Lost on restart (main.ts uses the SQLite journal). */
import { DEFAULT_RECEIPT_RETENTION_MS, mayHoldPin, withoutReceipts } from './receipt-retention.ts';
import { needsRecovery, neverReachedMoney } from './journal.ts';
import type { IdempotentResult, SessionRecord, SessionStore } from './session-store.ts';

export interface MemoryStoreOptions {
  now?: () => number;
  /** How long a PIN product's answer keeps its receipts (RECEIPT_RETENTION_MS). */
  receiptRetentionMs?: number;
}

interface StoredAnswer {
  sessionId: string;
  result: IdempotentResult;
  storedAt: number;
  /** True while the answer may still hold a PIN product's receipts. */
  pinReceipt: boolean;
}

export function createMemorySessionStore(options: MemoryStoreOptions = {}): SessionStore {
  const now = options.now ?? Date.now;
  const retentionMs = options.receiptRetentionMs ?? DEFAULT_RECEIPT_RETENTION_MS;
  const sessions = new Map<string, SessionRecord>();
  const writtenAt = new Map<string, number>();
  const results = new Map<string, StoredAnswer>();
  /** Used order grants: jti → the grant's exp, as ISO text. */
  const usedGrants = new Map<string, string>();
  // JSON keys cannot collide the way "a:b"+"c" and "a"+"b:c" would.
  const resultKey = (sessionId: string, key: string) => JSON.stringify([sessionId, key]);
  const store = (record: SessionRecord) => {
    sessions.set(record.id, structuredClone(record));
    writtenAt.set(record.id, now());
  };
  const withhold = (answer: StoredAnswer) => {
    answer.result = { ...answer.result, body: withoutReceipts(answer.result.body) };
    answer.pinReceipt = false;
  };

  return {
    async get(id) {
      const record = sessions.get(id);
      return record && structuredClone(record);
    },
    async put(record) {
      store(record);
    },
    async update(id, change) {
      const record = sessions.get(id);
      if (!record) throw new Error('update of an unknown session');
      const next = change(structuredClone(record));
      store(next);
      return next;
    },
    async getResult(sessionId, key) {
      const answer = results.get(resultKey(sessionId, key));
      // Every answer due by now, not only this one: a kept do answer (settlement.ts rule 5) holds the same PIN.
      if (answer?.pinReceipt && answer.storedAt < now() - retentionMs) {
        for (const due of results.values()) if (due.pinReceipt && due.storedAt < now() - retentionMs) withhold(due);
      }
      return answer && structuredClone(answer.result);
    },
    async putResult(sessionId, key, result) {
      // The first answer wins, as in the journal: a key's result is never replaced.
      if (results.has(resultKey(sessionId, key))) return;
      const pinReceipt = mayHoldPin(sessions.get(sessionId)?.type);
      results.set(resultKey(sessionId, key), { sessionId, result: structuredClone(result), storedAt: now(), pinReceipt });
    },
    async claimGrant(jti, _sessionId, expiresAt) {
      if (usedGrants.has(jti)) return false;
      usedGrants.set(jti, expiresAt);
      return true;
    },
    async listUnsettled() {
      return [...sessions.values()].filter(needsRecovery).map((record) => structuredClone(record));
    },
    async withholdReceipts(olderThan) {
      const due = [...results.values()].filter((answer) => answer.pinReceipt && answer.storedAt < olderThan.getTime());
      due.forEach(withhold);
      return due.length;
    },
    async forgetSettled(olderThan) {
      const gone = forget(olderThan, () => true);
      for (const [jti, expiresAt] of usedGrants) if (expiresAt < olderThan.toISOString()) usedGrants.delete(jti);
      return gone;
    },
    async forgetMoneyless(olderThan) {
      return forget(olderThan, neverReachedMoney);
    },
    async close() {},
  };

  function forget(olderThan: Date, also: (record: SessionRecord) => boolean): number {
    const gone = [...sessions.values()]
      .filter((record) => !needsRecovery(record) && record.attention === undefined && (writtenAt.get(record.id) ?? 0) < olderThan.getTime() && also(record))
      .map((record) => record.id);
    const goneIds = new Set(gone);
    for (const id of gone) {
      sessions.delete(id);
      writtenAt.delete(id);
    }
    for (const [key, answer] of results) if (goneIds.has(answer.sessionId)) results.delete(key);
    return gone.length;
  }
}
