/**
 * A purchase sent again with the same Idempotency-Key long after it was done: the proxy answers
 * "done" with no receipt (receiptWithheld), since the PIN is not kept. The shopper is told why,
 * in their language, and sees no empty receipt, print button or PIN.
 */
import { expect } from '@open-wc/testing';
import { messagesFor } from '../languages.ts';
import { PIN_WITHHELD } from '../catalogue.ts';
import { Shopper } from '../shopper.ts';

const WITHHELD_TEXT: Record<string, string> = {
  en: 'Your top-up is done. Its receipt (and PIN) was already shown and is not kept, for your safety.',
  'pt-BR': 'Sua recarga foi concluída. O comprovante (e o PIN) já foi exibido e não fica guardado, para sua segurança.',
  es: 'Su recarga está hecha. Su comprobante (y el PIN) ya se mostró y no se guarda, por su seguridad.',
};

function expectNoReceipt(shopper: Shopper, lang: string, type: 'normal' | 'others'): void {
  const m = messagesFor(lang);
  expect(shopper.root.querySelector('[part~=receipt]'), 'a receipt').to.equal(null);
  expect(shopper.root.querySelector('[part~=pin]'), 'a PIN').to.equal(null);
  const buttons = [...shopper.root.querySelectorAll('button')].map((b) => b.textContent!.trim());
  // Granted (the harness's default): the order is complete, no button that would reuse the spent grant.
  void type;
  expect(buttons).to.deep.equal([]);
  expect(shopper.text()).to.contain(m.orderComplete);
}

describe('<recharge-widget>: a finished purchase whose receipt the proxy no longer keeps', () => {
  it('buys a PIN product, is told the receipt and PIN are not kept, and is told the order is complete', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'others' });
    shopper.proxy.next('recharge', { status: 200, body: PIN_WITHHELD });
    await shopper.buyPin();
    expect(shopper.heading().textContent).to.equal('Purchase done');
    expect(shopper.text()).to.contain(WITHHELD_TEXT.en);
    expect(shopper.text()).to.not.contain('it is shown only once');
    expectNoReceipt(shopper, 'en', 'others');
    // The sale is done all the same: the merchant hears of it as of any other.
    const complete = shopper.events.filter((e) => e.type === 'recharge-complete');
    expect(complete.map((e) => (e.detail as { status: string }).status)).to.deep.equal(['CON']);
    await expect(shopper.el).to.be.accessible();
  });

  for (const lang of ['pt-BR', 'es']) {
    it(`says so in ${lang}`, async () => {
      const m = messagesFor(lang);
      const shopper = await Shopper.visit({ lang, type: 'normal', dealer: '001', ddd: '11', amount: '1500' });
      shopper.proxy.next('recharge', { status: 200, body: PIN_WITHHELD });
      await shopper.topUpPresetToReview(m);
      await shopper.click(m.topUp.normal);
      await shopper.reach('result');
      expect(shopper.text()).to.contain(WITHHELD_TEXT[lang]);
      expectNoReceipt(shopper, lang, 'normal');
      await expect(shopper.el).to.be.accessible();
    });
  }
});
