import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { RechargeWidget } from '../../../widget/recharge-widget.ts';

// This file runs in its own page: nothing else has registered the widget here.
describe('the widget class, imported without the entry', () => {
  it('registers nothing by being imported', () => {
    expect(customElements.get('recharge-widget')).to.equal(undefined);
    expect(customElements.get('recharge-phone-step')).to.equal(undefined);
  });

  it('works under a name the page chooses, and the entry then leaves that alone', async () => {
    customElements.define('shop-recharge', RechargeWidget);
    const el = await fixture<RechargeWidget>(html`<shop-recharge lang="en"></shop-recharge>`);
    // The first step shows once the page's language has loaded (a chunk of its own).
    await waitUntil(() => el.shadowRoot!.querySelector('[part~=heading]'), 'a first step');
    expect(el.shadowRoot!.querySelector('[part~=heading]')!.textContent).to.equal('What would you like to pay?');
    await import('../../../widget/index.ts');
    const entry = await fixture(html`<recharge-widget lang="en"></recharge-widget>`);
    expect(entry).to.be.instanceOf(RechargeWidget);
    await waitUntil(() => entry.shadowRoot!.querySelector('[part~=heading]'), 'a first step');
    expect(entry.shadowRoot!.querySelector('[part~=heading]')!.textContent).to.equal('What would you like to pay?');
  });

  it('loads the entry a second time (two plugins on one page) without throwing', async () => {
    await import('../../../widget/index.ts');
    let failure: unknown;
    try {
      // A second copy under another URL is a separate module instance, as two script tags would be.
      await import(/* @vite-ignore */ `${new URL('../../../widget/index.ts', import.meta.url).href}?copy=2`);
    } catch (error) {
      failure = error;
    }
    expect(failure).to.equal(undefined);
    expect(customElements.get('recharge-widget')!.prototype).to.be.instanceOf(RechargeWidget);
  });
});
