/**
 * One flow at a time per session: a browser attempt (keyed by its Idempotency-Key) or a recovery
 * run. A duplicate of the running attempt joins it (same answer, one gateway call); another
 * attempt gets 409; an attempt that finds recovery at work waits for it, then runs. Recovery never
 * waits: it skips a session that a flow holds and comes back on its next pass.
 *
 * Also what graceful shutdown drains: every flow in flight settles before the store closes.
 */
import { ApiFailure } from '../api-failure.ts';

/** Never a valid Idempotency-Key (those have no spaces), so it cannot be joined by a browser. */
const RECOVERY = 'recovery run';

interface Flow {
  key: string;
  done: Promise<unknown>;
}

export class SessionFlows {
  readonly #running = new Map<string, Flow>();

  /** A browser attempt on a session. */
  async attempt<T>(sessionId: string, key: string, work: () => Promise<T>): Promise<T> {
    for (;;) {
      const current = this.#running.get(sessionId);
      if (!current) break;
      if (current.key === key) return current.done as Promise<T>;
      if (current.key !== RECOVERY) throw new ApiFailure('conflict', 'A recharge for this session is already in progress.');
      await current.done.catch(() => {});
    }
    return this.#start(sessionId, key, work);
  }

  /** A recovery run; undefined (not run) when a flow holds the session. */
  async recover<T>(sessionId: string, work: () => Promise<T>): Promise<T | undefined> {
    if (this.#running.has(sessionId)) return undefined;
    return this.#start(sessionId, RECOVERY, work);
  }

  /** Flows in flight now. */
  get size(): number {
    return this.#running.size;
  }

  /** Settles when every flow in flight now has settled. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#running.values()].map((flow) => flow.done));
  }

  #start<T>(sessionId: string, key: string, work: () => Promise<T>): Promise<T> {
    const done = (async () => work())(); // a synchronous throw becomes the shared rejection too
    const flow: Flow = { key, done };
    this.#running.set(sessionId, flow);
    const release = () => {
      if (this.#running.get(sessionId) === flow) this.#running.delete(sessionId);
    };
    done.then(release, release);
    return done;
  }
}
