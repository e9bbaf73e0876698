/**
 * Leases on sessions, for several proxy processes on one database (store/postgres/): the process
 * working on a session (a browser attempt or a recovery run, recharge/session-flows.ts) holds the
 * session's lease and renews it while it works (a heartbeat). Another process's recovery skips a
 * leased session, and its browser attempts wait; once the lease has lapsed (its holder died) any
 * process may take the session over. One process alone (SQLite, memory) needs none: SessionFlows
 * keeps its flows apart in memory.
 */
export type LeaseOutcome = 'taken' | 'held' | 'missing';

export interface SessionLeases {
  /** How often a holder renews its leases; well inside their time to live. */
  readonly heartbeatMs: number;
  /**
   * Takes the session's lease for this process: `taken` (it was free, lapsed or already ours),
   * `held` (another live process holds it, or is writing the row this instant), `missing` (no such session).
   */
  acquire(sessionId: string): Promise<LeaseOutcome>;
  /** Extends this process's lease (the heartbeat); false when it is no longer ours (it lapsed and was taken). */
  renew(sessionId: string): Promise<boolean>;
  /** Gives this process's lease up. */
  release(sessionId: string): Promise<void>;
}
