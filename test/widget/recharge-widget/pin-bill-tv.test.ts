import { expect, waitUntil } from '@open-wc/testing';
import { BARCODE } from '../catalogue.ts';
import { Shopper } from '../shopper.ts';

describe('<recharge-widget>: PIN products, bills and TV packages', () => {
  it('buys a PIN product and shows its PIN once, plainly, with a copy button', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'others' });
    await shopper.pinToReview(); // no card step: Carat takes a card on top-ups only
    expect(shopper.steps).to.not.include('card');
    expect(shopper.text()).to.contain('Game card R$ 20').and.contain('The PIN is shown once.');
    await shopper.click('Buy');
    await shopper.reach('result');
    expect(shopper.heading().textContent).to.equal('Purchase done');
    expect(shopper.root.querySelector('[part~=pin]')!.textContent).to.equal('1234-5678-9012');
    expect(shopper.text()).to.contain('it is shown only once');
    expect(shopper.button('Copy PIN')).to.exist;
    expect(shopper.button('Print receipt')).to.exist;
    expect(shopper.text()).to.contain('Game Store: R$ 20,00.');
    expect(shopper.root.querySelector('[part~=pin-box] [part~=pin]'), 'the PIN in its marked box').to.exist;
    expect(shopper.root.querySelector('details')!.open, 'the receipt collapsed').to.equal(false);
    expect(shopper.root.querySelector('details > summary')!.textContent).to.equal('Show receipt');
    expect(shopper.proxy.of('recharge')[0]!.body).to.deep.equal({
      dealerCode: '101', typeCode: '02', branchCode: '10100000001', amountCents: 2000, amountKey: 'P20', answers: [{ code: 'OK', description: 'SIM' }],
    });
    await shopper.click('Copy PIN');
    // With clipboard permission the shopper hears "PIN copied."; without it the PIN is selected for Ctrl+C.
    // The clipboard answers asynchronously (slower on a busy machine): wait for either outcome.
    const copiedOrSelected = () => shopper.root.querySelector('[part~=status]')!.textContent === 'PIN copied.' || getSelection()!.toString() === '1234-5678-9012';
    await waitUntil(copiedOrSelected, 'neither "PIN copied." nor the PIN selected');
    // Granted: the shop's order is complete, and no "Buy another PIN" would reuse the spent grant (409 grant_used).
    expect(shopper.text()).to.contain('Your order is complete. For anything else, go back to the shop.');
    expect([...shopper.root.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.not.include('Buy another PIN');
  });

  it('lifts a PIN out of PIN products\' receipts only', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal', dealer: '001' });
    shopper.proxy.next('recharge', { status: 200, body: { status: 'CON', receipt: { customer: 'RECARGA\nPIN: 1111-2222', merchant: '' } } });
    await shopper.topUpToReview();
    await shopper.click('Top up');
    await shopper.reach('result');
    expect(shopper.root.querySelector('[part~=pin]')).to.equal(null);
    expect(shopper.root.querySelector('[part~=receipt]')!.textContent).to.contain('PIN: 1111-2222');
  });

  it('pays a bill: bar code, then the holder, amount and due date to confirm', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'invoice' });
    await shopper.billToBarcode();
    expect(shopper.field('Bar code')).to.exist;
    await shopper.type('Bar code', '1234');
    await shopper.click('Continue');
    expect(shopper.errorAt('Bar code')).to.equal('Enter the bar code: 44 to 48 digits.');
    await shopper.type('Bar code', BARCODE);
    await shopper.click('Continue');
    await shopper.reach('review');
    expect(shopper.text()).to.contain('Maria Silva').and.contain('R$ 123,45').and.contain('10/12/2026');
    expect(shopper.proxy.of('branches')[1]!.body).to.deep.equal({ dealerCode: '800', branchCode: '80019000000', answers: [{ code: 'BARCODE', description: BARCODE }] });
    await shopper.click('Pay bill');
    await shopper.reach('result');
    expect(shopper.heading().textContent).to.equal('Bill paid');
    expect(shopper.proxy.of('recharge')[0]!.body).to.deep.equal({ dealerCode: '800', branchCode: '80019000000', amountCents: 12345, invoice: { barCode: BARCODE } });
  });

  it('says so at the field when a bar code finds no bill', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'invoice' });
    await shopper.billToBarcode();
    await shopper.type('Bar code', '1'.repeat(44));
    await shopper.click('Continue');
    await shopper.reach('barcode');
    expect(shopper.errorAt('Bar code')).to.equal('This value was not accepted. Check it and try again.');
  });

  it('asks for the TV package when the gateway does, and re-sends with answer 126 and a new key', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    await shopper.chooseDealer('TV Max');
    await shopper.topUpToReview();
    await shopper.click('Top up');
    await shopper.reach('tv-package');
    expect(shopper.heading().textContent).to.equal('Choose your TV package');
    await shopper.click('Continue');
    expect(shopper.root.querySelector('#package-error')!.textContent).to.equal('Choose a package.');
    await waitUntil(() => shopper.root.activeElement?.getAttribute('name') === 'package', 'focus in the package group, which reads the error');
    await shopper.choose('PKG-FULL');
    await shopper.click('Continue');
    await shopper.reach('result');
    const [first, second] = shopper.proxy.of('recharge');
    expect(second!.body.answers).to.deep.equal([{ code: '126', description: 'PKG-FULL' }]);
    expect(second!.idempotencyKey).to.not.equal(first!.idempotencyKey);
  });
});
