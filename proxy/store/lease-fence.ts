/**
 * The fence of a session's lease (several processes on one database, session-leases.ts): a flow
 * holds the lease while it works, but a process that stalls past the lease's time to live (a long
 * pause, or the database out of its reach) may find, when it runs again, that another process's
 * recovery took the session over and is settling it, or has settled it. It must then send no money
 * call of its own: two processes would act on one PPC. So every money call's intent (journal.ts)
 * first renews the lease (a full time to live again, so it cannot lapse between the intent and the
 * call) and is refused with LeaseLost when the lease is someone else's now, or nobody's.
 *
 * The flow's lease travels with its work (AsyncLocalStorage, set by recharge/session-flows.ts), so
 * the journal needs no lease passed down every call; outside a leased flow (one process alone) there is no fence.
 *
 * A schedule top-up runs under one more: its execution's claim (ScheduleStore.holdExecution, underClaim).
 * Its attempt is a new session of its own, whose lease nobody else knows of, so only the claim tells
 * that another process took the execution over (and topped it up) while this one stalled.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { OutcomePending } from '../recharge/outcome-pending.ts';
import type { SessionLeases } from './session-leases.ts';

/** Another process took the session over: it settles it, and this flow tells the shopper "pending". */
export class LeaseLost extends OutcomePending {
  constructor() {
    super("The session's lease passed to another process, which settles it");
    this.name = 'LeaseLost';
  }
}

interface Held {
  lease?: { sessionId: string; leases: SessionLeases };
  /** Claims around the flow (renewed by the check; false: no longer ours), inherited by the flows inside. */
  claims: ReadonlyArray<() => Promise<boolean>>;
}

const held = new AsyncLocalStorage<Held>();

/** Runs `work` as the holder of the session's lease: its money intents are fenced by it. */
export function underLease<T>(sessionId: string, leases: SessionLeases, work: () => Promise<T>): Promise<T> {
  return held.run({ lease: { sessionId, leases }, claims: held.getStore()?.claims ?? [] }, work);
}

/** Runs `work` under a claim (`stillOurs` renews it; false once another process took it): every money intent inside is fenced by it too. */
export function underClaim<T>(stillOurs: () => Promise<boolean>, work: () => Promise<T>): Promise<T> {
  const outer = held.getStore();
  return held.run({ ...(outer?.lease ? { lease: outer.lease } : {}), claims: [...(outer?.claims ?? []), stillOurs] }, work);
}

/** Before a money call's intent: throws LeaseLost unless this flow still holds the session's lease and its claims (renewed now). */
export async function fenceMoneyCall(sessionId: string): Promise<void> {
  const current = held.getStore();
  for (const stillOurs of current?.claims ?? []) {
    if (!(await stillOurs())) throw new LeaseLost();
  }
  const lease = current?.lease;
  if (lease?.sessionId !== sessionId) return;
  if (!(await lease.leases.renew(sessionId))) throw new LeaseLost();
}
