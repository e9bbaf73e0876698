/**
 * The shopper's flow as a pure function: transition(state, event) → the next state and the call
 * to start, if any. Every decision is here: which step comes next, which step needs the proxy
 * (a phone top-up needs no call after the operator; a PIN product or a bill does), the preset
 * operator, waiting for the viewport, the attempt's Idempotency-Key. No fetch, no DOM, no clock:
 * the controller (flow-controller.ts) runs the calls and feeds their outcomes back as events. An
 * event that does not apply to the current step is ignored (the same state comes back).
 */
import type { BranchData, RechargeResult } from '../proxy/browser-api.ts';
import type {
  ChosenOrder, Effect, FieldError, FlowEvent, FlowSettings, FlowState, LoadedOrder, Next, Order, PricedOrder, WayForward,
} from './flow-state.ts';
import { BARCODE_QUESTION, branchRequest, rechargeRequest } from './order-request.ts';

export function initialState(settings: FlowSettings): FlowState {
  return settings.type ? { step: 'opening', settings, type: settings.type } : { step: 'type', settings };
}

const hasDealer = (o: Order): o is ChosenOrder => o.dealer !== undefined;
const isLoaded = (o: Order): o is LoadedOrder => hasDealer(o) && o.branchData !== undefined;
const isPriced = (o: Order): o is PricedOrder => isLoaded(o) && o.amount !== undefined;

/** Questions the questions step asks: the invoice's bar code question has its own step. */
const openQuestions = (o: LoadedOrder) => (o.type === 'invoice' ? [] : o.branchData.questions);
/**
 * A granted order (the merchant's checkout took the money) has no card step; any other pays by card.
 * The proxy takes a card for normal recharges only so far (Carat's do-recharge payment block, §3.5),
 * so a PIN or a bill needs a grant until it pays through REST Payment.
 */
export const cardApplies = (settings: FlowSettings, o: Order) => settings.grant === undefined && o.type === 'normal';

function afterBranches(settings: FlowSettings, order: ChosenOrder, data: BranchData): FlowState {
  const loaded: LoadedOrder = { ...order, branchData: data };
  if (order.type !== 'invoice') return { step: 'amount', settings, order: loaded };
  if (data.invoice) {
    return { step: 'review', settings, order: { ...loaded, barCode: data.invoice.barCode, amount: { amountCents: data.invoice.amountCents } } };
  }
  const question = data.questions.find((q) => q.id === BARCODE_QUESTION.id) ?? data.questions[0] ?? BARCODE_QUESTION;
  // A bar code was sent and no bill came back: the bar code is what is wrong.
  const fieldError = order.barCode ? { field: 'invoice.barCode' } : undefined;
  return { step: 'barcode', settings, order, question, fieldError };
}

function afterAnswers(settings: FlowSettings, order: PricedOrder): FlowState {
  return cardApplies(settings, order) ? { step: 'card', settings, order } : { step: 'review', settings, order };
}

function afterAmount(settings: FlowSettings, order: PricedOrder): FlowState {
  return openQuestions(order).length > 0 ? { step: 'questions', settings, order } : afterAnswers(settings, order);
}

function afterRecharge(state: FlowState & { order: PricedOrder }, result: RechargeResult): FlowState {
  const { settings, order } = state;
  if (result.status === 'CON') return { step: 'result', settings, order, result, receiptWithheld: result.receiptWithheld === true };
  if (result.status === 'AGU' && result.tvPackageCodes?.length) {
    return { step: 'tv-package', settings, order, codes: result.tvPackageCodes };
  }
  // NEG: denied (the card or the operator). PPN or a status we do not know: the proxy undid it.
  // Either way the recharge did not happen. result.message is the proxy's English for merchants.
  const kind = result.status === 'NEG' ? 'denied' as const : 'undone' as const;
  const failure = { kind, code: result.status, ...(result.message ? { reason: result.message } : {}) };
  return { step: 'failure', settings, failure, back: state };
}

/** The step before this one, with what the shopper entered kept (but never the card). */
function previous(state: FlowState): FlowState {
  const { settings } = state;
  switch (state.step) {
    case 'dealer': return settings.type ? state : { step: 'type', settings };
    case 'phone': case 'barcode': return { step: 'dealer', settings, order: state.order };
    case 'amount': return state.order.type === 'normal' ? { step: 'phone', settings, order: state.order } : { step: 'dealer', settings, order: state.order };
    case 'questions': return { step: 'amount', settings, order: state.order };
    case 'card': return openQuestions(state.order).length > 0 ? { step: 'questions', settings, order: state.order } : { step: 'amount', settings, order: state.order };
    case 'review': {
      const { card: _dropped, ...order } = state.order;
      if (order.type === 'invoice') return { step: 'barcode', settings, order, question: BARCODE_QUESTION };
      if (cardApplies(settings, order)) return { step: 'card', settings, order };
      return openQuestions(order).length > 0 ? { step: 'questions', settings, order } : { step: 'amount', settings, order };
    }
    default: return state; // type, opening, tv-package (the gateway waits), resuming, result, failure
  }
}

