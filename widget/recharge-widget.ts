/**
 * The `<recharge-widget>` element class; widget/index.ts registers it. Its public contract (events,
 * parts, custom properties) is documented on the class, for readers and the Custom Elements Manifest.
 */
import { adoptStyles, html, LitElement, type PropertyValues } from 'lit';
import type { RechargeType } from '../proxy/browser-api.ts';
import { isRechargeType } from '../proxy/recharge-types.ts';
import { noticeFor } from './announcer.ts';
import { FlowController, loadMachine } from './flow-controller.ts';
import { pendingOf } from './flow-screen.ts';
import { HeightKeeper } from './height-keeper.ts';
import type { FlowState } from './flow-state.ts';
import { loadMessages, messagesFor, resolveLang, type Messages } from './messages.ts';
import { keepPending, pendingKey, readPending } from './pending-store.ts';
import { stepHeading } from './step-heading.ts';
import { defineSteps, laterStyles, manageView, prefetchSteps, prepareStep, renderStep, stepTitle } from './step-view.ts';
import { StepEvent } from './steps/step-element.ts';
import { widgetStyles } from './styles.ts';

/** How close to the viewport (above or below) the widget must come before its session opens. */
const NEAR_VIEWPORT_PX = 200;

/**
 * A shopper tops up a phone, buys a PIN product or pays a bill through the merchant's proxy
 * (proxy/browser-api.ts). One script tag embeds it; see demo/index.html.
 *
 * @summary Mobile top-ups, PINs and bill payments through Carat Portal (e-SiTef), in pt-BR, en or es.
 *
 * @fires {CustomEvent<StepChangeDetail>} recharge-step-change - `{step}` whenever a new step shows.
 * @fires {CustomEvent<CompleteDetail>} recharge-complete - `{id, type, status, dealerCode, amountCents, schedule?}` when the recharge is done or a monthly top-up is set up (`schedule` without its token).
 * @fires {CustomEvent<ErrorDetail>} recharge-error - `{code, message, field?, reason?}` when something failed or the proxy
 *   rejected a field (`message`: what the shopper was told; `reason`: the proxy's English account, for the merchant only;
 *   `code` "proxy_unreachable": no answer at all, the proxy down, a wrong `api` or a CORS refusal).
 *
 * @csspart base - the widget's outer box
 * @csspart heading - each step's heading
 * @csspart step - the box around the current step's content
 * @csspart field - a label with its control, hint and error
 * @csspart label - a control's visible label
 * @csspart input - text inputs and selects
 * @csspart hint - the help text under a control
 * @csspart gateway-text - Carat's own words, shown as secondary text under ours (also has `hint`)
 * @csspart field-error - the error text of a control
 * @csspart option - a choice among amounts, dealers, types or TV packages
 * @csspart chip - an amount's or a dealer's chip in the two-column grid (also has `option`)
 * @csspart dealer - an operator's (provider's, company's) chip (also has `option` and `chip`)
 * @csspart dealer-<code> - one dealer's chip, by its Carat code (e.g. `dealer-001`): set its logo with
 *   `recharge-widget::part(dealer-001) { background-image: url(vivo.svg) }` (shown on the chip's right, 1.5rem high)
 * @csspart bonus - an amount's bonus and validity
 * @csspart card-brand - the detected card brand
 * @csspart button - every button
 * @csspart button-primary - the button that goes on (also has `button`)
 * @csspart button-secondary - every other button (also has `button`)
 * @csspart summary - the review's list of what will be paid
 * @csspart receipt - the printed customer receipt
 * @csspart pin - a PIN product's PIN
 * @csspart pin-box - the marked box around the PIN and its "shown only once" warning
 * @csspart receipt-details - the collapsed receipt ("Ver comprovante") on the success screen
 * @csspart status - the polite live region, visible ("Please wait…", "PIN copied.", "We're confirming with the operator. Don't pay again.")
 *
 * @cssproperty [--recharge-font-family=inherit] - text font (inherited from the page)
 * @cssproperty [--recharge-font-size=1rem] - base size
 * @cssproperty [--recharge-color-text=#1f2328] - text
 * @cssproperty [--recharge-color-muted=#57606a] - hints and secondary text
 * @cssproperty [--recharge-color-background=#ffffff] - the widget's background
 * @cssproperty [--recharge-color-surface=#f6f8fa] - options, review and receipt boxes
 * @cssproperty [--recharge-color-border=#8c959f] - borders of fields and boxes
 * @cssproperty [--recharge-color-primary=#0a58ca] - primary buttons and the chosen option
 * @cssproperty [--recharge-color-on-primary=#ffffff] - text on the primary color
 * @cssproperty [--recharge-color-error=#b3261e] - error text and borders
 * @cssproperty [--recharge-color-focus=#0a58ca] - the focus ring
 * @cssproperty [--recharge-radius=0.5rem] - corner radius
 * @cssproperty [--recharge-spacing=1rem] - the base gap
 * @cssproperty [--recharge-max-width=32rem] - the widget's maximum width
 * @cssproperty [--recharge-min-height=20rem] - the height the widget keeps from its first paint through every step
 *   (reserve the same on the page with `recharge-widget:not(:defined) { display: block; min-height: 20rem }`)
 */
