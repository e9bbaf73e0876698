/** The in-memory SessionStore: for unit tests. Lost on restart (main.ts uses the SQLite journal). */
import { needsRecovery, type IdempotentResult, type SessionRecord, type SessionStore } from './session-store.ts';

export function createMemorySessionStore(): SessionStore {
  const sessions = new Map<string, SessionRecord>();
  const results = new Map<string, IdempotentResult>();
  // JSON keys cannot collide the way "a:b"+"c" and "a"+"b:c" would.
  const resultKey = (sessionId: string, key: string) => JSON.stringify([sessionId, key]);

  return {
    async get(id) {
      const record = sessions.get(id);
      return record && structuredClone(record);
    },
    async put(record) {
      sessions.set(record.id, structuredClone(record));
    },
    async update(id, change) {
      const record = sessions.get(id);
      if (!record) throw new Error('update of an unknown session');
      const next = change(structuredClone(record));
      sessions.set(id, structuredClone(next));
      return next;
    },
    async getResult(sessionId, key) {
      const result = results.get(resultKey(sessionId, key));
      return result && structuredClone(result);
    },
    async putResult(sessionId, key, result) {
      // The first answer wins, as in the journal: a key's result is never replaced.
      if (!results.has(resultKey(sessionId, key))) results.set(resultKey(sessionId, key), structuredClone(result));
    },
    async listUnsettled() {
      return [...sessions.values()].filter(needsRecovery).map((record) => structuredClone(record));
    },
    async close() {},
  };
}