/** A proxy field path ("phone.number", "payment.card.expiry") → the step that asks for it. */
export function stepForField(field: string, type: Order['type']): FlowState['step'] | undefined {
  const head = field.split('.')[0] ?? '';
  if (['dealerCode', 'typeCode', 'branchCode'].includes(head)) return 'dealer';
  if (head === 'phone' || head === 'ddd') return 'phone';
  if (head === 'invoice' || (head === 'answers' && type === 'invoice')) return 'barcode';
  if (head === 'amountCents' || head === 'amountKey') return 'amount';
  if (head === 'answers') return 'questions';
  if (head === 'payment') return 'card';
  return undefined;
}

function rejectField(state: FlowState, fieldError: FieldError): FlowState {
  const refused = { step: 'failure' as const, settings: state.settings, failure: { kind: 'refused' as const, code: 'invalid_request' }, back: state };
  if (!('order' in state)) return refused;
  const { settings, order } = state;
  const step = stepForField(fieldError.field, order.type);
  if (step === 'dealer') return { step, settings, order, fieldError };
  if (step === 'phone' && hasDealer(order) && order.type === 'normal') return { step, settings, order, fieldError };
  if (step === 'barcode' && hasDealer(order)) return { step, settings, order, question: BARCODE_QUESTION, fieldError };
  if (step === 'amount' && isLoaded(order) && order.type !== 'invoice') return { step, settings, order, fieldError };
  if (step === 'questions' && isPriced(order) && openQuestions(order).length > 0) return { step, settings, order, fieldError };
  if (step === 'card' && isPriced(order) && cardApplies(settings, order)) {
    const { card: _dropped, ...rest } = order;
    return { step, settings, order: rest, fieldError };
  }
  return refused;
}

/** Whether a state shows a field error the state before did not (so it is announced and reported once). */
export function newFieldError(state: FlowState, before: FlowState | undefined): boolean {
  return 'fieldError' in state && state.fieldError !== undefined
    && state.fieldError !== (before && 'fieldError' in before ? before.fieldError : undefined);
}

/** What a failure lets the shopper do next, the primary way first. */
export function waysForward(state: FlowState & { step: 'failure' }): WayForward[] {
  const { failure, back } = state;
  const order = 'order' in back ? back.order : undefined;
  switch (failure.kind) {
    case 'denied':
      if (order?.card) return ['another-card', 'another-operator', 'start-again'];
      return order?.type === 'invoice' ? ['start-again'] : ['another-operator', 'start-again'];
    case 'refused': return ['start-again'];
    default: return ['retry', 'start-again'];
  }
}

function retry(state: FlowState & { step: 'failure' }): FlowState {
  const { back, failure, settings } = state;
  const sent = back.step === 'review' || back.step === 'tv-package' || back.step === 'resuming';
  // After a timeout, a gateway failure or an undo (PPN) the proxy has undone the recharge, and an expired session
  // cannot go on: both need a new session, into which the shopper's choices are carried.
  const needsNewSession = failure.kind === 'expired' || failure.kind === 'undone'
    || (sent && (failure.kind === 'timeout' || failure.kind === 'unavailable'));
  if (!needsNewSession) return back;
  if ('order' in back && isPriced(back.order)) return { step: 'resuming', settings, order: back.order, target: 'review' };
  return initialState(settings.type ? settings : { ...settings, type: 'order' in back ? back.order.type : undefined });
}

/** The call a state waits for by itself (not for the shopper): on entering it, or on coming back into the page. */
export function waitingFor(state: FlowState): Effect | undefined {
  const grant = state.settings.grant !== undefined ? { grant: state.settings.grant } : {};
  if (state.step === 'opening') return state.settings.near ? { call: 'open-session', type: state.type, ...grant } : undefined;
  if (state.step === 'resuming') return { call: 'resume', type: state.order.type, request: branchRequest(state.order), ...grant };
  return undefined;
}

/** States that wait for a call of their own (the widget shows itself busy). */
export const isWaiting = (state: FlowState): boolean => state.step === 'opening' || state.step === 'resuming';

export function transition(state: FlowState, event: FlowEvent): Next {
  const next = decide(state, event);
  if (!('step' in next)) return next;
  return next === state ? { state } : entering(next);
}

/** A state, with the call it waits for on entering it. */
function entering(state: FlowState): Next {
  const effect = waitingFor(state);
  return effect ? { state, effect } : { state };
}

/** A shopper's event that needs the proxy: the step stays on screen (busy) and the call starts. */
function ask(state: FlowState, effect: Effect): Next {
  return { state, effect, sameScreen: true };
}

