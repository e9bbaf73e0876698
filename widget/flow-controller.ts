/**
 * Runs the flow for the element, generically: it feeds events to transition() (flow.ts), keeps the
 * state it returns, starts the call it asks for (flow-effects.ts) and feeds the outcome back. It
 * decides nothing about steps. On a new screen it has the page told (events.ts), the shopper told
 * (announcer.ts) and the screen's view prepared (the card step's chunk, step-view.ts); every new
 * state is handed to `keep` (the element keeps a pending recharge across a reload with it).
 */
import type { ReactiveController, ReactiveElement } from 'lit';
import { announcementFor, Announcer, noticeFor } from './announcer.ts';
import { ApiTask } from './api-task.ts';
import { emitScreen } from './events.ts';
import { eventForError } from './failures.ts';
import { initialState, isWaiting, newFieldError, saysBusy, transition, waitingFor } from './flow.ts';
import { runEffect } from './flow-effects.ts';
import type { Effect, FlowEvent, FlowSettings, FlowState, Next, PendingRecharge, ShopperEvent } from './flow-state.ts';
import type { Messages } from './messages.ts';
import type { ProxyClient } from './proxy-client.ts';

export interface FlowOptions {
  client: ProxyClient;
  messages: Messages;
  /** Loads what a screen's view needs; resolves false when the screen itself cannot show. */
  prepareView: (state: FlowState) => Promise<boolean>;
  /** Told every new state (to keep what must outlive the page). */
  keep: (state: FlowState) => void;
}

export class FlowController implements ReactiveController {
  readonly #host: ReactiveElement;
  readonly #options: () => FlowOptions;
  readonly task: ApiTask;
  readonly announcer: Announcer;
  state: FlowState | undefined;
  /** The state last shown as a new screen (a call starting keeps the screen), and its view being ready. */
  screen: FlowState | undefined;
  viewReady: Promise<boolean> = Promise.resolve(true);
  /** The screen shows a field the proxy rejected, new to it: the element has it read once, at the field. */
  fieldRejected = false;
  /** The call in flight shows the widget busy (a pending recharge's looks do not). */
  #busyCall = false;

  constructor(host: ReactiveElement, options: () => FlowOptions) {
    this.#host = host;
    this.#options = options;
    this.task = new ApiTask(host);
    this.announcer = new Announcer(host);
    host.addController(this);
  }

  /** The first state, or the pending recharge kept from before a reload (whose looks start at once). */
  start(settings: FlowSettings, kept?: PendingRecharge): void {
    if (this.state) return;
    const state = initialState(settings, kept);
    const effect = waitingFor(state);
    this.#apply(effect ? { state, effect } : { state });
  }

  /**
   * Moving the element in the page disconnects it, which aborts the call in flight; on its return,
   * a state that waits for a call starts it again (the shopper's own steps wait for their button).
   */
  hostConnected(): void {
    const effect = this.state && !this.task.pending ? waitingFor(this.state) : undefined;
    if (effect) void this.#run(effect);
  }

  /** Waiting for the widget to come near the viewport, or for the session to open. */
  get waiting(): boolean {
    return this.state !== undefined && isWaiting(this.state);
  }

  /** A call the shopper waits for is in flight: the step's buttons are disabled and the widget is aria-busy. */
  get busy(): boolean {
    return this.task.pending && this.#busyCall;
  }

  /** What the shopper did. A call in flight owns the flow: a second click (or Enter) while it runs does nothing. */
  send(event: ShopperEvent): void {
    if (!this.task.pending) this.#go(event);
  }

  /** What the world did: the widget came near the viewport. */
  cameNear(): void {
    this.#go({ type: 'came-near' });
  }

  #go(event: FlowEvent): void {
    if (this.state) this.#apply(transition(this.state, event));
  }

  #apply({ state: next, effect, sameScreen }: Next): void {
    const before = this.state;
    if (next !== before) {
      this.state = next;
      this.#options().keep(next);
      this.#host.requestUpdate();
      if (!sameScreen) this.#show(next, before);
    }
    if (effect) void this.#run(effect);
  }

  #show(state: FlowState, before: FlowState | undefined): void {
    const m = this.#options().messages;
    this.screen = state;
    this.announcer.clear();
    this.announcer.tell(noticeFor(state, m));
    emitScreen(this.#host, state, before, m);
    this.fieldRejected = newFieldError(state, before);
    const announcement = announcementFor(state, m);
    if (announcement) this.announcer.say(announcement);
    this.viewReady = this.#options().prepareView(state);
    void this.viewReady.then((shown) => {
      // A part of the widget (the card step's chunk) could not be downloaded: like the network down.
      if (!shown && this.state === state) this.#go({ type: 'failed', failure: { kind: 'network', code: 'network' } });
    });
  }

  async #run(effect: Effect): Promise<void> {
    const { client, messages } = this.#options();
    const busy = (this.#busyCall = saysBusy(effect));
    if (busy) this.announcer.tell(messages.busy);
    const outcome = await this.task.run((signal) => runEffect(client, effect, signal));
    // "Please wait…" ends with its call, unless a newer call (which says its own) replaced it.
    if (busy && !this.task.pending) this.announcer.tell('');
    if ('stale' in outcome) return;
    this.#go(outcome.ok ? outcome.value : eventForError(outcome.error));
  }
}
