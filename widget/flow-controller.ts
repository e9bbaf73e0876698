/**
 * Runs the flow for the element: holds the state, turns a step's output into a flow event (calling
 * the proxy first when the step needs it), and on entering a state starts what that state waits for.
 * Public events and live-region texts come from here, since they follow the flow.
 */
import type { ReactiveController, ReactiveElement } from 'lit';
import { ApiTask } from './api-task.ts';
import { emit } from './events.ts';
import { eventForError } from './failures.ts';
import { initialState, transition } from './flow.ts';
import type { FlowEvent, FlowSettings, FlowState } from './flow-state.ts';
import type { Messages } from './messages.ts';
import { branchRequest, newIdempotencyKey, rechargeRequest } from './order-request.ts';
import type { ProxyClient } from './proxy-client.ts';
import type { StepOutput } from './steps/step-element.ts';

export interface FlowOptions {
  client: ProxyClient;
  messages: Messages;
  presets: { dealer?: string };
}

export class FlowController implements ReactiveController {
  readonly #host: ReactiveElement;
  readonly #options: () => FlowOptions;
  readonly task: ApiTask;
  state: FlowState | undefined;
  /** For the assertive live region: the latest error, in the shopper's language. */
  alert = '';
  /** For the polite live region. */
  notice = '';
  /**
   * One Idempotency-Key per attempt: an attempt is one reviewed order (or one TV package choice).
   * "Try again" after a lost connection returns to the same state object and so resends the same key,
   * which lets the proxy answer with the first outcome instead of recharging twice; a new session
   * (resume, another card) makes a new state and so a new key.
   */
  readonly #keys = new WeakMap<FlowState, string>();
  /** "Choose another operator" must not skip the choice again because of the preset. */
  #presetDealerDone = false;
  /**
   * Whether the widget has come near the viewport. Opening a session creates a Carat transaction,
   * so a widget further down the page waits for the shopper to get there (the element decides when).
   */
  #near = false;

  constructor(host: ReactiveElement, options: () => FlowOptions) {
    this.#host = host;
    this.#options = options;
    this.task = new ApiTask(host);
    host.addController(this);
  }

  start(settings: FlowSettings): void {
    if (!this.state) this.#set(initialState(settings));
  }

  /**
   * Moving the element in the page disconnects it, which aborts the call in flight; on its return,
   * a state that waits for a call starts it again (the shopper's own steps wait for their button).
   */
  hostConnected(): void {
    if (this.state && !this.task.pending) this.#enter(this.state);
  }

  get near(): boolean {
    return this.#near;
  }

