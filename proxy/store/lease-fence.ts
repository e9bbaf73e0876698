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

const held = new AsyncLocalStorage<{ sessionId: string; leases: SessionLeases }>();

/** Runs `work` as the holder of the session's lease: its money intents are fenced by it. */
export function underLease<T>(sessionId: string, leases: SessionLeases, work: () => Promise<T>): Promise<T> {
  return held.run({ sessionId, leases }, work);
}

/** Before a money call's intent: throws LeaseLost unless this flow still holds the session's lease (renewed now). */
export async function fenceMoneyCall(sessionId: string): Promise<void> {
  const lease = held.getStore();
  if (lease?.sessionId !== sessionId) return;
  if (!(await lease.leases.renew(sessionId))) throw new LeaseLost();
}
