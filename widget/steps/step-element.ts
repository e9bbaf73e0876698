/**
 * What every step shares: it renders into the widget's shadow root (so the widget's styles, parts
 * and label ids all live in one tree), takes properties in, and sends one internal StepEvent out.
 * The event is not composed: it never leaves the widget's shadow root.
 */
import { html, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { FieldError, ShopperEvent } from '../flow-state.ts';
import type { Messages } from '../messages.ts';

/** What a step sends: what the shopper did (a flow event), or something to say. */
export type StepOutput =
  | ShopperEvent
  /** The shopper's input did not pass; the widget announces the message in its live region. */
  | { type: 'invalid'; message: string }
  /** Something to say politely (e.g. "PIN copied."). */
  | { type: 'notice'; message: string };

export class StepEvent extends Event {
  static readonly type = 'recharge-step-output';
  readonly output: StepOutput;
  constructor(output: StepOutput) {
    super(StepEvent.type, { bubbles: true, composed: false });
    this.output = output;
  }
}

export class StepElement extends LitElement {
  static override properties: PropertyDeclarations = {
    messages: { attribute: false },
    busy: { type: Boolean },
    fieldError: { attribute: false },
  };
  declare messages: Messages;
  /** A call for this step is in flight: its submit button is disabled. */
  declare busy: boolean;
  /** A field the proxy rejected (its dotted path), shown at that field. */
  declare fieldError: FieldError | undefined;

  constructor() {
    super();
    this.busy = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** While a call runs, what the shopper does again is dropped (the busy button stays focusable). */
  protected emit(output: StepOutput): void {
    if (this.busy && output.type !== 'invalid' && output.type !== 'notice') return;
    this.dispatchEvent(new StepEvent(output));
  }

  /**
   * Show the first problem, read once: focus moving to its control reads the error (the control's
   * description); only when focus is there already does the widget's alert say it.
   */
  protected reportInvalid(message: string): void {
    void this.updateComplete.then(() => {
      const invalid = this.querySelector<HTMLElement>('[aria-invalid="true"]');
      if (invalid && invalid !== (this.getRootNode() as Document | ShadowRoot).activeElement) invalid.focus();
      else this.emit({ type: 'invalid', message });
    });
  }

  focusFirstError(): boolean {
    const invalid = this.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
    return invalid !== null;
  }

  /**
   * The button that goes on. While its call runs it is aria-disabled, not disabled: a disabled
   * button loses focus to <body>, and a screen reader user would lose their place. Its label says
   * what is happening meanwhile.
   */
  protected submitButton(label: string, busyLabel = this.messages.busy): TemplateResult {
    return html`<button part="button button-primary" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? busyLabel : label}</button>`;
  }

  protected backButton(): TemplateResult {
    return html`<button part="button button-secondary" type="button" ?disabled=${this.busy} @click=${() => this.emit({ type: 'back' })}>${this.messages.back}</button>`;
  }
}

/** A label, its control, a hint and an error slot; the control must point at `${id}-hint ${id}-error`. */
export function field(id: string, label: string, control: TemplateResult, error?: string, hint?: string): TemplateResult {
  return html`<div part="field">
    <label part="label" for=${id}>${label}</label>
    ${control}
    ${hint ? html`<span part="hint" id="${id}-hint">${hint}</span>` : nothing}
    <span part="field-error" id="${id}-error">${error ?? ''}</span>
  </div>`;
}

export function describedBy(id: string, hint?: string): string {
  return hint ? `${id}-hint ${id}-error` : `${id}-error`;
}

/** Defines a step's tag once: a second copy of the module on the page reuses the first. */
export function defineStep(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