export class RechargeWidget extends LitElement {
  static override styles = widgetStyles;

  static override properties = {
    api: { type: String },
    type: { type: String },
    lang: { type: String },
    dealer: { type: String },
    ddd: { type: String },
    amount: { type: Number },
    grant: { type: String },
    headingLevel: { type: Number, attribute: 'heading-level' },
    manage: { type: String },
    fetcher: { attribute: false },
  };

  readonly #flow = new FlowController(this, () => ({
    api: this.#api, fetcher: this.fetcher, messages: this.#messages, prepareView: prepareStep, keep: (state: FlowState) => this.#keep(state),
  }));

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
  /**
   * The merchant's order grant (a JWT its server mints when its checkout already took the money):
   * no card step. Without it the shopper pays by card.
   */
  declare grant: string | undefined;
  /**
   * Manage mode: a monthly top-up's token (its manage link, /schedules/<token>, hosts the widget
   * so): the widget shows that schedule and lets the shopper cancel it (steps/manage-view.ts).
   */
  declare manage: string | undefined;
  /** Level of the step headings (default 2: the host page owns its h1). */
  declare headingLevel: number;
  /** The fetch the widget uses (default: window.fetch); for tests and custom transports. */
  declare fetcher: typeof fetch | undefined;

  #interacted = false;

  /** Keeps the page around the widget from shifting between steps (height-keeper.ts). */
  readonly #height = new HeightKeeper(this, () => this.renderRoot?.querySelector<HTMLElement>('[part~=base]') ?? null, () => this.#flow.screen);

  constructor() {
    super();
    this.lang = 'pt-BR';
    this.headingLevel = 2;
    defineSteps();
  }

  /** The texts on screen: the page language's; while another `lang` loads, the ones before. */
  #shownMessages: Messages | undefined;

  /** Read only once the flow started, which waits for the first language to load. */
  get #messages(): Messages {
    this.#shownMessages = messagesFor(this.lang) ?? this.#shownMessages;
    return this.#shownMessages!;
  }

  get #api(): string {
    return this.api || new URL(import.meta.url).origin;
  }

  /** Where this widget keeps a pending recharge across a reload (pending-store.ts). */
  #pendingKey?: string;

  /** A pending recharge is kept until it is settled; the key is fixed when the flow starts. */
  #keep(state: FlowState): void {
    if (this.#pendingKey) keepPending(this.#pendingKey, pendingOf(state));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.manage) {
      // Manage mode opens no recharge session; its view is a chunk of its own, shown with the page's language.
      void Promise.all([manageView(), loadMessages(this.lang)]).then(() => this.requestUpdate(), () => undefined);
      return;
    }
    if (this.#flow.state) this.#watchForViewport();
    else {
      // The first step shows in the page's language, a chunk of its own (messages.ts). The type step
      // needs nothing else: the rest comes once it shows. A preset type opens its session at once,
      // which takes the flow's machinery, and then shows the operator step: both come alongside.
      // Without its words (the chunk could not be downloaded: the proxy that serves it is down) the
      // widget keeps its reserved space empty; the next connection tries again.
      loadMessages(this.lang).then(() => this.#startFlow(), () => undefined);
      if (isRechargeType(this.type)) {
        loadMachine().catch(() => undefined); // a failure shows when the flow needs it
        prefetchSteps();
      }
    }
  }

  #startFlow(): void {
    if (this.#flow.state || !this.isConnected) return;
    this.#pendingKey = pendingKey(this.#api, this.id || this.type || '');
    this.#flow.start({
      ...(isRechargeType(this.type) ? { type: this.type } : {}),
      ...(this.grant ? { grant: this.grant } : {}),
      ...(this.dealer ? { dealer: this.dealer } : {}),
    }, readPending(this.#pendingKey));
    this.#watchForViewport();
  }

  /** Whether the later steps' look (a chunk, step-view.ts) is adopted next to the first screen's. */
  #laterStylesAdopted = false;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Before the render that shows a later step: its chunk came with the look, so nothing shows unstyled.
    const later = laterStyles();
    if (later && !this.#laterStylesAdopted && this.shadowRoot) {
      adoptStyles(this.shadowRoot, [widgetStyles, later]);
      this.#laterStylesAdopted = true;
    }
    if (changed.has('lang') && !messagesFor(this.lang)) void loadMessages(this.lang).then(() => this.requestUpdate(), () => undefined);
  }

  /**
   * Complete once shown: in its `lang` (a language being loaded, a new `lang`, is waited for) and with
   * the step's chunk (step-view.ts: a later step renders once its chunk is there), and their render.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    if (!messagesFor(this.lang) && this.#flow.state) await loadMessages(this.lang).catch(() => undefined);
    await this.#flow.viewReady;
    return super.getUpdateComplete();
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
    else {
      this.#flow.send(output);
      this.#height.acted(this.#flow.busy || this.#flow.waiting);
    }
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
    const rejected = this.#flow.fieldRejected;
    const sayRejected = () => this.#flow.announcer.say(this.#messages.fieldRejected);
    // Focus follows the flow only once the shopper has acted: a page load must not steal focus.
    if (!this.#interacted) {
      if (rejected) sayRejected();
      return;
    }
    await this.#flow.viewReady;
    await this.updateComplete;
    const step = this.renderRoot.querySelector<HTMLElement & { focusFirstError?: () => boolean; updateComplete?: Promise<unknown> }>('[data-step] > *');
    await step?.updateComplete;
    if ('fieldError' in state && state.fieldError) {
      // A rejected field is read once: by focus moving to it (its description holds the error), else by the alert.
      const root = this.renderRoot as ShadowRoot;
      const focused = root.activeElement;
      if (step?.focusFirstError?.()) {
        if (rejected && root.activeElement === focused) sayRejected();
        return;
      }
      if (rejected) sayRejected();
    }
    this.renderRoot.querySelector<HTMLElement>('[part~=heading]')?.focus();
  }

  override render() {
    if (this.manage) {
      if (!messagesFor(this.lang) && !this.#shownMessages) return html``;
      const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2));
      return html`<div part="base" lang=${resolveLang(this.lang)}><recharge-manage-view .messages=${this.#messages} .token=${this.manage}
        .api=${this.#api} .fetcher=${this.fetcher} .headingLevel=${level}></recharge-manage-view></div>`;
    }
    const state = this.#flow.state;
    if (!state) return html``;
    const m = this.#messages;
    const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2));
    const busy = this.#flow.busy;
    // Busy too while a session waits to open (until the widget comes near the viewport).
    // aria-busy on the step only: the polite status region ("Aguarde…") must not sit inside it.
    return html`<div part="base" lang=${resolveLang(this.lang)}>
      ${stepHeading(level, stepTitle(state, m))}
      <div class="visually-hidden" role="alert">${this.#flow.announcer.alert}</div>
      <div data-step part="step" aria-busy=${busy || this.#flow.waiting ? 'true' : 'false'}>${renderStep(state, {
        messages: m, busy, headingLevel: level,
        presets: { ...(this.dealer ? { dealer: this.dealer } : {}), ...(this.ddd ? { ddd: this.ddd } : {}), ...(this.amount ? { amountCents: this.amount } : {}) },
      })}</div>
      <p part="status" role="status">${noticeFor(state, m) || this.#flow.announcer.notice}</p>
    </div>`;
  }
}
