/** The in-memory SessionStore: for tests and until the durable journal lands. Lost on restart. */
import type { IdempotentResult, SessionRecord, SessionStore } from './session-store.ts';

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
      results.set(resultKey(sessionId, key), structuredClone(result));
    },
  };
}
