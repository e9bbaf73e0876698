import { expect } from '@open-wc/testing';
import { BARCODE } from '../catalogue.ts';
import { Shopper, TEST_CARD } from '../shopper.ts';

/** axe-core on the widget as it stands, step by step. */
async function accessible(shopper: Shopper): Promise<void> {
  await expect(shopper.el).to.be.accessible();
  // Finding a control by its label must be unambiguous: no label contains another one.
  const labels = [...shopper.root.querySelectorAll('label[for], legend')].map((l) => l.textContent!.trim().toLowerCase());
  for (const a of labels) for (const b of labels) if (a !== b) expect(a.includes(b), `"${a}" contains "${b}"`).to.equal(false);
}

describe('<recharge-widget>: accessibility at every step', () => {
  it('has no axe violation on a card top-up, from the type to the receipt, with errors shown', async () => {
    const shopper = await Shopper.visit({ lang: 'en', grant: undefined });
    await accessible(shopper); // type
    await shopper.click('Continue');
    await shopper.reach('dealer');
    await shopper.click('Continue'); // nothing chosen: an error at the field
    await accessible(shopper);
    await shopper.chooseDealer('Vivo');
    await shopper.reach('phone');
    await accessible(shopper);
    await shopper.enterPhone('2', '1');
    await accessible(shopper);
    await shopper.enterPhone('11', '91234-5678');
    await shopper.reach('amount');
    await accessible(shopper);
    await shopper.click('Continue');
    await accessible(shopper);
    await shopper.chooseAmount('R$ 15,00');
    await shopper.reach('card');
    await accessible(shopper);
    await shopper.enterCard({ number: '1', expiry: '1', securityCode: '', holder: '' });
    await accessible(shopper);
    await shopper.enterCard(TEST_CARD);
    await shopper.reach('review');
    await accessible(shopper);
    await shopper.click('Pay R$ 15,00 and top up');
    await shopper.reach('result');
    await accessible(shopper);
  });

  it('has no axe violation on a PIN product, a bill, a TV package and a failure', async () => {
    const pin = await Shopper.visit({ lang: 'en', type: 'others' });
    await pin.pinToQuestions();
    await accessible(pin);
    await pin.click('Continue'); // not ticked: an error at the box
    await accessible(pin);
    await pin.check('Yes, I confirm');
    await pin.click('Continue');
    await pin.reach('review');
    await pin.click('Buy');
    await pin.reach('result');
    await accessible(pin);

    const bill = await Shopper.visit({ lang: 'en', type: 'invoice' });
    await bill.billToBarcode();
    await accessible(bill);
    await bill.type('Bar code', BARCODE);
    await bill.click('Continue');
    await bill.reach('review');
    await accessible(bill);

    const tv = await Shopper.visit({ lang: 'en', type: 'normal', dealer: '005' });
    await tv.reach('phone');
    await tv.enterPhone('11', '91234-5678');
    await tv.reach('amount');
    await tv.chooseAmount('R$ 15,00');
    await tv.reach('review');
    tv.proxy.next('recharge', { status: 200, body: { status: 'AGU', receipt: { customer: '', merchant: '' }, tvPackageCodes: ['A', 'B'] } });
    await tv.click('Top up');
    await tv.reach('tv-package');
    await accessible(tv);
    tv.proxy.next('recharge', 'network');
    await tv.choose('A');
    await tv.click('Continue');
    await tv.reach('failure');
    await accessible(tv);
  });

  it('starts its headings at level 2, or at the level the page asks for', async () => {
    const two = await Shopper.visit({ lang: 'en' });
    expect(two.heading().tagName).to.equal('H2');
    const four = await Shopper.visit({ lang: 'en', headingLevel: '4' });
    expect(four.heading().tagName).to.equal('H4');
  });

  it('puts the receipt under a heading one level below the step heading', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal', dealer: '001', headingLevel: '3' });
    await shopper.topUpToReview();
    await shopper.click('Top up');
    await shopper.reach('result');
    expect(shopper.root.querySelector('h4')!.textContent).to.equal('Receipt');
  });
});
