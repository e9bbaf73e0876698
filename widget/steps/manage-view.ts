/**
 * Manage mode (`<recharge-widget manage="<token>">`, issue 10): the shopper's monthly top-up — its
 * status, operator, masked phone, amount, progress, next date and each charge with what became of
 * its top-up — and a cancel button that asks first. GET /api/schedules/:token and POST
 * /api/schedules/:token/cancel; the token is the shopper's only key, so it is sent only to the
 * proxy and never shown. Loaded on demand by the element; light DOM inside the widget's shadow
 * root, so its styles and parts apply. After a cancel, focus goes to the result's message.
 */
import { html, LitElement, nothing } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { ScheduleView } from '../../proxy/browser-api.ts';
import { formatBrl } from '../../proxy/browser-rules.ts';
import type { Messages } from '../messages.ts';
import { repeatMessages, shortDate } from './repeat-messages.ts';

type Phase =
  | { kind: 'loading' }
  | { kind: 'shown'; view: ScheduleView; asking?: boolean; cancelling?: boolean; notice?: string }
  | { kind: 'not-found' }
  | { kind: 'failed' };

export class ManageView extends LitElement {
  static override properties = {
    messages: { attribute: false },
    token: { type: String },
    api: { type: String },
    fetcher: { attribute: false },
    headingLevel: { type: Number },
    phase: { state: true },
  };
  declare messages: Messages;
  declare token: string;
  declare api: string;
  declare fetcher: typeof fetch | undefined;
  declare headingLevel: number;
  declare phase: Phase;

  constructor() {
    super();
    this.phase = { kind: 'loading' };
    this.headingLevel = 2;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  // Not connectedCallback: an element upgraded after its properties were set gets them only at its first update.
  protected override firstUpdated(): void {
    void this.#load();
  }

  #url(suffix = ''): string {
    return `${this.api.replace(/\/+$/, '')}/api/schedules/${encodeURIComponent(this.token)}${suffix}`;
  }

  async #call(method: 'GET' | 'POST', suffix = ''): Promise<{ status: number; view?: ScheduleView }> {
    const fetcher = this.fetcher ?? globalThis.fetch.bind(globalThis);
    try {
      const response = await fetcher(this.#url(suffix), { method, headers: { Accept: 'application/json' }, referrerPolicy: 'no-referrer' });
      const body: unknown = await response.json().catch(() => undefined);
      return response.ok && body ? { status: response.status, view: body as ScheduleView } : { status: response.status };
    } catch {
      return { status: 0 };
    }
  }

  async #load(): Promise<void> {
    this.phase = { kind: 'loading' };
    const { status, view } = await this.#call('GET');
    this.phase = view ? { kind: 'shown', view } : status === 404 ? { kind: 'not-found' } : { kind: 'failed' };
  }

  async #focus(selector: string): Promise<void> {
    await this.updateComplete;
    this.querySelector<HTMLElement>(selector)?.focus();
  }

  #ask = (): void => {
    if (this.phase.kind !== 'shown') return;
    this.phase = { ...this.phase, asking: true, notice: '' };
    void this.#focus('#cancel-question');
  };

  #keep = (): void => {
    if (this.phase.kind !== 'shown') return;
    this.phase = { kind: 'shown', view: this.phase.view };
    void this.#focus('#cancel-open');
  };

  #cancel = async (): Promise<void> => {
    if (this.phase.kind !== 'shown' || this.phase.cancelling) return;
    const r = repeatMessages(this.messages);
    this.phase = { ...this.phase, cancelling: true };
    const { view } = await this.#call('POST', '/cancel');
    const before = this.phase.kind === 'shown' ? this.phase.view : undefined;
    this.phase = view
      ? { kind: 'shown', view, notice: r.cancelled }
      : { kind: 'shown', view: before!, asking: true, notice: r.cancelFailed };
    void this.#focus(view ? '#manage-notice' : '#cancel-question');
  };

  override render() {
    const m = this.messages;
    const r = repeatMessages(m);
    const level = Math.min(6, Math.max(1, this.headingLevel));
    const heading = unsafeStatic(`h${level}`);
    const sub = unsafeStatic(`h${Math.min(6, level + 1)}`);
    const phase = this.phase;
    const title = staticHtml`<${heading} part="heading" tabindex="-1">${r.manageHeading}</${heading}>`;
    if (phase.kind === 'loading') return html`${title}<div data-step part="step" aria-busy="true"><p>${r.manageLoading}</p></div>`;
    if (phase.kind === 'not-found') return html`${title}<div data-step part="step"><p>${r.manageNotFound}</p></div>`;
    if (phase.kind === 'failed') {
      return html`${title}<div data-step part="step"><p>${r.manageFailed}</p>
        <div class="actions"><button part="button button-primary" type="button" @click=${() => this.#load()}>${r.tryAgain}</button></div></div>`;
    }
    const { view } = phase;
    const phone = `(${view.phone.ddd}) ${view.phone.number}`;
    const rows: Array<[string, string]> = [
      [r.statusLabel, r.status[view.status] ?? view.status],
      [r.operatorLabel, view.dealerName],
      [r.phoneLabel, phone],
      [r.amountLabel, formatBrl(view.amountCents)],
      [r.progressLabel, r.progress(view.done, view.times)],
      ...(view.nextDate && view.status === 'active' ? [[r.nextLabel, shortDate(view.nextDate)] as [string, string]] : []),
    ];
    return html`${title}<div data-step part="step" aria-busy=${phase.cancelling ? 'true' : 'false'}>
      <div class="stack">
        <dl part="summary">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>
        <section aria-labelledby="charges-heading">
          ${staticHtml`<${sub} id="charges-heading">${r.chargesHeading}</${sub}>`}
          ${view.charges.length === 0 ? html`<p>${r.noCharges}</p>` : html`<ul class="charges">
            ${view.charges.map((charge) => html`<li>${shortDate(charge.date)} — ${formatBrl(charge.amountCents)} — ${r.charge[charge.status] ?? charge.status}</li>`)}
          </ul>`}
        </section>
        ${phase.notice ? html`<p id="manage-notice" tabindex="-1">${phase.notice}</p>` : nothing}
        ${view.status === 'active' && !phase.asking ? html`<div class="actions">
          <button id="cancel-open" part="button button-secondary" type="button" @click=${this.#ask}>${r.cancel}</button>
        </div>` : nothing}
        ${view.status === 'active' && phase.asking ? html`<div role="group" aria-labelledby="cancel-question">
          <p id="cancel-question" tabindex="-1">${r.cancelQuestion}</p>
          <div class="actions">
            <button part="button button-primary" type="button" aria-disabled=${phase.cancelling ? 'true' : 'false'} @click=${this.#cancel}>${phase.cancelling ? r.cancelling : r.cancelYes}</button>
            <button part="button button-secondary" type="button" ?disabled=${phase.cancelling} @click=${this.#keep}>${r.cancelNo}</button>
          </div>
        </div>` : nothing}
      </div>
    </div>
    <p part="status" role="status">${phase.notice ?? ''}</p>`;
  }
}

if (!customElements.get('recharge-manage-view')) customElements.define('recharge-manage-view', ManageView);
