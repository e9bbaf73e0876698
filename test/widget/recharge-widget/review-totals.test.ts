import { expect } from '@open-wc/testing';
import type { BranchData } from '../../../proxy/browser-api.ts';
import { PHONE_DATA } from '../catalogue.ts';
import { Shopper, TEST_CARD } from '../shopper.ts';

/** Vivo's amounts, R$ 30,00 (+ R$ 5,00 bonus) priced by Carat at R$ 31,50 (a fee), the range with a payment_amount of its own. */
const WITH_FEE: BranchData = {
  ...PHONE_DATA,
  categories: [{
    ...PHONE_DATA.categories[0]!,
    fixedAmounts: PHONE_DATA.categories[0]!.fixedAmounts.map((f) => (f.amountCents === 3000 ? { ...f, paymentAmountCents: 3150 } : f)),
    amountRanges: PHONE_DATA.categories[0]!.amountRanges.map((r) => ({ ...r, paymentAmountCents: 999 })),
  }],
};

const summary = (shopper: Shopper) => Object.fromEntries([...shopper.root.querySelectorAll('[part~=summary] dt')]
  .map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]));

async function toAmount(attrs = {}): Promise<Shopper> {
  const shopper = await Shopper.visit({ lang: 'en', type: 'normal', dealer: '001', ...attrs });
  await shopper.reach('phone');
  shopper.proxy.next('branches', { status: 200, body: WITH_FEE });
  await shopper.enterPhone('11', '91234-5678');
  await shopper.reach('amount');
  return shopper;
}

describe('<recharge-widget>: the review\'s totals', () => {
  it('totals the credit (amount + bonus) and the charge (Carat\'s price with its fee), and pays that by card', async () => {
    const shopper = await toAmount({ grant: undefined });
    const terms = (amount: string) => [...shopper.root.querySelectorAll('[part~=chip]')]
      .find((chip) => chip.querySelector('.amount')!.textContent === amount)!.querySelector('[part~=bonus]')?.textContent;
    expect(terms('R$ 30,00'), 'the price on the chip').to.equal('you pay R$ 31,50 · + R$ 5,00 bonus, valid for 15 days · credit valid for 60 days');
    expect(terms('R$ 15,00'), 'no other price: none said').to.equal('valid for 30 days');
    await shopper.chooseAmount('R$ 30,00');
    await shopper.reach('card');
    const installments = [...(shopper.field('Installments') as HTMLSelectElement).options].map((o) => o.text);
    expect(installments[1], 'the installments divide the charge').to.equal('2x R$ 15,75, interest-free');
    await shopper.enterCard(TEST_CARD);
    await shopper.reach('review');
    expect(summary(shopper)).to.include({ 'Amount': 'R$ 30,00', 'Total credit': 'R$ 35,00', 'Total to pay': 'R$ 31,50' });
    await shopper.click('Pay R$ 31,50 and top up');
    await shopper.reach('result');
    expect(shopper.proxy.of('recharge')[0]!.body).to.include({ amountCents: 3000, amountKey: 'F30' });
  });

  it('charges the amount itself when Carat gives no other price, and for a typed amount in a range', async () => {
    const fixed = await toAmount();
    await fixed.chooseAmount('R$ 15,00');
    await fixed.reach('review');
    expect(summary(fixed)).to.include({ 'Amount': 'R$ 15,00', 'Total to pay': 'R$ 15,00' });
    expect(summary(fixed)).to.not.have.property('Total credit'); // no bonus: the credit is the amount

    const typed = await toAmount();
    await typed.choose('Another value');
    await typed.type('Value from R$ 10,00 to R$ 100,00', '20');
    await typed.click('Continue');
    await typed.reach('review');
    expect(summary(typed)).to.include({ 'Amount': 'R$ 20,00', 'Total credit': 'R$ 22,00', 'Total to pay': 'R$ 20,00' });
  });
});
