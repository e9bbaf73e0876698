import { expect, fixture, html } from '@open-wc/testing';
import { Shopper } from '../shopper.ts';

describe('<recharge-widget>: theming', () => {
  it('has readable defaults when the page sets nothing', async () => {
    const shopper = await Shopper.visit({ lang: 'en' });
    const primary = getComputedStyle(shopper.button('Continue'));
    expect(primary.backgroundColor).to.equal('rgb(10, 88, 202)');
    expect(primary.color).to.equal('rgb(255, 255, 255)');
  });

  it('takes --recharge-* custom properties and ::part() rules from the page', async () => {
    await fixture(html`<style>
      .branded { --recharge-color-primary: rgb(138, 59, 0); --recharge-radius: 0px; }
      .branded::part(heading) { color: rgb(0, 128, 0); }
      .branded::part(button-primary) { text-transform: uppercase; }
    </style>`);
    const shopper = await Shopper.visit({ lang: 'en' });
    shopper.el.classList.add('branded');
    await shopper.el.updateComplete;
    const button = getComputedStyle(shopper.button('Continue'));
    expect(button.backgroundColor).to.equal('rgb(138, 59, 0)');
    expect(button.textTransform).to.equal('uppercase');
    expect(getComputedStyle(shopper.heading()).color).to.equal('rgb(0, 128, 0)');
    expect(getComputedStyle(shopper.root.querySelector('[part~=base]')!).borderTopLeftRadius).to.equal('0px');
  });
});
