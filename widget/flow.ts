/**
 * The shopper's flow as a pure function: transition(state, event) → the next state and the call
 * to start, if any. Every decision is here: which step comes next, which step needs the proxy
 * (a phone top-up needs no call after the operator; a PIN product or a bill does), the preset
 * operator, waiting for the viewport, the attempt's Idempotency-Key, and what an unknown outcome
 * means. No fetch, no DOM, no clock: the controller (flow-controller.ts) runs the calls and feeds
 * their outcomes back as events. An event that does not apply to the current step is ignored (the
 * same state comes back).
 *
 * A recharge whose outcome is unknown (issue 9) is pending, never failed: the proxy's 202, or a
 * recharge call that got no answer, a timeout or a 5xx. The widget then says so ("don't pay
 * again"), looks at the session with a growing wait until the proxy says it is settled, and shows
 * the real result. It says "nothing was charged" only when Carat's status says so (NEG, PPN, INV,
 * EXP, and no payment CON), and offers no way to pay again or to open a new session meanwhile.
 */
import type { BranchData, CaratStatus, CreateRechargeResponse, RechargeResult, RechargeSession } from '../proxy/browser-api.ts';
import type {
  ChosenOrder, Effect, FailureKind, FieldError, FlowEvent, FlowSettings, FlowState, LoadedOrder, Next, Order, PendingRecharge,
  PricedOrder, RepeatChoice, SendingState, SentRecharge,
} from './flow-state.ts';
import { cardApplies, initialState, waysForward } from './flow-screen.ts';
import { bonusCentsOf } from './money.ts';
import { BARCODE_QUESTION, branchRequest, rechargeRequest } from './order-request.ts';

// What a state shows and needs is in flow-screen.ts, in the widget's entry module; this one is a lazy chunk (flow-machine.ts).
export { cardApplies, initialState, isWaiting, newFieldError, pendingOf, saysBusy, waysForward } from './flow-screen.ts';

const hasDealer = (o: Order): o is ChosenOrder => o.dealer !== undefined;
const isLoaded = (o: Order): o is LoadedOrder => hasDealer(o) && o.branchData !== undefined;
const isPriced = (o: Order): o is PricedOrder => isLoaded(o) && o.amount !== undefined;

/** Questions the questions step asks: the invoice's bar code question has its own step. */
const openQuestions = (o: LoadedOrder) => (o.type === 'invoice' ? [] : o.branchData.questions);
/** What the session says about card payments: the brands and the installment bounds (absent from an older proxy). */
function cardTerms(session: CreateRechargeResponse): Pick<Order, 'cardBrands' | 'installmentLimits'> {
  const { cardBrands, maxInstallments, minInstallmentCents } = session;
  return {
    ...(cardBrands ? { cardBrands } : {}),
    ...(maxInstallments !== undefined && minInstallmentCents !== undefined ? { installmentLimits: { max: maxInstallments, minCents: minInstallmentCents } } : {}),
  };
}

