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
    case 'recharge': {
      const answer = await client.recharge(effect.sessionId, effect.request, effect.idempotencyKey, signal);
      return answer.status === 'pending' ? { type: 'recharge-pending', retryAfterMs: answer.retryAfterMs } : { type: 'recharged', result: answer };
    }
    case 'look-up':
      await pause(effect.afterMs, signal);
      return { type: 'looked-up', session: await client.session(effect.sessionId, signal) };
  }
}

/** Waits ms, or rejects as soon as the call is replaced or the widget leaves the page. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}
