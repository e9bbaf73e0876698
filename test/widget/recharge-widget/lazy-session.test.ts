/**
 * A preset type opens a Carat session (a transaction at the gateway) only when the widget comes near
 * the viewport: a page with three widgets must not make three transactions on every page view.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../../widget/index.ts';
import type { RechargeWidget } from '../../../widget/recharge-widget.ts';
import { API, FakeProxy } from '../fake-proxy.ts';
import { Shopper } from '../shopper.ts';

function widget(type: string, proxy: FakeProxy): Shopper {
  const el = document.createElement('recharge-widget') as RechargeWidget;
  el.setAttribute('api', API);
  el.setAttribute('lang', 'en');
  el.setAttribute('type', type);
  el.fetcher = proxy.fetch;
  return new Shopper(el, proxy);
}

describe('<recharge-widget>: a preset type opens its session when the shopper gets near it', () => {
  beforeEach(() => window.scrollTo(0, 0));

  it('a widget far below the fold waits; scrolled to, it opens its session and shows the operators', async () => {
    const top = widget('normal', new FakeProxy());
    const below = widget('others', new FakeProxy());
    await fixture(html`<main><h1>Shop</h1>${top.el}<div style="height: 400vh"></div>${below.el}</main>`);
    // The widget on screen opened its session; by then the one below has had its sighting too.
    await top.reach('dealer');
    expect(top.proxy.of('create')).to.have.length(1);
    expect(below.proxy.of('create')).to.have.length(0);
    expect(below.heading().textContent).to.equal('Choose a product'); // the heading of the step to come, over a skeleton
    expect(below.root.querySelector('.skeleton')).to.exist;

    below.el.scrollIntoView();
    await below.reach('dealer');
    expect(below.proxy.of('create')).to.have.length(1);
    expect(below.heading().textContent).to.equal('Choose a product');
  });

  it('opens it once: scrolling away and back, or moving the widget, makes no second session', async () => {
    const shopper = widget('normal', new FakeProxy());
    await fixture(html`<main>${shopper.el}<div style="height: 400vh"></div><p id="end">end</p></main>`);
    await shopper.reach('dealer');
    document.getElementById('end')!.scrollIntoView();
    shopper.el.scrollIntoView();
    const main = shopper.el.parentElement!;
    shopper.el.remove();
    main.append(shopper.el);
    shopper.el.scrollIntoView();
    await shopper.settle();
    expect(shopper.step).to.equal('dealer');
    expect(shopper.proxy.of('create')).to.have.length(1);
  });

  it('opens it at once where IntersectionObserver is missing', async () => {
    const saved = window.IntersectionObserver;
    try {
      // @ts-expect-error: a browser without IntersectionObserver
      delete window.IntersectionObserver;
      expect(typeof IntersectionObserver).to.equal('undefined');
      const shopper = widget('invoice', new FakeProxy());
      await fixture(html`<main><div style="height: 400vh"></div>${shopper.el}</main>`);
      await shopper.reach('dealer');
      expect(shopper.proxy.of('create')).to.have.length(1);
    } finally {
      window.IntersectionObserver = saved;
    }
  });
});
