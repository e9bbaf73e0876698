/**
 * One flow at a time per session: a browser attempt (keyed by its Idempotency-Key) or a recovery
 * run. A duplicate of the running attempt joins it (same answer, one gateway call), unless its
 * request differs (422, request-hash.ts); another attempt gets 409; an attempt that finds recovery
 * at work waits for it, then runs. Recovery never waits: it skips a session that a flow holds and
 * comes back on its next pass.
 *
 * Also what graceful shutdown drains: every flow in flight settles before the store closes.
 *
 * Several processes on one database (`leases`, store/session-leases.ts): a flow also holds the
 * session's lease for as long as it runs, renewed every heartbeat. Recovery skips a session leased
 * by another process; an attempt waits until that lease is given up or lapses (its holder died),
 * then runs: the same Idempotency-Key sent to two processes at once then finds the first one's
 * answer stored, and gets the same. A flow that stalled past its lease and lost it to another
 * process's recovery sends no further money call (store/lease-fence.ts): it ends pending.
 */
import { ApiFailure } from '../api-failure.ts';
import { underLease } from '../store/lease-fence.ts';
import type { SessionLeases } from '../store/session-leases.ts';
import { checkSameRequest } from './request-hash.ts';

/** Never a valid Idempotency-Key (those have no spaces), so it cannot be joined by a browser. */
const RECOVERY = 'recovery run';

interface Flow {
  key: string;
  /** The attempt's request hash (request-hash.ts): a duplicate of its key with another request is refused. */
  requestHash?: string | undefined;
  done: Promise<unknown>;
}

export interface SessionFlowsOptions {
  leases?: SessionLeases;
  /** How often an attempt asks again for a lease another process holds; default 100 ms. */
  leasePollMs?: number;
}

/** A recovery run that found the session leased by another process. */
const SKIPPED = Symbol('skipped');

export class SessionFlows {
  readonly #running = new Map<string, Flow>();
  readonly #leases: SessionLeases | undefined;
  readonly #leasePollMs: number;

  constructor(options: SessionFlowsOptions = {}) {
    this.#leases = options.leases;
    this.#leasePollMs = options.leasePollMs ?? 100;
  }

  /** A browser attempt on a session; `requestHash`: its request's (request-hash.ts), when known. */
  async attempt<T>(sessionId: string, key: string, work: () => Promise<T>, requestHash?: string): Promise<T> {
    for (;;) {
      const current = this.#running.get(sessionId);
      if (!current) break;
      if (current.key === key) {
        checkSameRequest(current.requestHash, requestHash);
        return current.done as Promise<T>;
      }
      if (current.key !== RECOVERY) throw new ApiFailure('conflict', 'A recharge for this session is already in progress.');
      await current.done.catch(() => {});
    }
    return this.#start(sessionId, { key, requestHash }, () => this.#leased(sessionId, 'wait', work)) as Promise<T>;
  }

  /** A recovery run; undefined (not run) when a flow holds the session, here or in another process. */
  async recover<T>(sessionId: string, work: () => Promise<T>): Promise<T | undefined> {
    if (this.#running.has(sessionId)) return undefined;
    const outcome = await this.#start(sessionId, { key: RECOVERY }, () => this.#leased(sessionId, 'skip', work));
    return outcome === SKIPPED ? undefined : outcome;
  }

  /** Flows in flight now. */
  get size(): number {
    return this.#running.size;
  }

  /** Settles when every flow in flight now has settled. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#running.values()].map((flow) => flow.done));
  }

  /** `work` under the session's lease (when there are leases), renewed while it runs and given up after. */
  async #leased<T>(sessionId: string, whenHeld: 'wait' | 'skip', work: () => Promise<T>): Promise<T | typeof SKIPPED> {
    const leases = this.#leases;
    if (!leases) return work();
    let lease = await leases.acquire(sessionId);
    for (; lease === 'held'; lease = await leases.acquire(sessionId)) {
      if (whenHeld === 'skip') return SKIPPED;
      await new Promise((resolve) => setTimeout(resolve, this.#leasePollMs));
    }
    // No such session: nothing to lease, and the work answers for it (404).
    if (lease === 'missing') return work();
    // A failed renewal is not fatal: the lease lasts its time to live, and the next beat tries again.
    const heartbeat = setInterval(() => void leases.renew(sessionId).catch(() => {}), leases.heartbeatMs);
    heartbeat.unref();
    try {
      return await underLease(sessionId, leases, work);
    } finally {
      clearInterval(heartbeat);
      await leases.release(sessionId).catch(() => {});
    }
  }

  #start<T>(sessionId: string, attempt: Omit<Flow, 'done'>, work: () => Promise<T>): Promise<T> {
    const done = (async () => work())(); // a synchronous throw becomes the shared rejection too
    const flow: Flow = { ...attempt, done };
    this.#running.set(sessionId, flow);
    const release = () => {
      if (this.#running.get(sessionId) === flow) this.#running.delete(sessionId);
    };
    done.then(release, release);
    return done;
  }
}