function nearNow(state: FlowState): FlowState {
  const settings = { ...state.settings, near: true };
  return state.step === 'failure' ? { ...state, settings, back: nearNow(state.back) } : { ...state, settings } as FlowState;
}

function decide(state: FlowState, event: FlowEvent): FlowState | Next {
  const { settings } = state;
  if (event.type === 'came-near') {
    if (settings.near) return state;
    const near = nearNow(state);
    // Only a session that waits to open starts now; any other step just remembers it.
    return near.step === 'opening' ? { ...entering(near), sameScreen: true } : { state: near, sameScreen: true };
  }
  if (event.type === 'start-again') return initialState(settings);
  if (event.type === 'failed') return { step: 'failure', settings, failure: event.failure, back: state.step === 'failure' ? state.back : state };
  if (event.type === 'field-rejected') return rejectField(state, event.error);
  if (event.type === 'back') return previous(state);

  switch (state.step) {
    case 'type':
      return event.type === 'type-chosen' ? { step: 'opening', settings, type: event.rechargeType } : state;
    case 'opening': {
      if (event.type !== 'session-opened') return state;
      const order: Order = { type: event.session.type, sessionId: event.session.id, dealers: event.session.dealers };
      // A preset operator skips the choice, once: "back" from the phone step and "choose another operator" show it.
      const preset = order.type === 'normal' && !state.askDealer ? order.dealers.find((d) => d.code === settings.dealer) : undefined;
      return preset ? { step: 'phone', settings, order: { ...order, dealer: preset } } : { step: 'dealer', settings, order };
    }
    case 'dealer':
      if (event.type === 'dealer-chosen') {
        // A phone top-up's amounts depend on the area code: the phone step comes first, and asks.
        if (state.order.type === 'normal') return { step: 'phone', settings, order: { ...state.order, dealer: event.dealer } };
        const lookedUp = { dealer: event.dealer, ...(event.branch ? { branch: event.branch } : {}) };
        return ask(state, { call: 'branch-data', sessionId: state.order.sessionId, request: branchRequest({ ...state.order, ...lookedUp }), lookedUp });
      }
      if (event.type !== 'branches-loaded' || !event.dealer) return state;
      return afterBranches(settings, { ...state.order, dealer: event.dealer, branch: event.branch }, event.data);
    case 'phone':
      if (event.type === 'phone-entered') {
        return ask(state, { call: 'branch-data', sessionId: state.order.sessionId, request: branchRequest(state.order, { ddd: event.phone.ddd }), lookedUp: { phone: event.phone } });
      }
      return event.type === 'branches-loaded' && event.phone ? afterBranches(settings, { ...state.order, phone: event.phone }, event.data) : state;
    case 'barcode':
      if (event.type === 'barcode-entered') {
        const request = branchRequest(state.order, { barCode: event.barCode, questionId: state.question.id });
        return ask(state, { call: 'branch-data', sessionId: state.order.sessionId, request, lookedUp: { barCode: event.barCode } });
      }
      return event.type === 'branches-loaded' && event.barCode ? afterBranches(settings, { ...state.order, barCode: event.barCode }, event.data) : state;
    case 'amount':
      return event.type === 'amount-chosen' ? afterAmount(settings, { ...state.order, amount: event.amount }) : state;
    case 'questions':
      return event.type === 'answers-given' ? afterAnswers(settings, { ...state.order, answers: event.answers }) : state;
    case 'card':
      return event.type === 'card-entered' ? { step: 'review', settings, order: { ...state.order, card: event.card } } : state;
    case 'review': case 'tv-package': {
      if (event.type === 'recharged') return afterRecharge(state, event.result);
      if (!(event.type === 'confirmed' && state.step === 'review') && !(event.type === 'tv-package-chosen' && state.step === 'tv-package')) return state;
      const attemptKey = state.attemptKey ?? event.newKey;
      const request = rechargeRequest(state.order, event.type === 'tv-package-chosen' ? event.code : undefined);
      return ask({ ...state, attemptKey }, { call: 'recharge', sessionId: state.order.sessionId, request, idempotencyKey: attemptKey });
    }
    case 'resuming': {
      if (event.type !== 'resumed') return state;
      const order: PricedOrder = { ...state.order, sessionId: event.session.id, dealers: event.session.dealers, branchData: event.data };
      return state.target === 'card' ? { step: 'card', settings, order } : { step: 'review', settings, order };
    }
    case 'failure': {
      if (event.type === 'retry') return retry(state);
      const back = state.back;
      if (event.type === 'another-card' && 'order' in back && isPriced(back.order)) {
        const { card: _dropped, ...order } = back.order;
        return { step: 'resuming', settings, order, target: 'card' };
      }
      if (event.type === 'another-operator' && 'order' in back) return { step: 'opening', settings, type: back.order.type, askDealer: true };
      return state;
    }
    default:
      return state; // result: only start-again leads on
  }
}
