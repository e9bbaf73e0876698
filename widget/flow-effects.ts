/**
 * Runs a call the flow asked for (an Effect, flow-state.ts) against the proxy and turns its answer
 * into the event that tells the flow. An error is the caller's to turn into a failure (failures.ts).
 */
import type { Effect, WorldEvent } from './flow-state.ts';
import type { ProxyClient } from './proxy-client.ts';

export async function runEffect(client: ProxyClient, effect: Effect, signal: AbortSignal): Promise<WorldEvent> {
  switch (effect.call) {
    case 'open-session':
      return { type: 'session-opened', session: await client.createRecharge(effect.type, signal, effect.grant) };
    case 'branch-data':
      return { type: 'branches-loaded', ...effect.lookedUp, data: await client.branchData(effect.sessionId, effect.request, signal) };
    case 'resume': {
      const session = await client.createRecharge(effect.type, signal, effect.grant);
      return { type: 'resumed', session, data: await client.branchData(session.id, effect.request, signal) };
    }
    case 'recharge':
      return { type: 'recharged', result: await client.recharge(effect.sessionId, effect.request, effect.idempotencyKey, signal) };
  }
}
