/**
 * Runs the flow for the element, generically: it feeds events to transition() (flow.ts), keeps the
 * state it returns, starts the call it asks for (flow-effects.ts) and feeds the outcome back. It
 * decides nothing about steps. On a new screen it has the page told (events.ts), the shopper told
 * (announcer.ts) and the screen's view prepared (the card step's chunk, step-view.ts).
 */
import type { ReactiveController, ReactiveElement } from 'lit';
import { announcementFor, Announcer } from './announcer.ts';
import { ApiTask } from './api-task.ts';
import { emitScreen } from './events.ts';
import { eventForError } from './failures.ts';
import { initialState, isWaiting, transition, waitingFor } from './flow.ts';
import { runEffect } from './flow-effects.ts';
import type { Effect, FlowEvent, FlowSettings, FlowState, Next, ShopperEvent } from './flow-state.ts';
import type { Messages } from './messages.ts';
import type { ProxyClient } from './proxy-client.ts';

export interface FlowOptions {
  client: ProxyClient;
  messages: Messages;
  /** Loads what a screen's view needs; resolves false when the screen itself cannot show. */
  prepareView: (state: FlowState) => Promise<boolean>;
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

  constructor(host: ReactiveElement, options: () => FlowOptions) {
    this.#host = host;
    this.#options = options;
    this.task = new ApiTask(host);
    this.announcer = new Announcer(host);
    host.addController(this);
  }

  start(settings: FlowSettings): void {
    if (!this.state) this.#apply({ state: initialState(settings) });
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
      this.#host.requestUpdate();
      if (!sameScreen) this.#show(next, before);
    }
    if (effect) void this.#run(effect);
  }

  #show(state: FlowState, before: FlowState | undefined): void {
    const m = this.#options().messages;
    this.screen = state;
    this.announcer.clear();
    emitScreen(this.#host, state, before, m);
    const announcement = announcementFor(state, before, m);
    if (announcement) this.announcer.say(announcement);
    this.viewReady = this.#options().prepareView(state);
    void this.viewReady.then((shown) => {
      // A part of the widget (the card step's chunk) could not be downloaded: like the network down.
      if (!shown && this.state === state) this.#go({ type: 'failed', failure: { kind: 'network', code: 'network' } });
    });
  }

  async #run(effect: Effect): Promise<void> {
    const { client, messages } = this.#options();
    this.announcer.tell(messages.busy);
    const outcome = await this.task.run((signal) => runEffect(client, effect, signal));
    this.announcer.tell('');
    if ('stale' in outcome) return;
    this.#go(outcome.ok ? outcome.value : eventForError(outcome.error));
  }
}
