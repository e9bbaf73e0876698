/**
 * A harness that drives <recharge-widget> the way a shopper does, so that specs read as a session:
 * `await shopper.chooseDealer('Vivo'); await shopper.enterPhone('11', '91234-5678');`.
 * Controls are found by their visible label and buttons by their text, as a person finds them.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../widget/index.ts';
import type { Step } from '../../widget/flow-state.ts';
import type { Messages } from '../../widget/messages.ts';
import { en } from '../../widget/messages/en.ts';
import type { RechargeWidget } from '../../widget/recharge-widget.ts';
import { API, FakeProxy } from './fake-proxy.ts';

/** An order grant as the merchant's page would set it (the fake proxy does not verify it). */
export const TEST_GRANT = 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJ3aWRnZXQtdGVzdCJ9.c2lnbmF0dXJl';

export interface Mount {
  type?: string;
  /** The merchant's order grant; default TEST_GRANT (no card step). `grant: undefined`: none, so the shopper pays by card. */
  grant?: string | undefined;
  lang?: string;
  dealer?: string;
  ddd?: string;
  amount?: string;
  headingLevel?: string;
}

export class Shopper {
  readonly el: RechargeWidget;
  readonly proxy: FakeProxy;
  readonly steps: Step[] = [];
  readonly events: CustomEvent[] = [];

  constructor(el: RechargeWidget, proxy: FakeProxy) {
    this.el = el;
    this.proxy = proxy;
    for (const name of ['recharge-step-change', 'recharge-complete', 'recharge-error'] as const) {
      document.addEventListener(name, (e) => { if (e.composedPath().includes(el)) this.events.push(e); });
    }
    el.addEventListener('recharge-step-change', (e) => this.steps.push(e.detail.step));
  }

  /** Puts a widget on the page, wired to a fresh fake proxy, and waits for its first step. */
  static async visit(attrs: Mount = {}, proxy = new FakeProxy()): Promise<Shopper> {
    const el = document.createElement('recharge-widget');
    el.setAttribute('api', API);
    for (const [name, value] of Object.entries('grant' in attrs ? attrs : { grant: TEST_GRANT, ...attrs })) {
      if (value !== undefined) el.setAttribute(name === 'headingLevel' ? 'heading-level' : name, value);
    }
    el.fetcher = proxy.fetch;
    const shopper = new Shopper(el, proxy);
    await fixture(html`<main><h1>Shop</h1>${el}</main>`);
    // The shopper looks at the widget (an earlier one in the same test may fill the screen): a
    // widget with a preset type opens its session only when it comes near the viewport.
    el.scrollIntoView();
    await shopper.settle();
    return shopper;
  }

