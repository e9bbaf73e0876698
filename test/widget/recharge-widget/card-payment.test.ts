import { expect, waitUntil } from '@open-wc/testing';
import { BARCODE } from '../catalogue.ts';
import { DENIED_CARD, FakeProxy } from '../fake-proxy.ts';
import { Shopper, TEST_CARD, TEST_GRANT } from '../shopper.ts';

async function toCard(attrs = {}, proxy?: FakeProxy): Promise<Shopper> {
  const shopper = await Shopper.visit({ lang: 'en', type: 'normal', grant: undefined, ...attrs }, proxy);
  await shopper.chooseDealer('Vivo');
  await shopper.reach('phone');
  await shopper.enterPhone('11', '91234-5678');
  await shopper.reach('amount');
  await shopper.chooseAmount('R$ 15,00');
  await shopper.reach('card');
  return shopper;
}

describe('<recharge-widget>: paying by card', () => {
  it('asks for the card with the labels the issue names, shows the brand, and pays with the amount on the button', async () => {
    const shopper = await toCard();
    expect(shopper.heading().textContent).to.equal('Card payment');
    for (const label of ['Card number', 'Expiry date', 'Security code', 'Name on card', 'Installments']) expect(shopper.field(label)).to.exist;
    await shopper.type('Card number', '5555555555554444');
    expect(shopper.field('Card number').value).to.equal('5555 5555 5555 4444');
    expect(shopper.root.querySelector('[part~=card-brand]')!.textContent).to.equal('Card brand: Mastercard');
    await shopper.enterCard(TEST_CARD);
    await shopper.reach('review');
    expect(shopper.text()).to.contain('Visa card ending in 1111, 1x');
    await shopper.click('Pay R$ 15,00 and top up');
    await shopper.reach('result');
    expect(shopper.proxy.of('recharge')[0]!.body.payment).to.deep.equal({
      card: { number: '4111111111111111', expiry: '12/30', securityCode: '123', holder: 'Maria Silva' }, installments: 1,
    });
  });

  it('catches a wrong card number, a past expiry and a short security code before sending anything', async () => {
    const shopper = await toCard();
    await shopper.enterCard({ number: '4111 1111 1111 1112', expiry: '01/20', securityCode: '12', holder: 'M' });
    expect(shopper.errorAt('Card number')).to.equal('Check the card number.');
    expect(shopper.errorAt('Expiry date')).to.equal('This card has expired.');
    expect(shopper.errorAt('Security code')).to.equal('Enter the 3-digit security code.');
    expect(shopper.errorAt('Name on card')).to.equal('Enter the name as printed on the card.');
    await waitUntil(() => shopper.root.activeElement === shopper.field('Card number'), 'focus on the card number');
    expect(shopper.alert(), 'read once, by the focused field').to.equal('');
    expect(shopper.step).to.equal('card');
    expect(shopper.proxy.of('recharge')).to.have.length(0);
  });

  it('clears each card error as the shopper fixes that field, before Continue, and leaves the others', async () => {
    const shopper = await toCard();
    await shopper.enterCard({ number: '4111 1111 1111 1112', expiry: '01/20', securityCode: '12', holder: 'M' });
    await shopper.type('Card number', TEST_CARD.number);
    expect(shopper.errorAt('Card number')).to.equal('');
    expect(shopper.field('Card number').getAttribute('aria-invalid')).to.equal('false');
    expect(shopper.errorAt('Expiry date')).to.equal('This card has expired.');
    await shopper.type('Expiry date', '13/30');
    expect(shopper.errorAt('Expiry date')).to.equal('Enter the expiry date as MM/YY.'); // a new problem, said at once
    await shopper.type('Expiry date', TEST_CARD.expiry);
    await shopper.type('Security code', TEST_CARD.securityCode);
    expect(shopper.errorAt('Expiry date')).to.equal('');
    expect(shopper.errorAt('Security code')).to.equal('');
    expect(shopper.errorAt('Name on card')).to.equal('Enter the name as printed on the card.');
  });

  const refusals: Array<[string, string]> = [
    ['en', 'Elo cards are not accepted. Use Visa, Mastercard or American Express.'],
    ['pt-BR', 'Cartões Elo não são aceitos. Use Visa, Mastercard ou American Express.'],
    ['es', 'No se aceptan tarjetas Elo. Use Visa, Mastercard o American Express.'],
  ];
  for (const [lang, message] of refusals) {
    it(`refuses an Elo card at the card number, before the review, in ${lang} (the proxy takes Visa, Mastercard and Amex only)`, async () => {
      const shopper = await toCard();
      if (lang !== 'en') shopper.el.lang = lang;
      await shopper.el.updateComplete; // with the new language, a chunk of its own (widget/messages.ts)
      await shopper.type(lang === 'en' ? 'Card number' : lang === 'es' ? 'Número de tarjeta' : 'Número do cartão', '6362 9700 0045 7013');
      (shopper.root.querySelector('form') as HTMLFormElement).requestSubmit();
      await shopper.settle();
      const number = shopper.field(lang === 'en' ? 'Card number' : lang === 'es' ? 'Número de tarjeta' : 'Número do cartão');
      await waitUntil(() => shopper.root.activeElement === number, 'focus on the card number');
      expect(shopper.errorAt(number.labels![0]!.textContent!.trim())).to.equal(message);
      expect(shopper.step).to.equal('card');
      expect(shopper.proxy.of('recharge')).to.have.length(0);
    });
  }

  it('refuses at the card number a brand the proxy says it cannot charge (the session\'s cardBrands), before the review', async () => {
    const proxy = new FakeProxy();
    proxy.sessionExtras = { cardBrands: ['visa', 'mastercard'] };
    const shopper = await toCard({}, proxy);
    await shopper.enterCard({ ...TEST_CARD, number: '3782 822463 10005', securityCode: '1234' });
    expect(shopper.errorAt('Card number')).to.equal('American Express cards are not accepted. Use Visa or Mastercard.');
    await waitUntil(() => shopper.root.activeElement === shopper.field('Card number'), 'focus on the card number, which reads the error');
    expect(shopper.step).to.equal('card');
    await shopper.enterCard({ ...TEST_CARD, number: '5555 5555 5555 4444' });
    await shopper.reach('review');
    expect(proxy.of('recharge')).to.have.length(0);
  });

  it('sends one request for a double click; the button keeps focus while in flight, aria-disabled and saying what happens', async () => {
    const shopper = await toCard();
    await shopper.enterCard(TEST_CARD);
    await shopper.reach('review');
    const release = shopper.proxy.hold('recharge');
    const pay = shopper.button('Pay R$ 15,00 and top up');
    pay.focus();
    pay.click();
    pay.click();
    pay.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, composed: true }));
    await shopper.el.updateComplete;
    await shopper.root.querySelector<HTMLElement & { updateComplete: Promise<unknown> }>('recharge-review-step')!.updateComplete;
    const busy = shopper.button('Processing payment…');
    expect(busy.getAttribute('aria-disabled')).to.equal('true');
    expect(shopper.root.activeElement, 'focus stays on the busy button').to.equal(busy);
    expect(document.activeElement).to.not.equal(document.body);
    const status = shopper.root.querySelector('[part~=status]')!;
    expect(status.textContent).to.equal('Please wait…');
    expect(status.closest('[aria-busy=true]'), 'the status region is not inside an aria-busy container').to.equal(null);
    release();
    await shopper.reach('result');
    expect(shopper.proxy.of('recharge')).to.have.length(1);
    expect(shopper.proxy.recharges).to.equal(1);
  });

  it('after a denied card, offers another card in a new session and keeps the other choices', async () => {
    const shopper = await toCard();
    await shopper.enterCard({ ...TEST_CARD, number: DENIED_CARD });
    await shopper.reach('review');
    await shopper.click('Pay R$ 15,00 and top up');
    await shopper.reach('failure');
    expect(shopper.heading().textContent).to.equal('Not approved');
    expect(shopper.text()).to.contain('Your bank declined the card. Nothing was charged. Try another card.');
    // The proxy's English account goes to the merchant's page in the event, not on the shopper's screen.
    expect(shopper.text()).to.not.contain('The recharge was denied').and.not.contain('Transacao negada');
    const error = shopper.events.find((e) => e.type === 'recharge-error')!;
    expect(error.detail).to.deep.equal({
      code: 'NEG', message: 'Your bank declined the card. Nothing was charged. Try another card.',
      reason: 'The recharge was denied: Transacao negada: cartao recusado pelo emissor',
    });
    shopper.button('Choose another operator');
    shopper.button('Start again');
    await shopper.click('Use another card');
    await shopper.reach('card');
    expect(shopper.field('Card number').value).to.equal('');
    await shopper.enterCard(TEST_CARD);
    await shopper.reach('review');
    await shopper.click('Pay R$ 15,00 and top up');
    await shopper.reach('result');
    const [first, second] = shopper.proxy.of('recharge');
    expect(first!.sessionId).to.not.equal(second!.sessionId);
    expect(first!.idempotencyKey).to.not.equal(second!.idempotencyKey);
    expect(second!.body).to.include({ amountCents: 1500 });
  });

  it('never puts card data in its public events', async () => {
    const shopper = await toCard();
    await shopper.enterCard(TEST_CARD);
    await shopper.reach('review');
    await shopper.click('Pay R$ 15,00 and top up');
    await shopper.reach('result');
    const published = JSON.stringify(shopper.events.map((e) => e.detail));
    expect(published).to.not.contain('4111111111111111').and.not.contain('"123"').and.not.contain('12/30');
  });

  it('without the merchant\'s grant there is no way around the card: no skip button, and the session opens without a grant', async () => {
    const shopper = await toCard();
    expect([...shopper.root.querySelectorAll('button')].map((b) => b.textContent?.trim())).to.not.include('Continue without card payment');
    expect(shopper.proxy.of('create')[0]!.body).to.deep.equal({ type: 'normal' });
  });

  it('with grant="<jwt>" the session opens with the grant and the top-up goes from the amount to the review, without a card', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal', grant: TEST_GRANT });
    await shopper.chooseDealer('Vivo');
    await shopper.reach('phone');
    await shopper.enterPhone('11', '91234-5678');
    await shopper.reach('amount');
    await shopper.chooseAmount('R$ 15,00');
    await shopper.reach('review');
    expect(shopper.steps).to.not.include('card');
    await shopper.click('Top up');
    await shopper.reach('result');
    expect(shopper.proxy.of('create')[0]!.body).to.deep.equal({ type: 'normal', grant: TEST_GRANT });
    expect(shopper.proxy.of('recharge')[0]!.body).to.not.have.property('payment');
  });

  it('offers only the installments the proxy allows: the session\'s maxInstallments and minInstallmentCents', async () => {
    const single = new FakeProxy();
    single.sessionExtras = { maxInstallments: 1, minInstallmentCents: 500 };
    const one = await toCard({}, single);
    expect([...(one.field('Installments') as HTMLSelectElement).options].map((o) => o.text)).to.deep.equal(['1x R$ 15,00']);
    const two = new FakeProxy();
    two.sessionExtras = { maxInstallments: 12, minInstallmentCents: 700 };
    const shopper = await toCard({}, two);
    expect([...(shopper.field('Installments') as HTMLSelectElement).options].map((o) => o.text)).to.deep.equal(['1x R$ 15,00', '2x R$ 7,50, interest-free']);
  });

  it('a PIN product without a grant is paid by card too: the card step, then "Pay R$ 20,00 and buy", the card sent', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'others', grant: undefined });
    await shopper.pinToQuestions();
    await shopper.check('Yes, I confirm');
    await shopper.click('Continue');
    await shopper.reach('card');
    await shopper.enterCard(TEST_CARD);
    await shopper.reach('review');
    await shopper.click('Pay R$ 20,00 and buy');
    await shopper.reach('result');
    expect((shopper.proxy.of('recharge')[0]!.body as { payment: { card: { number: string } } }).payment.card.number).to.equal('4111111111111111');
    // Paid by card, not granted: the shopper may buy another.
    expect(shopper.button('Buy another PIN')).to.exist;
  });

  it('a bill without a grant goes from the bill found to the card step', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'invoice', grant: undefined });
    await shopper.billToBarcode();
    await shopper.type('Bar code', BARCODE);
    await shopper.click('Continue');
    await shopper.reach('card');
  });

  it('offers installments of at least R$ 5,00', async () => {
    const shopper = await toCard();
    const options = [...(shopper.field('Installments') as HTMLSelectElement).options].map((o) => o.text);
    expect(options).to.deep.equal(['1x R$ 15,00', '2x R$ 7,50, interest-free', '3x R$ 5,00, interest-free']);
  });
});