  /** The widget is (nearly) on screen: a preset type's session may open now. */
  cameNear(): void {
    if (this.#near) return;
    this.#near = true;
    if (this.state && !this.task.pending) this.#enter(this.state);
  }

  /** Waiting for the widget to come near the viewport, or for the session to open. */
  get opening(): boolean {
    return this.state?.step === 'opening' || this.state?.step === 'resuming';
  }

  handle(output: StepOutput): void | Promise<void> {
    const state = this.state;
    if (!state) return;
    // A call in flight owns the flow: a second click (or Enter) while it runs does nothing.
    if (this.task.pending && output.kind !== 'invalid' && output.kind !== 'notice') return;
    const { client } = this.#options();
    switch (output.kind) {
      case 'invalid': this.#announce(output.message); return;
      case 'notice': this.notice = output.message; this.#host.requestUpdate(); return;
      case 'type': return this.#go({ type: 'type-chosen', rechargeType: output.rechargeType });
      case 'back': return this.#go({ type: 'back' });
      case 'way':
        this.#presetDealerDone = output.way === 'another-operator';
        return this.#go({ type: output.way });
      case 'amount': return this.#go({ type: 'amount-chosen', amount: output.amount });
      case 'answers': return this.#go({ type: 'answers-given', answers: output.answers });
      case 'card': return this.#go({ type: 'card-entered', card: output.card });
      case 'skip-card': return this.#go({ type: 'card-skipped' });
      case 'dealer': {
        if (state.step !== 'dealer') return;
        if (state.order.type === 'normal') return this.#go({ type: 'dealer-chosen', dealer: output.dealer });
        const order = { ...state.order, dealer: output.dealer, branch: output.branch };
        return this.#call((s) => client.branchData(order.sessionId, branchRequest(order), s),
          (data) => ({ type: 'branches-loaded', dealer: output.dealer, ...(output.branch ? { branch: output.branch } : {}), data }));
      }
      case 'phone': {
        if (state.step !== 'phone') return;
        const phone = { ddd: output.ddd, number: output.number };
        return this.#call((s) => client.branchData(state.order.sessionId, branchRequest(state.order, { ddd: phone.ddd }), s),
          (data) => ({ type: 'branches-loaded', phone, data }));
      }
      case 'barcode': {
        if (state.step !== 'barcode') return;
        const request = branchRequest(state.order, { barCode: output.barCode, questionId: state.question.id });
        return this.#call((s) => client.branchData(state.order.sessionId, request, s),
          (data) => ({ type: 'branches-loaded', barCode: output.barCode, data }));
      }
      case 'confirm': case 'tv-package': {
        if (state.step !== 'review' && state.step !== 'tv-package') return;
        const key = this.#keys.get(state) ?? newIdempotencyKey();
        this.#keys.set(state, key);
        const request = rechargeRequest(state.order, output.kind === 'tv-package' ? output.code : undefined);
        return this.#call((s) => client.recharge(state.order.sessionId, request, key, s), (result) => ({ type: 'recharged', result }));
      }
    }
  }

  /** A part of the widget (the card step's chunk) could not be downloaded: like the network down. */
  failToLoad(): void {
    this.#go({ type: 'failed', failure: { kind: 'network', code: 'network' } });
  }

  async #call<T>(work: (signal: AbortSignal) => Promise<T>, toEvent: (value: T) => FlowEvent): Promise<void> {
    this.notice = this.#options().messages.busy;
    const outcome = await this.task.run(work);
    this.notice = '';
    if ('stale' in outcome) return;
    this.#go(outcome.ok ? toEvent(outcome.value) : eventForError(outcome.error));
  }

  #go(event: FlowEvent): void {
    if (this.state) this.#set(transition(this.state, event));
  }

  #set(next: FlowState): void {
    if (next === this.state) return;
    const before = this.state;
    this.state = next;
    this.alert = '';
    this.#host.requestUpdate();
    emit(this.#host, 'recharge-step-change', { step: next.step });
    this.#report(next, before);
    this.#enter(next);
  }

  /** Tell the page (and the shopper) about an outcome. */
  #report(state: FlowState, before: FlowState | undefined): void {
    const m = this.#options().messages;
    if (state.step === 'failure') {
      this.#announce(m.failure[state.failure.kind]);
      const { code, kind, reason } = state.failure;
      emit(this.#host, 'recharge-error', { code, message: m.failure[kind], ...(reason ? { reason } : {}) });
    } else if ('fieldError' in state && state.fieldError && state.fieldError !== (before && 'fieldError' in before ? before.fieldError : undefined)) {
      this.#announce(m.fieldRejected);
      emit(this.#host, 'recharge-error', { code: 'invalid_request', message: m.fieldRejected, field: state.fieldError.field });
    } else if (state.step === 'result') {
      const { order, result } = state;
      emit(this.#host, 'recharge-complete', { id: order.sessionId, type: order.type, status: result.status, dealerCode: order.dealer.code, amountCents: order.amount.amountCents });
    }
  }

  /** Empties the live region first, so that the same message twice in a row is read twice. */
  #announce(message: string): void {
    this.alert = '';
    this.#host.requestUpdate();
    const state = this.state;
    void this.#host.updateComplete.then(() => {
      if (this.state !== state) return; // the shopper has moved on
      this.alert = message;
      this.#host.requestUpdate();
    });
  }

  /** What a state waits for before the shopper can act. */
  #enter(state: FlowState): void {
    const { client, presets } = this.#options();
    if (state.step === 'opening') {
      if (!this.#near) return;
      void this.#call((s) => client.createRecharge(state.type, s), (session) => ({ type: 'session-opened', session }));
    } else if (state.step === 'resuming') {
      void this.#call(async (s) => {
        const session = await client.createRecharge(state.order.type, s);
        const data = await client.branchData(session.id, branchRequest(state.order), s);
        return { session, data };
      }, ({ session, data }) => ({ type: 'resumed', session, data }));
    } else if (state.step === 'dealer' && state.order.type === 'normal' && !state.order.dealer && presets.dealer && !this.#presetDealerDone) {
      // A preset operator skips the choice, once: "back" from the phone step still shows it.
      const dealer = state.order.dealers.find((d) => d.code === presets.dealer);
      if (dealer) this.#go({ type: 'dealer-chosen', dealer });
    }
  }
}