  get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }

  get step(): Step | undefined {
    return this.steps[this.steps.length - 1];
  }

  heading(): HTMLElement {
    return this.root.querySelector<HTMLElement>('[part~=heading]')!;
  }

  /** The assertive live region's text. */
  alert(): string {
    return this.root.querySelector('[role=alert]')!.textContent!.trim();
  }

  text(): string {
    return (this.root.querySelector('[data-step]') as HTMLElement).innerText;
  }

  /** Waits until no call is in flight and the step on screen has rendered. */
  async settle(): Promise<void> {
    // The flow starts once the page's language has loaded (a chunk of its own): a first step shows.
    await waitUntil(() => this.root?.querySelector('[data-step]'), 'the widget never showed a step');
    await this.el.updateComplete; // now the DOM shows whether a call started
    await waitUntil(() => this.root.querySelector('[aria-busy=true]') === null, 'the widget stays busy');
    await this.el.updateComplete;
    const step = this.root.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>('[data-step] > *');
    // The card and result steps are chunks of their own: wait until the step's element is defined.
    if (step?.localName.includes('-')) await customElements.whenDefined(step.localName);
    await step?.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await this.el.updateComplete;
  }

  async reach(step: Step): Promise<void> {
    // waitUntil's default 1 s is the pending screen's own wait between looks: on a loaded machine, too short.
    await waitUntil(() => this.step === step, `never reached ${step}; steps: ${this.steps.join(' → ')}`, { timeout: 5000 });
    await this.settle();
  }

  field(label: string): HTMLInputElement | HTMLSelectElement {
    const labels = [...this.root.querySelectorAll('label')].filter((l) => l.textContent!.trim() === label);
    expect(labels, `one label "${label}"`).to.have.length(1);
    const control = labels[0]!.control;
    expect(control, `a control for "${label}"`).to.exist;
    return control as HTMLInputElement | HTMLSelectElement;
  }

  button(name: string): HTMLButtonElement {
    const found = [...this.root.querySelectorAll('button')].filter((b) => b.textContent!.trim() === name);
    expect(found, `one button "${name}" among: ${[...this.root.querySelectorAll('button')].map((b) => b.textContent!.trim()).join(' | ')}`).to.have.length(1);
    return found[0]!;
  }

  errorAt(label: string): string {
    const control = this.field(label);
    const ids = (control.getAttribute('aria-describedby') ?? '').split(' ');
    return ids.map((id) => this.root.getElementById(id)).filter((n) => n?.matches('[part~=field-error]')).map((n) => n!.textContent!.trim()).join(' ');
  }

  async type(label: string, value: string): Promise<void> {
    const input = this.field(label) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
    await this.el.updateComplete;
  }

  async select(label: string, optionText: string): Promise<void> {
    const select = this.field(label) as HTMLSelectElement;
    const option = [...select.options].find((o) => o.text === optionText);
    expect(option, `option "${optionText}" in ${label}`).to.exist;
    select.value = option!.value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await this.settle();
  }

  async choose(optionLabel: string): Promise<void> {
    const radio = [...this.root.querySelectorAll<HTMLInputElement>('input[type=radio]')].find((r) => r.closest('label')!.textContent!.trim().startsWith(optionLabel));
    expect(radio, `a choice "${optionLabel}"`).to.exist;
    radio!.click();
    await this.el.updateComplete;
  }

  async check(label: string): Promise<void> {
    const box = this.field(label) as HTMLInputElement;
    box.click();
    await this.el.updateComplete;
  }

  async click(name: string): Promise<void> {
    this.button(name).click();
    await this.settle();
  }

  // ---- a shopper's moves, in the widget's English --------------------------------------------

  /** The radio group (a fieldset) whose legend reads `label`, e.g. the operators' chips. */
  group(label: string): HTMLFieldSetElement {
    const found = [...this.root.querySelectorAll('fieldset')].filter((f) => f.querySelector('legend')?.textContent!.trim() === label);
    expect(found, `one group "${label}"`).to.have.length(1);
    return found[0]!;
  }

  /** The chip (a radio in its label) named exactly `name` in the group `label`. */
  chip(label: string, name: string): HTMLInputElement {
    const radio = [...this.group(label).querySelectorAll<HTMLInputElement>('input[type=radio]')].find((r) => r.closest('label')!.textContent!.trim() === name);
    expect(radio, `a chip "${name}" in ${label}`).to.exist;
    return radio!;
  }

  /** Ticks a dealer's chip (the operator, provider or company). */
  async pickDealer(name: string, label = 'Operator'): Promise<void> {
    this.chip(label, name).click();
    await this.settle();
  }

  async chooseDealer(name: string, product?: string, label = 'Operator', m: Messages = en): Promise<void> {
    await this.pickDealer(name, label);
    if (product) await this.select(label === m.dealerLabel.others ? m.branchLabel.others : m.branchLabel.invoice, product);
    await this.click(m.continue);
  }

  async enterPhone(ddd: string, number: string): Promise<void> {
    await this.type('Phone number', `(${ddd}) ${number}`);
    await this.click('Continue');
  }

  /** The whole number as a shopper writes or pastes it, e.g. "(11) 98765-4321", in the language m. */
  async enterPhoneIn(m: Messages, full: string): Promise<void> {
    await this.type(m.phoneLabel, full);
    await this.click(m.continue);
  }

  async chooseAmount(text: string, m: Messages = en): Promise<void> {
    await this.choose(text);
    await this.click(m.continue);
  }

  /** The usual phone top-up from the phone step to the review: (11) 91234-5678, R$ 15,00. */
  async topUpToReview(): Promise<void> {
    await this.reach('phone');
    await this.enterPhone('11', '91234-5678');
    await this.reach('amount');
    await this.chooseAmount('R$ 15,00');
    await this.reach('review');
  }

  /**
   * A top-up whose operator, area code and amount the page preset (dealer="001" ddd="11"
   * amount="1500"), in the widget's language m: the number, then the preset amount, to the review.
   */
  async topUpPresetToReview(m: Messages): Promise<void> {
    await this.reach('phone');
    await this.type(m.phoneLabel, '(11) 91234-5678');
    await this.click(m.continue);
    await this.reach('amount');
    await this.click(m.continue);
    await this.reach('review');
  }

  /** The same, paid by card (a widget without a grant): the number, the preset amount, the test card, to the review. */
  async topUpPresetByCardToReview(m: Messages): Promise<void> {
    await this.reach('phone');
    await this.type(m.phoneLabel, '(11) 91234-5678');
    await this.click(m.continue);
    await this.reach('amount');
    await this.click(m.continue);
    await this.reach('card');
    await this.enterCard(TEST_CARD, m);
    await this.reach('review');
  }

  /** A PIN product (type="others") up to its question: Game Store's "Game card R$ 20", R$ 20,00. */
  async pinToQuestions(): Promise<void> {
    await this.chooseDealer('Game Store', 'Game card R$ 20', 'Provider');
    await this.reach('amount');
    await this.chooseAmount('R$ 20,00');
    await this.reach('questions');
  }

  /** The PIN product's question answered, to the review. */
  async pinToReview(): Promise<void> {
    await this.pinToQuestions();
    await this.check('Yes, I confirm');
    await this.click('Continue');
    await this.reach('review');
  }

  /** Buys the PIN product, to the result. */
  async buyPin(): Promise<void> {
    await this.pinToReview();
    await this.click('Buy');
    await this.reach('result');
  }

  /** A bill (type="invoice"): City Power's electricity bill, to its bar code. */
  async billToBarcode(): Promise<void> {
    await this.chooseDealer('City Power', 'Electricity bill', 'Company');
    await this.reach('barcode');
  }

  async enterCard(card: { number: string; expiry: string; securityCode: string; holder: string }, m: Messages = en): Promise<void> {
    await this.type(m.cardNumberLabel, card.number);
    await this.type(m.expiryLabel, card.expiry);
    await this.type(m.securityCodeLabel, card.securityCode);
    await this.type(m.holderLabel, card.holder);
    await this.click(m.continue);
  }
}

export const TEST_CARD = { number: '4111 1111 1111 1111', expiry: '12/30', securityCode: '123', holder: 'Maria Silva' };
