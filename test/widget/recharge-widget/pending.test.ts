import { expect, waitUntil } from '@open-wc/testing';
import { BARCODE, DONE, PIN_DONE, UNDONE } from '../catalogue.ts';
import { API, FakeProxy } from '../fake-proxy.ts';
import { Shopper, TEST_CARD } from '../shopper.ts';

const CONFIRMING = 'We\'re confirming with the operator. Don\'t pay again.';

/** A top-up (R$ 15,00 to (11) 91234-5678 on Vivo, paid by card), up to its review. */
async function topUpByCardToReview(proxy: FakeProxy): Promise<Shopper> {
  const shopper = await Shopper.visit({ lang: 'en', type: 'normal', grant: undefined }, proxy);
  await shopper.chooseDealer('Vivo');
  await shopper.reach('phone');
  await shopper.enterPhone('11', '91234-5678');
  await shopper.reach('amount');
  await shopper.chooseAmount('R$ 15,00');
  await shopper.reach('card');
  await shopper.enterCard(TEST_CARD);
  await shopper.reach('review');
  return shopper;
}

/** That top-up, whose recharge the proxy answers 202, up to the pending screen. */
async function pendingTopUp(proxy = new FakeProxy()): Promise<{ shopper: Shopper; release: () => void }> {
  const shopper = await topUpByCardToReview(proxy);
  proxy.next('recharge', 'pending');
  const release = proxy.hold('session'); // the looks wait until the test lets them go
  await shopper.click('Pay R$ 15,00 and top up');
  await shopper.reach('pending');
  await waitUntil(() => proxy.of('session').length === 1, 'the widget looks at the session');
  return { shopper, release };
}

const status = (shopper: Shopper) => shopper.root.querySelector('[part~=status]')!.textContent;
const kept = () => Object.keys(sessionStorage).filter((key) => key.startsWith('recharge-widget:pending:'));

