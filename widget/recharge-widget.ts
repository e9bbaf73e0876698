/**
 * @summary `<recharge-widget>`: a shopper tops up a phone, buys a PIN or pays a bill through the
 * merchant's proxy (proxy/browser-api.ts). One script tag embeds it; see demo/index.html.
 *
 * @fires recharge-step-change - {step} whenever a new step shows.
 * @fires recharge-complete - {id, type, status, dealerCode, amountCents} when the recharge is done.
 * @fires recharge-error - {code, message, field?, reason?} when something failed or the proxy rejected a field
 *   (message: what the shopper was told; reason: the proxy's English account, for the merchant only).
 * @csspart - see styles.ts for the list of parts and `--recharge-*` custom properties.
 */
import { html, LitElement, type PropertyValues } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { RechargeType } from '../proxy/browser-api.ts';
import { isRechargeType } from '../proxy/browser-rules.ts';
import { FlowController } from './flow-controller.ts';
import type { PaymentMode } from './flow-state.ts';
import { messagesFor, resolveLang, type Messages } from './messages.ts';
import { ProxyClient } from './proxy-client.ts';
import { defineSteps, prepareStep, renderStep, stepTitle } from './step-view.ts';
import { StepEvent } from './steps/step-element.ts';
import { widgetStyles } from './styles.ts';

const PAYMENTS: readonly string[] = ['none', 'card', 'optional'];
/** How close to the viewport (above or below) the widget must come before its session opens. */
const NEAR_VIEWPORT_PX = 200;

export class RechargeWidget extends LitElement {
  static override styles = widgetStyles;

  static override properties = {
    api: { type: String },
    type: { type: String },
    lang: { type: String },
    dealer: { type: String },
    ddd: { type: String },
    amount: { type: Number },
    payment: { type: String },
    headingLevel: { type: Number, attribute: 'heading-level' },
    fetcher: { attribute: false },
  };

  readonly #flow = new FlowController(this, () => ({ client: this.#client(), messages: this.#messages, prepareView: prepareStep }));

  /** The proxy's base URL; default: the origin this script was loaded from. */
  declare api: string | undefined;
  /** Preset recharge type; absent (or unknown): the shopper chooses. */
  declare type: RechargeType | undefined;
  /** pt-BR (default), en or es. */
  declare lang: string;
  /** Preset operator code (normal), e.g. "001"; for others/invoice it is preselected. */
  declare dealer: string | undefined;
  /** Preset area code, e.g. "11". */
  declare ddd: string | undefined;
  /** Preset amount in cents, e.g. 1500. */
  declare amount: number | undefined;
  /** Card payment through Carat (normal recharges only): none (default), card or optional. */
  declare payment: PaymentMode | undefined;
  /** Level of the step headings (default 2: the host page owns its h1). */
  declare headingLevel: number;
  /** The fetch the widget uses (default: window.fetch); for tests and custom transports. */
  declare fetcher: typeof fetch | undefined;

  #interacted = false;

  constructor() {
    super();
    this.lang = 'pt-BR';
    this.headingLevel = 2;
    defineSteps();
  }

  get #messages(): Messages {
    return messagesFor(this.lang);
  }

  #client(): ProxyClient {
    return new ProxyClient(this.api || new URL(import.meta.url).origin, this.fetcher);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#flow.start({
      ...(isRechargeType(this.type) ? { type: this.type } : {}),
      payment: this.payment && PAYMENTS.includes(this.payment) ? this.payment : 'none',
      ...(this.dealer ? { dealer: this.dealer } : {}),
    });
    this.#watchForViewport();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#sighting?.disconnect();
    this.#sighting = undefined;
  }

  #sighting: IntersectionObserver | undefined;

  /**
   * A preset type opens its Carat session (a transaction at the gateway) as soon as the flow may.
   * Three widgets on a page would make three transactions per page view, most never used: so the
   * flow waits until the widget comes within a screen's reach (rootMargin), once. Without
   * IntersectionObserver (old browsers) it opens at once, as before.
   */
  #watchForViewport(): void {
    if (this.#sighting || this.#flow.state?.settings.near) return;
    if (typeof IntersectionObserver !== 'function') {
      this.#flow.cameNear();
      return;
    }
    const sighting = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      sighting.disconnect();
      if (this.#sighting === sighting) this.#sighting = undefined;
      this.#flow.cameNear();
    }, { rootMargin: `${NEAR_VIEWPORT_PX}px 0px` });
    this.#sighting = sighting;
    sighting.observe(this);
  }

  #handleStepOutput = (event: Event): void => {
    if (!(event instanceof StepEvent)) return;
    event.stopPropagation();
    this.#interacted = true;
    const output = event.output;
    if (output.type === 'invalid') this.#flow.announcer.say(output.message);
    else if (output.type === 'notice') this.#flow.announcer.tell(output.message);
    else this.#flow.send(output);
  };

  protected override firstUpdated(): void {
    this.renderRoot.addEventListener(StepEvent.type, this.#handleStepOutput);
  }

  #shownScreen: unknown;

  protected override async updated(changed: PropertyValues): Promise<void> {
    super.updated(changed);
    const state = this.#flow.screen;
    if (!state || state === this.#shownScreen) return;
    this.#shownScreen = state;
    // Focus follows the flow only once the shopper has acted: a page load must not steal focus.
    if (!this.#interacted) return;
    await this.#flow.viewReady;
    await this.updateComplete;
    const step = this.renderRoot.querySelector<HTMLElement & { focusFirstError?: () => boolean; updateComplete?: Promise<unknown> }>('[data-step] > *');
    await step?.updateComplete;
    if ('fieldError' in state && state.fieldError && step?.focusFirstError?.()) return;
    this.renderRoot.querySelector<HTMLElement>('[part~=heading]')?.focus();
  }

  override render() {
    const state = this.#flow.state;
    if (!state) return html``;
    const m = this.#messages;
    const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2));
    const tag = unsafeStatic(`h${level}`);
    const busy = this.#flow.task.pending;
    // Busy too while a session waits to open (until the widget comes near the viewport).
    return html`<div part="base" lang=${resolveLang(this.lang)} aria-busy=${busy || this.#flow.waiting ? 'true' : 'false'}>
      ${staticHtml`<${tag} part="heading" tabindex="-1">${stepTitle(state, m)}</${tag}>`}
      <div class="visually-hidden" role="alert">${this.#flow.announcer.alert}</div>
      <div data-step part="step">${renderStep(state, {
        messages: m, busy, headingLevel: level,
        presets: { ...(this.dealer ? { dealer: this.dealer } : {}), ...(this.ddd ? { ddd: this.ddd } : {}), ...(this.amount ? { amountCents: this.amount } : {}) },
      })}</div>
      <p part="status" role="status">${this.#flow.announcer.notice}</p>
    </div>`;
  }
}
