/**
 * The widget's height between steps, so that the page around it does not shift (issue 13, CLS).
 * Right after the shopper's input a change of height is theirs: browsers count no layout shift
 * then (hadRecentInput). So, at the shopper's move, the widget either takes the new step's own
 * height (nothing to wait for) or, while the call it started runs, reaches at least the bottom of
 * the screen: the step that comes may then be taller without moving anything the shopper sees. A
 * step that comes by itself (an answer, a look at a pending recharge) never makes it shorter.
 */
import type { ReactiveController, ReactiveElement } from 'lit';

export class HeightKeeper implements ReactiveController {
  readonly #host: ReactiveElement;
  /** The box whose height is kept: its min-height reads --_held-height (styles.ts). */
  readonly #box: () => HTMLElement | null;
  /** The screen on show; a new one is a step that came. */
  readonly #screen: () => unknown;
  #heldPx = 0;
  /** The shopper has just acted: the next screen is theirs. */
  #acted = false;
  #shownScreen: unknown;

  constructor(host: ReactiveElement, box: () => HTMLElement | null, screen: () => unknown) {
    this.#host = host;
    this.#box = box;
    this.#screen = screen;
    host.addController(this);
  }

  /** The shopper moved; `waiting`: a call they started now runs. */
  acted(waiting: boolean): void {
    const box = this.#box()?.getBoundingClientRect();
    this.#heldPx = waiting && box ? Math.ceil(Math.max(box.height, innerHeight - box.top)) : 0;
    this.#acted = true;
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    const screen = this.#screen();
    if (screen !== this.#shownScreen && !this.#acted) {
      this.#heldPx = Math.max(this.#heldPx, Math.ceil(this.#box()?.getBoundingClientRect().height ?? 0));
    }
    this.#shownScreen = screen;
    this.#acted = false;
  }

  hostUpdated(): void {
    // Through the CSSOM, not a style attribute: a page's Content-Security-Policy may forbid those.
    this.#box()?.style.setProperty('--_held-height', `${this.#heldPx}px`);
  }
}