describe('<recharge-widget>: a recharge whose outcome is not known yet (issue 9)', () => {
  afterEach(() => sessionStorage.clear());

  it('202: says "don\'t pay again" politely, focuses its heading, offers nothing to click, and passes axe', async () => {
    const { shopper, release } = await pendingTopUp();
    expect(shopper.heading().textContent).to.equal('Confirming your recharge');
    expect(status(shopper)).to.equal(CONFIRMING);
    expect(shopper.root.querySelector('[part~=status]')!.getAttribute('role')).to.equal('status');
    expect(shopper.alert()).to.equal('');
    expect(shopper.text()).to.contain('Vivo').and.contain('(11) 91234-5678').and.contain('R$ 15,00').and.not.contain('Nothing was charged');
    expect(shopper.root.querySelector('[part~=step]')!.getAttribute('aria-busy')).to.equal('false');
    await waitUntil(() => shopper.root.activeElement === shopper.heading(), 'focus on the pending heading');
    expect(shopper.root.querySelectorAll('button')).to.have.length(0);
    await expect(shopper.el).to.be.accessible();
    shopper.el.lang = 'es'; // the page switches language: the status line follows
    await shopper.el.updateComplete;
    expect(status(shopper)).to.equal('Estamos confirmando con la operadora. No vuelva a pagar.');
    release();
  });

  it('202, then settled as done: the real result, the page told once, nothing kept', async () => {
    const { shopper, release } = await pendingTopUp();
    expect(kept()).to.have.length(1);
    shopper.proxy.settle(DONE);
    release();
    await shopper.reach('result');
    expect(shopper.heading().textContent).to.equal('Top-up done');
    expect(shopper.root.querySelector('[part~=receipt]')!.textContent).to.contain('RECARGA R$ 15,00');
    expect(status(shopper)).to.equal('');
    const complete = shopper.events.filter((e) => e.type === 'recharge-complete');
    expect(complete.map((e) => e.detail)).to.deep.equal([{ id: 'sess-1', type: 'normal', status: 'CON', dealerCode: '001', amountCents: 1500 }]);
    expect(shopper.events.filter((e) => e.type === 'recharge-error')).to.have.length(0);
    expect(shopper.proxy.recharges).to.equal(1);
    expect(kept()).to.have.length(0);
  });

  it('202, looked at while not settled, then settled as undone (PPN): only now "nothing was charged", and a new session may open', async () => {
    const { shopper, release } = await pendingTopUp();
    shopper.proxy.next('session', { status: 200, body: shopper.proxy.view('sess-1') }); // the first look: not settled yet
    shopper.proxy.settle(UNDONE);
    release();
    // The second look comes a second later (the wait grows from LOOK_MIN_MS).
    await waitUntil(() => shopper.step === 'failure', 'settled as undone', { timeout: 5000 });
    await shopper.settle();
    expect(shopper.proxy.of('session')).to.have.length(2);
    expect(shopper.text()).to.contain('The recharge could not be completed, so it was cancelled. Nothing was charged.');
    expect(shopper.alert()).to.equal('The recharge could not be completed, so it was cancelled. Nothing was charged.');
    expect(kept()).to.have.length(0);
    await shopper.click('Try again');
    await shopper.reach('review');
    expect(shopper.proxy.of('create')).to.have.length(2);
  });

  it('no second payment while pending: no button, Enter does nothing, no new session', async () => {
    const { shopper, release } = await pendingTopUp();
    shopper.heading().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await shopper.el.updateComplete;
    expect(shopper.step).to.equal('pending');
    expect(shopper.root.querySelector('form')).to.equal(null);
    expect(shopper.proxy.of('recharge')).to.have.length(1);
    expect(shopper.proxy.of('create')).to.have.length(1);
    shopper.proxy.settle(DONE);
    release();
    await shopper.reach('result');
    expect(shopper.proxy.of('recharge')).to.have.length(1);
  });

  it('a reload while pending shows the pending state again, opens no session, and ends on the real result', async () => {
    const proxy = new FakeProxy();
    const { shopper: before, release } = await pendingTopUp(proxy);
    before.el.remove(); // the page goes away
    const after = await Shopper.visit({ lang: 'en', type: 'normal', grant: undefined }, proxy);
    expect(after.steps).to.deep.equal(['pending']);
    expect(after.heading().textContent).to.equal('Confirming your recharge');
    expect(status(after)).to.equal(CONFIRMING);
    expect(after.text()).to.contain('(11) 91234-5678').and.contain('R$ 15,00');
    expect(after.root.querySelectorAll('button')).to.have.length(0);
    expect(JSON.stringify(sessionStorage)).to.not.contain('4111');
    proxy.settle(DONE);
    release();
    await after.reach('result');
    expect(proxy.of('create')).to.have.length(1);
    expect(proxy.of('recharge')).to.have.length(1);
    expect(new Set(proxy.of('session').map((r) => r.sessionId))).to.deep.equal(new Set(['sess-1']));
    expect(kept()).to.have.length(0);
    // Settled: another visit starts afresh.
    const next = await Shopper.visit({ lang: 'en', type: 'normal', grant: undefined }, proxy);
    await next.reach('dealer');
  });

  it('a session the proxy no longer knows: says it could not confirm, never "nothing was charged", and only offers to start again', async () => {
    const { shopper, release } = await pendingTopUp();
    shopper.proxy.nextError('session', 404, 'not_found');
    release();
    await shopper.reach('failure');
    const said = 'We could not confirm whether this recharge went through. Don\'t pay again before checking with the shop.';
    expect(shopper.alert()).to.equal(said);
    expect(shopper.text()).to.contain(said).and.not.contain('Nothing was charged');
    shopper.button('Start again');
    expect(shopper.root.querySelectorAll('button')).to.have.length(1);
    expect(kept()).to.have.length(0);
  });

  it('a PIN purchase settled as done: the PIN comes from the recharge call sent again with the same key, never a second purchase', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'others' });
    await shopper.pinToReview();
    shopper.proxy.next('recharge', 'pending');
    const release = shopper.proxy.hold('session');
    await shopper.click('Buy');
    await shopper.reach('pending');
    await waitUntil(() => shopper.proxy.of('session').length === 1, 'the widget looks at the session');
    shopper.proxy.settle(PIN_DONE);
    release();
    await shopper.reach('result');
    expect(shopper.proxy.view('sess-1')!.result!.receiptWithheld, 'the look carried no PIN').to.equal(true);
    expect(shopper.root.querySelector('[part~=pin]')!.textContent).to.equal('1234-5678-9012');
    const sent = shopper.proxy.of('recharge');
    expect(sent).to.have.length(2);
    expect(sent[1]!.idempotencyKey).to.equal(sent[0]!.idempotencyKey);
    expect(shopper.proxy.recharges).to.equal(1);
    expect(kept()).to.have.length(0);
  });

  it('a PIN purchase settled as done after a reload: the kept key fetches the PIN, never a second purchase', async () => {
    const before = await Shopper.visit({ lang: 'en', type: 'others' });
    const proxy = before.proxy;
    await before.pinToReview();
    proxy.next('recharge', 'pending');
    const release = proxy.hold('session');
    await before.click('Buy');
    await before.reach('pending');
    before.el.remove(); // the page goes away
    const after = await Shopper.visit({ lang: 'en', type: 'others' }, proxy);
    expect(after.steps).to.deep.equal(['pending']);
    proxy.settle(PIN_DONE);
    release();
    await after.reach('result');
    expect(after.root.querySelector('[part~=pin]')!.textContent).to.equal('1234-5678-9012');
    const sent = proxy.of('recharge');
    expect(sent).to.have.length(2);
    expect(sent[1]!.idempotencyKey).to.equal(sent[0]!.idempotencyKey);
    expect(proxy.recharges).to.equal(1);
    expect(kept()).to.have.length(0);
  });

  it('a monthly top-up whose first top-up (now) was pending, settled after a reload: the kept key fetches the schedule\'s manage link, shown once', async () => {
    const proxy = new FakeProxy();
    const before = await topUpByCardToReview(proxy);
    await before.check('Repeat every month');
    await before.choose('Now');
    proxy.next('recharge', 'pending');
    const release = proxy.hold('session');
    await before.click('Top up now and schedule 2 more');
    await before.reach('pending');
    before.el.remove(); // the page goes away
    const after = await Shopper.visit({ lang: 'en', type: 'normal', grant: undefined }, proxy);
    expect(after.steps).to.deep.equal(['pending']);
    // The session holds the first top-up; only the recharge call's answer holds the schedule and its link.
    const link = `${API}/schedules/${'T'.repeat(43)}`;
    proxy.settle(DONE, { ...DONE, schedule: { token: 'T'.repeat(43), status: 'active', every: 'month', times: 3, nextDate: '2027-01-02', manageUrl: link } });
    release();
    await after.reach('scheduled');
    expect(after.heading().textContent).to.equal('Topped up, and monthly top-up scheduled');
    expect((after.field('Link to see or cancel it') as HTMLInputElement).value).to.equal(link);
    const sent = proxy.of('recharge');
    expect(sent).to.have.length(2);
    expect(sent[1]!.idempotencyKey).to.equal(sent[0]!.idempotencyKey);
    expect(sent[1]!.body).to.deep.include({ repeat: { every: 'month', times: 3 } });
    expect(sent[1]!.body).to.not.have.property('payment');
    expect(proxy.recharges).to.equal(1);
    // Shown once: nothing kept, so another reload does not ask for it again.
    expect(kept()).to.have.length(0);
    const next = await Shopper.visit({ lang: 'en', type: 'normal', grant: undefined }, proxy);
    await next.reach('dealer');
    expect(proxy.of('recharge')).to.have.length(2);
  });

  it('a bill payment and a PIN purchase pending speak of the bill and the purchase, not of a recharge', async () => {
    const bill = await Shopper.visit({ lang: 'en', type: 'invoice' });
    await bill.billToBarcode();
    await bill.type('Bar code', BARCODE);
    await bill.click('Continue');
    await bill.reach('review');
    bill.proxy.next('recharge', 'pending');
    const releaseBill = bill.proxy.hold('session');
    await bill.click('Pay bill');
    await bill.reach('pending');
    expect(bill.heading().textContent).to.equal('Confirming your bill payment');
    expect(status(bill)).to.equal('We\'re confirming the bill payment with the company. Don\'t pay again.');
    bill.el.lang = 'pt-BR';
    await bill.el.updateComplete;
    expect(bill.heading().textContent).to.equal('Confirmando o pagamento da conta');
    expect(bill.text()).to.not.contain('recarga');
    releaseBill();
    bill.el.remove();
    sessionStorage.clear();

    const pin = await Shopper.visit({ lang: 'en', type: 'others' });
    await pin.pinToReview();
    pin.proxy.next('recharge', 'pending');
    const releasePin = pin.proxy.hold('session');
    await pin.click('Buy');
    await pin.reach('pending');
    expect(pin.heading().textContent).to.equal('Confirming your purchase');
    pin.el.lang = 'es';
    await pin.el.updateComplete;
    expect(pin.heading().textContent).to.equal('Confirmando su compra');
    expect(status(pin)).to.equal('Estamos confirmando su compra con el proveedor. No vuelva a pagar.');
    releasePin();
  });

  it('speaks Portuguese (by default) and Spanish while pending, after a reload too', async () => {
    const proxy = new FakeProxy();
    const { shopper, release } = await pendingTopUp(proxy);
    shopper.el.remove();
    const pt = await Shopper.visit({ type: 'normal', grant: undefined }, proxy);
    expect(pt.heading().textContent).to.equal('Confirmando sua recarga');
    expect(status(pt)).to.equal('Estamos confirmando com a operadora. Não pague de novo.');
    expect(pt.text()).to.contain('Operadora').and.contain('Isso pode levar alguns minutos.');
    pt.el.remove();
    const es = await Shopper.visit({ lang: 'es', type: 'normal', grant: undefined }, proxy);
    expect(es.heading().textContent).to.equal('Confirmando su recarga');
    expect(status(es)).to.equal('Estamos confirmando con la operadora. No vuelva a pagar.');
    proxy.settle(DONE);
    release();
    await es.reach('result');
    expect(es.heading().textContent).to.equal('Recarga hecha');
  });
});
