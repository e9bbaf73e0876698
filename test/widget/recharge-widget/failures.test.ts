import { expect, waitUntil } from '@open-wc/testing';
import { DENIED, DONE } from '../catalogue.ts';
import { Shopper } from '../shopper.ts';

/** Up to the review, in English, or with no lang attribute: in the default language (Portuguese). */
async function toReview(lang: 'en' | 'default' = 'en'): Promise<Shopper> {
  const en = lang === 'en';
  const shopper = await Shopper.visit({ ...(en ? { lang } : {}), type: 'normal' });
  await shopper.pickDealer('Vivo', en ? 'Operator' : 'Operadora');
  await shopper.click(en ? 'Continue' : 'Continuar');
  await shopper.reach('phone');
  await shopper.type(en ? 'Phone number' : 'Número do celular', '11912345678');
  await shopper.click(en ? 'Continue' : 'Continuar');
  await shopper.reach('amount');
  await shopper.choose('R$ 15,00');
  await shopper.click(en ? 'Continue' : 'Continuar');
  await shopper.reach('review');
  return shopper;
}

describe('<recharge-widget>: when things go wrong', () => {
  it('the answer lost on the way back: pending, never a failure, then the real result (one recharge)', async () => {
    const shopper = await toReview();
    shopper.proxy.next('recharge', 'lost'); // the proxy recharged, but its answer never arrived
    const release = shopper.proxy.hold('session');
    await shopper.click('Top up');
    await shopper.reach('pending');
    expect(shopper.root.querySelector('[part~=status]')!.textContent).to.equal('We\'re confirming with the operator. Don\'t pay again.');
    release();
    await shopper.reach('result');
    expect(shopper.steps).to.not.include('failure');
    expect(shopper.proxy.of('recharge')).to.have.length(1);
    expect(shopper.proxy.recharges).to.equal(1);
  });

  it('network down before the proxy got the recharge: says so, and "Try again" resends the same attempt with the same Idempotency-Key', async () => {
    const shopper = await toReview();
    shopper.proxy.next('recharge', 'network'); // nothing reached the proxy: the session settles with no recharge
    await shopper.click('Top up');
    await shopper.reach('failure');
    expect(shopper.steps.slice(-2)).to.deep.equal(['pending', 'failure']);
    expect(shopper.text()).to.contain('We could not reach the server.').and.not.contain('Nothing was charged');
    expect(shopper.alert()).to.equal('We could not reach the server. Check your connection and try again.');
    await waitUntil(() => shopper.root.activeElement === shopper.heading(), 'focus on the failure heading');
    await shopper.click('Try again');
    await shopper.reach('review');
    await shopper.click('Top up');
    await shopper.reach('result');
    const [first, second] = shopper.proxy.of('recharge');
    expect(second!.idempotencyKey).to.equal(first!.idempotencyKey);
    expect(second!.sessionId).to.equal(first!.sessionId);
    expect(shopper.proxy.recharges).to.equal(1);
  });

  it('timeout (504) is not "the recharge was undone": pending, looked at until settled, then the result in the same session', async () => {
    const shopper = await toReview();
    shopper.proxy.nextError('recharge', 504, 'gateway_timeout');
    const view = shopper.proxy.view('sess-1')!;
    shopper.proxy.next('session', { status: 200, body: { ...view, status: 'PPC', settled: false } });
    shopper.proxy.next('session', { status: 200, body: { ...view, status: 'CON', settled: true, result: DONE } });
    await shopper.click('Top up');
    await shopper.reach('result');
    expect(shopper.steps.slice(-2)).to.deep.equal(['pending', 'result']);
    expect(shopper.proxy.of('session')).to.have.length(2);
    expect(shopper.proxy.of('create')).to.have.length(1);
    expect(shopper.events.filter((e) => e.type === 'recharge-error')).to.have.length(0);
  });

  it('expired session (410): explains it and starts a new session keeping the choices', async () => {
    const shopper = await toReview();
    shopper.proxy.nextError('recharge', 410, 'session_expired');
    await shopper.click('Top up');
    await shopper.reach('failure');
    expect(shopper.text()).to.contain('This session expired.');
    await shopper.click('Try again');
    await shopper.reach('review');
    expect(shopper.proxy.of('create')).to.have.length(2);
  });

  it('a field the proxy rejects (400) is shown at that field, read once (by focus moving there), and reported', async () => {
    const shopper = await toReview();
    shopper.proxy.nextError('recharge', 400, 'invalid_request', 'phone.number');
    await shopper.click('Top up');
    await shopper.reach('phone');
    await waitUntil(() => shopper.root.activeElement === shopper.field('Phone number'), 'focus on the rejected field');
    // Focus on the field reads its description, the error: the alert must not say it a second time.
    expect(shopper.errorAt('Phone number')).to.equal('This value was not accepted. Check it and try again.');
    await shopper.settle();
    expect(shopper.alert(), 'read once, by the field').to.equal('');
    expect(shopper.root.querySelector('[role=status]')!.textContent!.trim()).to.equal('');
    const error = shopper.events.find((e) => e.type === 'recharge-error')!;
    expect(error.detail).to.deep.equal({ code: 'invalid_request', message: 'This value was not accepted. Check it and try again.', field: 'phone.number' });
  });

  it('a field the proxy rejects while focus is already in it is said once, by the alert', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal', dealer: '001' });
    await shopper.reach('phone');
    await shopper.type('Phone number', '(11) 91234-5678');
    shopper.field('Phone number').focus();
    shopper.proxy.nextError('branches', 400, 'invalid_request', 'ddd');
    shopper.root.querySelector('form')!.requestSubmit(); // Enter in the field: focus stays there
    await waitUntil(() => shopper.errorAt('Phone number') !== '', 'the error at the field');
    await waitUntil(() => shopper.alert() === 'This value was not accepted. Check it and try again.', 'the alert, since focus cannot move to say it');
    expect(shopper.root.activeElement).to.equal(shopper.field('Phone number'));
  });

  it('cannot open a session: "Try again" opens it', async () => {
    const proxy = new (await import('../fake-proxy.ts')).FakeProxy();
    proxy.nextError('create', 502, 'gateway_unavailable');
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' }, proxy);
    await shopper.reach('failure');
    expect(shopper.text()).to.contain('The service is unavailable right now.');
    await shopper.click('Try again');
    await shopper.reach('dealer');
    expect(proxy.of('create')).to.have.length(2);
  });

  it('moved in the page while opening its session, opens it again and goes on', async () => {
    const proxy = new (await import('../fake-proxy.ts')).FakeProxy();
    const release = proxy.hold('create');
    const el = document.createElement('recharge-widget');
    el.setAttribute('api', 'https://shop.example');
    el.setAttribute('type', 'normal');
    el.fetcher = proxy.fetch;
    document.body.append(el);
    await waitUntil(() => proxy.of('create').length === 1, 'the session is opening (the widget is on screen)');
    el.remove(); // aborts the call in flight
    document.body.append(el);
    release();
    await waitUntil(() => el.shadowRoot!.querySelector('recharge-dealer-step') !== null, 'the dealer step after the move');
    expect(proxy.of('create')).to.have.length(2);
    el.remove();
  });

  it('a denied top-up offers another operator in a new session', async () => {
    const shopper = await toReview();
    shopper.proxy.next('recharge', { status: 200, body: { status: 'NEG', receipt: { customer: '', merchant: '' } } });
    await shopper.click('Top up');
    await shopper.reach('failure');
    await shopper.click('Choose another operator');
    await shopper.reach('dealer');
    expect(shopper.proxy.of('create')).to.have.length(2);
  });

  it('"Choose another operator" shows the operators even when the page preset one', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal', dealer: '001' });
    await shopper.topUpToReview();
    shopper.proxy.next('recharge', { status: 200, body: { status: 'NEG', receipt: { customer: '', merchant: '' } } });
    await shopper.click('Top up');
    await shopper.reach('failure');
    await shopper.click('Choose another operator');
    await shopper.reach('dealer');
    await shopper.chooseDealer('Claro');
    await shopper.reach('phone');
  });

  it('switches language when the page changes lang', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    shopper.el.setAttribute('lang', 'es');
    await shopper.settle();
    expect(shopper.heading().textContent).to.equal('Elija su operadora');
    expect(shopper.button('Continuar')).to.exist;
  });

  it('speaks the shopper\'s language: Portuguese by default', async () => {
    const shopper = await toReview('default');
    expect(shopper.button('Recarregar')).to.exist;
    shopper.proxy.next('recharge', 'network');
    await shopper.click('Recarregar');
    await shopper.reach('failure');
    expect(shopper.heading().textContent).to.equal('Algo deu errado');
    expect(shopper.alert()).to.equal('Não conseguimos falar com o servidor. Verifique sua conexão e tente de novo.');
    expect(shopper.button('Tentar de novo')).to.exist;
    expect(shopper.root.querySelector('[part~=base]')!.getAttribute('lang')).to.equal('pt-BR');
  });

  it('tells a Portuguese shopper of a denial in Portuguese only, never with the proxy\'s English message', async () => {
    const shopper = await toReview('default');
    shopper.proxy.next('recharge', { status: 200, body: DENIED });
    await shopper.click('Recarregar');
    await shopper.reach('failure');
    expect(shopper.heading().textContent).to.equal('Não aprovado');
    // Granted (the harness's default): no "Começar de novo", which would reuse the spent grant.
    const ways = 'Escolher outra operadora';
    // No card in this order: the operator said no, and the shopper is told so, and what to do.
    const said = 'A operadora não aprovou o pedido. Nada foi cobrado. Confira os dados ou escolha outra opção.';
    expect(shopper.text().trim()).to.equal(`${said}\n\n${ways}`);
    expect(shopper.alert()).to.equal(said);
  });

  it('says in the shopper\'s words that an undone recharge (PPN) charged nothing, and tries again in a new session', async () => {
    const shopper = await toReview('default');
    shopper.proxy.next('recharge', { status: 200, body: { status: 'PPN', message: 'The recharge was undone.', receipt: { customer: '', merchant: '' } } });
    await shopper.click('Recarregar');
    await shopper.reach('failure');
    expect(shopper.heading().textContent).to.equal('Algo deu errado');
    expect(shopper.text()).to.contain('Não foi possível concluir a recarga, então ela foi cancelada. Nada foi cobrado.');
    expect(shopper.text()).to.not.contain('undone');
    await shopper.click('Tentar de novo');
    await shopper.reach('review');
    await shopper.click('Recarregar');
    await shopper.reach('result');
    const [first, second] = shopper.proxy.of('recharge');
    expect(second!.sessionId).to.not.equal(first!.sessionId);
  });

  it('shows a gateway refusal in the shopper\'s words and gives the proxy\'s message to the page only', async () => {
    const shopper = await toReview('default');
    shopper.proxy.nextError('recharge', 502, 'gateway_rejected');
    await shopper.click('Recarregar');
    await shopper.reach('failure');
    expect(shopper.text()).to.contain('O pagamento ou a recarga não foi aprovado.').and.not.contain('fake gateway_rejected');
    const error = shopper.events.find((e) => e.type === 'recharge-error')!;
    expect(error.detail).to.deep.include({ code: 'gateway_rejected', reason: 'fake gateway_rejected' });
  });

  it('and Spanish', async () => {
    const shopper = await Shopper.visit({ lang: 'es', type: 'normal' });
    expect(shopper.heading().textContent).to.equal('Elija su operadora');
    expect(shopper.group('Operadora')).to.exist;
    expect(shopper.button('Continuar')).to.exist;
  });
});
