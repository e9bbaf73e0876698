/**
 * The widget's public events. All bubble and are composed, so a page listens on the element or on
 * document. None carries card data.
 */
import type { CaratStatus, RechargeType, ScheduleStatus } from '../proxy/browser-api.ts';
import { failureMessage } from './announcer.ts';
import { newFieldError } from './flow-screen.ts';
import type { FlowState, Step } from './flow-state.ts';
import type { Messages } from './messages.ts';

export interface StepChangeDetail {
  step: Step;
}

export interface CompleteDetail {
  /** The proxy's session id (never Carat's NIT). */
  id: string;
  type: RechargeType;
  /** CON: topped up now (a monthly top-up's first included); NOV: a monthly top-up set up that starts on a later day. */
  status: CaratStatus;
  dealerCode: string;
  amountCents: number;
  /** A monthly top-up set up (issue 10): never its token, the shopper's only key. */
  schedule?: { status: ScheduleStatus; every: 'month'; times: number; nextDate?: string };
}

export interface ErrorDetail {
  /** The proxy's error code, 'proxy_unreachable' (no answer: down, a wrong `api`, CORS), or Carat's status for a denial (e.g. "NEG"). */
  code: string;
  /** What the shopper was told, in the widget's language. */
  message: string;
  /** The field the proxy rejected, as a dotted path into the request (e.g. "phone.number"). */
  field?: string;
  /** The proxy's own account, in English, for the merchant's logs and support (not shown to the shopper). */
  reason?: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'recharge-step-change': CustomEvent<StepChangeDetail>;
    'recharge-complete': CustomEvent<CompleteDetail>;
    'recharge-error': CustomEvent<ErrorDetail>;
  }
}

export function emit<K extends 'recharge-step-change' | 'recharge-complete' | 'recharge-error'>(
  target: EventTarget, name: K, detail: GlobalEventHandlersEventMap[K]['detail'],
): void {
  target.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
}

/** Tells the page about a new screen: its step, and what it means (a failure, a rejected field, the result). */
export function emitScreen(target: EventTarget, state: FlowState, before: FlowState | undefined, m: Messages): void {
  emit(target, 'recharge-step-change', { step: state.step });
  if (state.step === 'failure') {
    const { code, reason } = state.failure;
    emit(target, 'recharge-error', { code, message: failureMessage(state.failure, m), ...(reason ? { reason } : {}) });
  } else if (newFieldError(state, before) && 'fieldError' in state && state.fieldError) {
    emit(target, 'recharge-error', { code: 'invalid_request', message: m.fieldRejected, field: state.fieldError.field });
  } else if (state.step === 'result') {
    const { recharge, result } = state;
    emit(target, 'recharge-complete', { id: recharge.sessionId, type: recharge.type, status: result.status, dealerCode: recharge.dealer.code, amountCents: recharge.amountCents });
  } else if (state.step === 'scheduled') {
    const { recharge, result, schedule } = state;
    const { status, every, times, nextDate } = schedule;
    emit(target, 'recharge-complete', {
      id: recharge.sessionId, type: recharge.type, status: result.status, dealerCode: recharge.dealer.code, amountCents: recharge.amountCents,
      schedule: { status, every, times, ...(nextDate ? { nextDate } : {}) },
    });
  }
}