function afterBranches(settings: FlowSettings, order: ChosenOrder, data: BranchData): FlowState {
  const loaded: LoadedOrder = { ...order, branchData: data };
  if (order.type !== 'invoice') return { step: 'amount', settings, order: loaded };
  if (data.invoice) {
    // The bill is the amount: on to the card (or, granted, the review).
    return afterAnswers(settings, { ...loaded, barCode: data.invoice.barCode, amount: { amountCents: data.invoice.amountCents } });
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

/** Carat's final words that prove nothing was charged, when no payment was confirmed (issue 9, rule 2). */
const NOTHING_CHARGED: readonly CaratStatus[] = ['NEG', 'PPN', 'INV', 'EXP'];
/** Failures of a recharge call that leave its outcome unknown: it may have been done. */
const UNKNOWN_OUTCOME: readonly FailureKind[] = ['network', 'timeout', 'unavailable'];

type PendingState = FlowState & { step: 'pending' };

function sentRecharge(order: PricedOrder): SentRecharge {
  const { sessionId, type, dealer: { code, name }, amount, phone } = order;
  const bonusCents = bonusCentsOf(amount.amountCents, amount);
  return { sessionId, type, dealer: { code, name }, amountCents: amount.amountCents, ...(bonusCents ? { bonusCents } : {}), ...(phone ? { phone } : {}) };
}

export const LOOK_MIN_MS = 1_000;
export const LOOK_MAX_MS = 30_000;

/** A proxy's wait hint, made safe: a number of ms from 0 to a minute (anything else: a second). */
export function retryAfter(ms: unknown): number {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? Math.min(Math.round(ms), 60_000) : LOOK_MIN_MS;
}

/**
 * The wait before a look at a pending session: the first waits what the proxy asked; each later
 * one twice the one before, from LOOK_MIN_MS up to LOOK_MAX_MS, never less than the proxy asked.
 * The looks go on until the session is settled: giving up would leave the shopper guessing.
 */
export function lookDelayMs(retryAfterMs: number, looks: number): number {
  if (looks === 0) return retryAfterMs;
  return Math.max(retryAfterMs, Math.min(LOOK_MAX_MS, LOOK_MIN_MS * 2 ** (looks - 1)));
}

function pending(state: SendingState, retryAfterMs: number): PendingState {
  const attempt = { ...(state.attemptKey ? { attemptKey: state.attemptKey } : {}), ...(state.attemptRequest ? { attemptRequest: state.attemptRequest } : {}) };
  const recharge = { ...sentRecharge(state.order), retryAfterMs: retryAfter(retryAfterMs), ...attempt };
  return { step: 'pending', settings: state.settings, recharge, looks: 0, sentFrom: state };
}

/** The recharge's final answer, from the recharge call or from the settled session. */
function afterRecharge(state: SendingState | PendingState, result: RechargeResult): FlowState {
  const { settings } = state;
  const from = state.step === 'pending' ? state.sentFrom : state;
  // A monthly top-up set up (issue 10): its first top-up made now (CON, a receipt) or on its start date.
  // After a reload the order is gone: the kept attempt's request says it was a repeat.
  const repeat = from ? from.order.repeat : state.step === 'pending' ? keptRepeat(state.recharge) : undefined;
  if (result.schedule && result.schedule.status !== 'failed' && repeat) {
    const recharge = from ? sentRecharge(from.order) : sent((state as PendingState).recharge);
    return { step: 'scheduled', settings, recharge, schedule: result.schedule, repeat, result };
  }
  if (result.status === 'CON') {
    const recharge = state.step === 'pending' ? sent(state.recharge) : sentRecharge(state.order);
    return { step: 'result', settings, recharge, result, receiptWithheld: result.receiptWithheld === true };
  }
  if (result.status === 'AGU' && result.tvPackageCodes?.length && from) {
    return { step: 'tv-package', settings, order: from.order, codes: result.tvPackageCodes };
  }
  // result.message is the proxy's English for merchants, passed on in the event, never shown.
  const reason = result.message ? { reason: result.message } : {};
  const back = from ?? state;
  if (NOTHING_CHARGED.includes(result.status) && result.payment?.status !== 'CON') {
    // NEG: denied (the card or the operator). PPN, INV, EXP: not done, and undone if it had begun.
    const kind = result.status === 'NEG' ? 'denied' as const : 'undone' as const;
    // The shopper is told who said no: a card refused by its issuer (the payment NEG), or the operator.
    const byCard = (result.payment?.status === 'NEG' || result.schedule?.status === 'failed') && !('order' in back && back.order && !back.order.card);
    const deniedBy = kind === 'denied' ? { deniedBy: byCard ? 'card' as const : 'operator' as const } : {};
    return { step: 'failure', settings, failure: { kind, code: result.status, ...deniedBy, ...reason }, back };
  }
  // Any other word (a payment confirmed without the recharge, a status we do not know): not "nothing charged".
  return { step: 'failure', settings, failure: { kind: 'unconfirmed', code: result.status, ...reason }, back };
}

/** The repeat choice of a kept attempt (pending-store.ts), from the request it sent. */
function keptRepeat(recharge: PendingRecharge): RepeatChoice | undefined {
  const repeat = recharge.attemptRequest?.repeat;
  return repeat ? { times: repeat.times, ...(repeat.startDate !== undefined ? { startDate: repeat.startDate } : {}) } : undefined;
}

function sent(recharge: PendingRecharge): SentRecharge {
  const { retryAfterMs: _wait, attemptKey: _key, attemptRequest: _request, ...done } = recharge;
  return done;
}

/** A look at a pending recharge's session: its result once settled, else another look. */
function afterLook(state: PendingState, session: RechargeSession): FlowState | Next {
  if (session.settled === false) return lookAgain(state);
  // A PIN is never in the looked-at session (the proxy shows it only in the recharge call's answer):
  // ask for that answer again with the attempt's own key, which the proxy replays, never redoes.
  const from = state.sentFrom;
  // The same request as sent, without the card: the proxy refuses the key with another (422).
  if (session.result?.status === 'CON' && session.result.receiptWithheld && from?.attemptKey) {
    const { card: _never, ...order } = from.order;
    const request = from.attemptRequest ?? rechargeRequest(order);
    return ask(from, { call: 'recharge', sessionId: order.sessionId, request, idempotencyKey: from.attemptKey });
  }
  // After a reload only what was kept is left (never a card): the attempt's key and request. They
  // also ask again for a monthly top-up's answer (as below), whose link the session does not hold.
  const kept = state.recharge;
  const keptSchedule = session.result && !session.result.schedule && kept.attemptRequest?.repeat !== undefined;
  if (((session.result?.status === 'CON' && session.result.receiptWithheld) || keptSchedule) && !from && kept.attemptKey) {
    const request = kept.attemptRequest ?? { dealerCode: kept.dealer.code, amountCents: kept.amountCents, ...(kept.phone ? { phone: kept.phone } : {}) };
    return ask(state, { call: 'recharge', sessionId: kept.sessionId, request, idempotencyKey: kept.attemptKey });
  }
  // A monthly top-up started now whose answer was pending: the session knows the first top-up, not
  // the schedule's link; the attempt's own key gets the answer again with the schedule (the proxy
  // replays it, never redoes it; `repeat` routes the call to the schedules, the card is not sent).
  if (session.result && !session.result.schedule && from?.attemptKey && from.order.repeat) {
    const { card: _never, ...order } = from.order;
    const request = from.attemptRequest ?? { ...rechargeRequest(order), repeat: { every: 'month' as const, ...from.order.repeat } };
    return ask(from, { call: 'recharge', sessionId: order.sessionId, request, idempotencyKey: from.attemptKey });
  }
  if (session.result) return afterRecharge(state, session.result);
  // Settled with no recharge (the call never reached the proxy), or an older proxy that cannot say:
  // like a lost connection. "Try again" resends the same attempt (same Idempotency-Key) when the
  // widget still has it; after a reload it only starts again.
  return { step: 'failure', settings: state.settings, failure: { kind: 'network', code: 'proxy_unreachable' }, back: state.sentFrom ?? state };
}

function lookAgain(state: PendingState): Next {
  const next: PendingState = { ...state, looks: state.looks + 1 };
  return { state: next, effect: lookUp(next), sameScreen: true };
}

const lookUp = (state: PendingState): Effect => ({ call: 'look-up', sessionId: state.recharge.sessionId, afterMs: lookDelayMs(state.recharge.retryAfterMs, state.looks) });

/** While pending, only the looks' outcomes count: the shopper cannot pay again, go back or start again. */
function whilePending(state: PendingState, event: FlowEvent): FlowState | Next {
  if (event.type === 'looked-up') return afterLook(state, event.session);
  // The replay asked for after a reload (afterLook); with the attempt still in memory that answer
  // comes back to the sending state instead, and any other stray answer changes nothing.
  if (event.type === 'recharged' && !state.sentFrom && state.recharge.attemptKey) return afterRecharge(state, event.result);
  if (event.type !== 'failed') return state;
  // The proxy no longer knows the session (404): the outcome cannot be learned from here.
  if (event.failure.kind === 'expired') return { step: 'failure', settings: state.settings, failure: { ...event.failure, kind: 'unconfirmed' }, back: state };
  return lookAgain(state); // no answer this time (network, 5xx, rate limit): look again, later
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

function retry(state: FlowState & { step: 'failure' }): FlowState {
  const { back, failure, settings } = state;
  if (!waysForward(state).includes('retry')) return state;
  // A timeout or a gateway failure on the recharge is pending, not failed: it never comes here.
  // After a new session could not open (resuming), after an undo (PPN, settled), or in an expired
  // session, a new session is needed, into which the shopper's choices are carried.
  const needsNewSession = failure.kind === 'expired' || failure.kind === 'undone'
    || (back.step === 'resuming' && (failure.kind === 'timeout' || failure.kind === 'unavailable'));
  if (!needsNewSession) return back;
  if ('order' in back && isPriced(back.order)) return { step: 'resuming', settings, order: back.order, target: 'review' };
  return initialState(settings.type ? settings : { ...settings, type: 'order' in back ? back.order.type : undefined });
}

/** The call a state waits for by itself (not for the shopper): on entering it, or on coming back into the page. */
export function waitingFor(state: FlowState): Effect | undefined {
  const grant = state.settings.grant !== undefined ? { grant: state.settings.grant } : {};
  if (state.step === 'opening') return state.settings.near ? { call: 'open-session', type: state.type, ...grant } : undefined;
  if (state.step === 'resuming') return { call: 'resume', type: state.order.type, request: branchRequest(state.order), ...grant };
  if (state.step === 'pending') return lookUp(state);
  return undefined;
}

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
  if (state.step === 'pending') return whilePending(state, event);
  if (event.type === 'failed' && (state.step === 'review' || state.step === 'tv-package') && state.attemptKey
    && UNKNOWN_OUTCOME.includes(event.failure.kind)) {
    return pending(state, 0); // the answer was lost, not the recharge: look at once
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
      const { type, id: sessionId, dealers } = event.session;
      const order: Order = { type, sessionId, dealers, ...cardTerms(event.session) };
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
      if (event.type === 'repeat-chosen' && state.step === 'review') {
        // Another request: another attempt (a kept key would replay the first answer).
        const { attemptKey: _other, attemptRequest: _sent, ...rest } = state;
        const { repeat: _was, ...order } = state.order;
        return { ...rest, order: event.repeat ? { ...order, repeat: event.repeat } : order };
      }
      if (event.type === 'recharge-pending' && state.attemptKey) return pending(state, event.retryAfterMs);
      if (!(event.type === 'confirmed' && state.step === 'review') && !(event.type === 'tv-package-chosen' && state.step === 'tv-package')) return state;
      const attemptKey = state.attemptKey ?? event.newKey;
      const request = rechargeRequest(state.order, event.type === 'tv-package-chosen' ? event.code : undefined);
      const { payment: _card, ...attemptRequest } = request;
      return ask({ ...state, attemptKey, attemptRequest }, { call: 'recharge', sessionId: state.order.sessionId, request, idempotencyKey: attemptKey });
    }
    case 'resuming': {
      if (event.type !== 'resumed') return state;
      const { cardBrands: _before, installmentLimits: _limits, ...rest } = state.order;
      const { id: sessionId, dealers } = event.session;
      const order: PricedOrder = { ...rest, sessionId, dealers, ...cardTerms(event.session), branchData: event.data };
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
