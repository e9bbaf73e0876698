/**
 * One API call at a time, with a lifecycle the element can render (after lit's Task): a new run
 * aborts the one before, and an answer that arrives after a newer run started is dropped.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type TaskStatus<T> =
  | { status: 'idle' }
  | { status: 'pending' }
  | { status: 'complete'; value: T }
  | { status: 'error'; error: unknown };

/** What run() resolves to: the value, the error, or 'stale' when a newer run replaced this one. */
export type TaskOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown } | { ok: false; stale: true };

export class ApiTask implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #state: TaskStatus<unknown> = { status: 'idle' };
  #abort: AbortController | undefined;
  #callId = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  get state(): TaskStatus<unknown> {
    return this.#state;
  }

  get pending(): boolean {
    return this.#state.status === 'pending';
  }

  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<TaskOutcome<T>> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    const callId = ++this.#callId;
    this.#set({ status: 'pending' });
    try {
      const value = await work(abort.signal);
      if (callId !== this.#callId) return { ok: false, stale: true };
      this.#set({ status: 'complete', value });
      return { ok: true, value };
    } catch (error) {
      if (callId !== this.#callId) return { ok: false, stale: true };
      this.#set({ status: 'error', error });
      return { ok: false, error };
    }
  }

  /** Forget the last outcome, e.g. when the shopper moves to another step. */
  reset(): void {
    this.#abort?.abort();
    this.#callId++;
    this.#set({ status: 'idle' });
  }

  hostDisconnected(): void {
    this.reset();
  }

  #set(state: TaskStatus<unknown>): void {
    this.#state = state;
    this.#host.requestUpdate();
  }
}
