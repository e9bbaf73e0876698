/**
 * Graceful shutdown: stop accepting connections, let the flows in flight finish (bounded), stop
 * recovery, then close the journal. A flow cut off by the bound is not lost: its intent is in the
 * journal, and recovery settles it at the next start.
 */
import type { Server } from 'node:http';
import type { SessionFlows } from './recharge/session-flows.ts';
import type { Recovery } from './recovery/recovery-loop.ts';
import type { SessionStore } from './store/session-store.ts';

export interface ShutdownParts {
  server: Server;
  flows: SessionFlows;
  recovery: Recovery;
  store: SessionStore;
  /** How long the flows in flight may take. */
  graceMs: number;
  sandbox?: { close(): Promise<void> };
  /** Told when the shutdown starts, with the number of recharge flows in flight. */
  onStopping?: (flowsInFlight: number) => void;
}

const bounded = (work: Promise<unknown>, ms: number) =>
  Promise.race([work, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

export async function stopGracefully(parts: ShutdownParts): Promise<void> {
  const { server, flows, recovery, store } = parts;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  parts.onStopping?.(flows.size);
  // Keep-alive connections hold close() open once their request is answered: drop them as they go idle.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  // The recovery timer stops now; a pass in progress, every flow and every request in progress
  // end, or the grace runs out.
  await bounded(Promise.all([recovery.stop(), flows.drain(), closed]), parts.graceMs);
  clearInterval(sweep);
  server.closeAllConnections();
  await store.close();
  await parts.sandbox?.close();
}
