/**
 * The proxy cannot be reached (down, a wrong `api`, a CORS refusal: in each, fetch rejects): the
 * shopper reads a short message in the page's language with a retry button, the page gets
 * recharge-error `proxy_unreachable`, and the retry works once the proxy answers again.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { FakeProxy } from '../fake-proxy.ts';
import { Shopper } from '../shopper.ts';
import { en } from '../../../widget/messages/en.ts';
import { es } from '../../../widget/messages/es.ts';
import { ptBR } from '../../../widget/messages/pt-BR.ts';
import type { RechargeWidget } from '../../../widget/recharge-widget.ts';

/** A fake proxy behind a switch: while down, every call rejects as a browser's fetch does. */
function switchableProxy(): { proxy: FakeProxy; setDown(down: boolean): void } {
  const proxy = new FakeProxy();
  const answer = proxy.fetch;
  let down = true;
  Object.defineProperty(proxy, 'fetch', {
    value: (input: RequestInfo | URL, init?: RequestInit) => (down ? Promise.reject(new TypeError('Failed to fetch')) : answer(input, init)),
  });
  return { proxy, setDown: (value) => { down = value; } };
}

const errorsOf = (shopper: Shopper) => shopper.events.filter((e) => e.type === 'recharge-error').map((e) => e.detail);

describe('<recharge-widget>: the proxy cannot be reached', () => {
  for (const [lang, m] of [['pt-BR', ptBR], ['en', en], ['es', es]] as const) {
    it(`${lang}: says so in the page's language, with a retry button, and tells the page proxy_unreachable`, async () => {
      const { proxy } = switchableProxy();
      const shopper = await Shopper.visit({ type: 'normal', lang }, proxy);
      await shopper.reach('failure');
      expect(shopper.text()).to.contain(m.failure.network);
      expect(shopper.button(m.tryAgain)).to.exist;
      const [error] = errorsOf(shopper);
      expect(error.code).to.equal('proxy_unreachable');
      expect(error.message).to.equal(m.failure.network);
    });
  }

  it('the retry works once the proxy is back: the session opens and the top-up completes', async () => {
    const { proxy, setDown } = switchableProxy();
    const shopper = await Shopper.visit({ type: 'normal', lang: 'en' }, proxy);
    await shopper.reach('failure');
    await shopper.click('Try again');
    await shopper.reach('failure'); // still down: the same message again, nothing else
    expect(errorsOf(shopper).map((e) => e.code)).to.deep.equal(['proxy_unreachable', 'proxy_unreachable']);
    setDown(false);
    await shopper.click('Try again');
    await shopper.reach('dealer');
    await shopper.pickDealer('Vivo');
    await shopper.click('Continue');
    await shopper.reach('phone');
    await shopper.type('Phone number', '11912345678');
    await shopper.click('Continue');
    await shopper.reach('amount');
    await shopper.choose('R$ 15,00');
    await shopper.click('Continue');
    await shopper.reach('review');
    await shopper.click('Top up');
    await shopper.reach('result');
    expect(proxy.recharges).to.equal(1);
  });

  it('a wrong api (nothing listens there) in a real fetch: proxy_unreachable, and the shopper is told', async () => {
    const el = document.createElement('recharge-widget') as RechargeWidget;
    el.setAttribute('api', 'http://127.0.0.1:9');
    el.setAttribute('type', 'normal');
    el.setAttribute('lang', 'en');
    const codes: string[] = [];
    el.addEventListener('recharge-error', (e) => codes.push(e.detail.code));
    await fixture(html`<main>${el}</main>`);
    el.scrollIntoView();
    await waitUntil(() => codes.length > 0, 'a recharge-error event', { timeout: 10000 });
    expect(codes).to.deep.equal(['proxy_unreachable']);
    await waitUntil(() => el.shadowRoot!.querySelector('[data-step]')?.textContent?.includes(en.failure.network), 'the message');
  });
});
