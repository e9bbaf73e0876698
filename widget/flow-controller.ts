/**
 * Runs the flow for the element, generically: it feeds events to transition() (flow.ts), keeps the
 * state it returns, starts the call it asks for (flow-effects.ts) and feeds the outcome back. It
 * decides nothing about steps. On a new screen it has the page told (events.ts), the shopper told
 * (announcer.ts) and the screen's view prepared (the card step's chunk, step-view.ts); every new
 * state is handed to `keep` (the element keeps a pending recharge across a reload with it).
 *
 * The first screen shows at once (flow-screen.ts); the machinery (transitions, calls: flow-machine.ts)
 * is a chunk that starts loading then, and what the shopper or the page does meanwhile waits for it,
 * in order.
 */
import type { ReactiveController, ReactiveElement } from 'lit';
import { announcementFor, Announcer, noticeFor } from './announcer.ts';
import { ApiTask } from './api-task.ts';
import { emitScreen } from './events.ts';
import type * as FlowMachine from './flow-machine.ts';
import { initialState, isWaiting, newFieldError, saysBusy } from './flow-screen.ts';
import type { Effect, FlowEvent, FlowSettings, FlowState, Next, PendingRecharge, ShopperEvent } from './flow-state.ts';
import type { Messages } from './messages.ts';

type Machine = typeof FlowMachine;

let machineLoading: Promise<Machine> | undefined;
/**
 * One download for every widget on the page; a failed one is tried again at the next need. The
 * element calls it as it connects, so that it comes alongside the language, not after it.
 */
export function loadMachine(): Promise<Machine> {
  machineLoading ??= import('./flow-machine.ts').catch((error: unknown) => {
    machineLoading = undefined;
    throw error;
  });
  return machineLoading;
}

export interface FlowOptions {
  /** The proxy's base URL, and the fetch to call it with (default: window.fetch). */
  api: string;
  fetcher: typeof fetch | undefined;
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
  /** Once loaded: flow-machine.ts. */
  #machine: Machine | undefined;
  /** Events that came before the machine, fed to it in order once it is there. */
  #queue: Promise<unknown> = Promise.resolve();

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
    this.#apply({ state });
    this.#withMachine((machine) => {
      const effect = this.state === state ? machine.waitingFor(state) : undefined;
      if (effect) void this.#run(effect);
    });
  }

  /** Runs now when the machine is there; else once it is, after what waited before. */
  #withMachine(work: (machine: Machine) => void): void {
    if (this.#machine) return work(this.#machine);
    this.#queue = this.#queue.then(loadMachine).then((machine) => {
      this.#machine = machine;
      work(machine);
    }, () => {
      // The chunk could not be downloaded: like the proxy being unreachable (it serves the chunk).
      this.#showUnreachable();
    });
  }

  #showUnreachable(): void {
    if (!this.state || this.state.step === 'failure') return;
    this.#apply({ state: { step: 'failure', settings: this.state.settings, failure: { kind: 'network', code: 'proxy_unreachable' }, back: this.state } });
  }

  /**
   * Moving the element in the page disconnects it, which aborts the call in flight; on its return,
   * a state that waits for a call starts it again (the shopper's own steps wait for their button).
   */
  hostConnected(): void {
    const effect = this.state && !this.task.pending ? this.#machine?.waitingFor(this.state) : undefined;
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
    this.#withMachine((machine) => {
      if (this.state) this.#apply(machine.transition(this.state, event));
    });
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
      this.#host.requestUpdate(); // a lazy step's chunk is there: render it with what it brought
      // A part of the widget (the card step's chunk) could not be downloaded: like the network down.
      if (!shown && this.state === state) this.#go({ type: 'failed', failure: { kind: 'network', code: 'proxy_unreachable' } });
    });
  }

  async #run(effect: Effect): Promise<void> {
    const { api, fetcher, messages } = this.#options();
    const machine = this.#machine!; // effects come from its transitions
    const client = new machine.ProxyClient(api, fetcher);
    const busy = (this.#busyCall = saysBusy(effect));
    if (busy) this.announcer.tell(messages.busy);
    const outcome = await this.task.run((signal) => machine.runEffect(client, effect, signal));
    // "Please wait…" ends with its call, unless a newer call (which says its own) replaced it.
    if (busy && !this.task.pending) this.announcer.tell('');
    if ('stale' in outcome) return;
    this.#go(outcome.ok ? outcome.value : machine.eventForError(outcome.error));
  }
}
