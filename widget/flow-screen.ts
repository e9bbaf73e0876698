/**
 * What a flow state shows and needs, apart from the transitions (flow.ts, which re-exports these):
 * the first state, which failures offer which ways forward, a new field error, the pending recharge
 * to keep, whether a state or a call shows the widget busy, whether a card may be asked for. The
 * widget's entry module needs these for its first screen; flow.ts itself is a lazy chunk
 * (flow-machine.ts) that loads while the first step shows.
 */
import type { Effect, FlowSettings, FlowState, Order, PendingRecharge, WayForward } from './flow-state.ts';

/** The first state: a pending recharge kept from before a reload (pending-store.ts) comes back first. */
export function initialState(settings: FlowSettings, kept?: PendingRecharge): FlowState {
  if (kept) return { step: 'pending', settings, recharge: kept, looks: 0 };
  return settings.type ? { step: 'opening', settings, type: settings.type } : { step: 'type', settings };
}

/**
 * A granted order (the merchant's checkout took the money) has no card step; any other pays by card:
 * a top-up in Carat's do-recharge, a PIN or a bill through REST Payment (the proxy's CARAT_API_URL).
 */
export const cardApplies = (settings: FlowSettings, _o: Order) => settings.grant === undefined;

/** The pending recharge a state holds, to keep across a reload (pending-store.ts); undefined once settled. */
export function pendingOf(state: FlowState): PendingRecharge | undefined {
  return state.step === 'pending' ? state.recharge : undefined;
}

/** Whether the call shows the widget busy ("Please wait…"): a pending recharge's looks run in the background. */
export const saysBusy = (effect: Effect): boolean => effect.call !== 'look-up';

/** Whether a state shows a field error the state before did not (so it is announced and reported once). */
export function newFieldError(state: FlowState, before: FlowState | undefined): boolean {
  return 'fieldError' in state && state.fieldError !== undefined
    && state.fieldError !== (before && 'fieldError' in before ? before.fieldError : undefined);
}

/**
 * What a failure lets the shopper do next, the primary way first. A granted session (the shop's
 * order grant opened it, and a grant opens one session) never offers "start again": it would reuse
 * the spent grant and be refused (409 grant_used); the shop's page is the way back.
 */
export function waysForward(state: FlowState & { step: 'failure' }): WayForward[] {
  const ways = failureWays(state);
  const opened = 'order' in state.back || state.back.step === 'pending';
  return state.settings.grant !== undefined && opened ? ways.filter((way) => way !== 'start-again') : ways;
}

function failureWays(state: FlowState & { step: 'failure' }): WayForward[] {
  const { failure, back } = state;
  // Settled after a reload: the shopper's choices were not kept (only what the pending screen needed).
  if (back.step === 'pending') return ['start-again'];
  const order = 'order' in back ? back.order : undefined;
  switch (failure.kind) {
    case 'denied':
      if (order?.card) return ['another-card', 'another-operator', 'start-again'];
      return order?.type === 'invoice' ? ['start-again'] : ['another-operator', 'start-again'];
    case 'refused': case 'unconfirmed': return ['start-again'];
    default: return ['retry', 'start-again'];
  }
}

/** States that wait for a call of their own (the widget shows itself busy). */
export const isWaiting = (state: FlowState): boolean => state.step === 'opening' || state.step === 'resuming';
