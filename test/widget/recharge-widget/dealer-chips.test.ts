import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { Shopper } from '../shopper.ts';

/** A one-pixel logo, so that the test needs no file. */
const LOGO = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';

describe('<recharge-widget>: operators as chips', () => {
  it('shows each operator as a chip of one radio group, two by two, part "dealer dealer-<code>"', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    await shopper.reach('dealer');
    expect(shopper.root.querySelector('select'), 'no native select').to.equal(null);
    const chips = [...shopper.root.querySelectorAll<HTMLElement>('[part~=dealer]')];
    expect(chips.map((c) => [c.textContent!.trim(), c.getAttribute('part')])).to.deep.equal([
      ['Vivo', 'option chip dealer dealer-001'], ['Claro', 'option chip dealer dealer-002'], ['TV Max', 'option chip dealer dealer-005'],
    ]);
    const [vivo, claro] = chips.map((c) => c.getBoundingClientRect());
    expect(claro!.top, 'Vivo and Claro share a row').to.equal(vivo!.top);
    expect(shopper.chip('Operator', 'Claro').checked).to.equal(false);
  });

  it('shows the logo the merchant sets for an operator by its part', async () => {
    await fixture(html`<style>.logos::part(dealer-002) { background-image: url("${LOGO}"); }</style>`);
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    shopper.el.classList.add('logos');
    await shopper.reach('dealer');
    const image = (name: string) => getComputedStyle(shopper.chip('Operator', name).closest('label')!).backgroundImage;
    expect(image('Claro')).to.contain(LOGO);
    expect(image('Vivo')).to.equal('none');
  });

  it('says at the chips that none is chosen, and clears it when one is', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    await shopper.reach('dealer');
    await shopper.click('Continue');
    const group = shopper.group('Operator');
    const error = shopper.root.getElementById(group.getAttribute('aria-describedby')!)!;
    expect(error.textContent).to.equal('Choose an operator.');
    await waitUntil(() => shopper.root.activeElement === shopper.chip('Operator', 'Vivo'), 'focus on the first chip, which reads the group\'s error');
    expect(shopper.chip('Operator', 'Vivo').getAttribute('aria-invalid')).to.equal('true');
    expect(shopper.alert(), 'read once').to.equal('');
    await shopper.pickDealer('Claro');
    expect(error.textContent).to.equal('');
    expect(shopper.chip('Operator', 'Vivo').getAttribute('aria-invalid')).to.equal('false');
    await shopper.click('Continue');
    await shopper.reach('phone');
    await shopper.enterPhone('11', '91234-5678');
    await shopper.reach('amount');
    expect(shopper.proxy.of('branches')[0]!.body).to.include({ dealerCode: '002' });
  });

  it('chooses the only provider for the shopper', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'others' });
    await shopper.reach('dealer');
    expect(shopper.chip('Provider', 'Game Store').checked).to.equal(true);
    expect(shopper.field('Product')).to.exist;
  });
});
