import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { ptBR as m } from '../../../widget/messages/pt-BR.ts';
import { BARCODE, BILL_DATA, TV_ASKS } from '../catalogue.ts';
import { Shopper, TEST_CARD } from '../shopper.ts';

/** A 48-digit "arrecadação" line: in one run it would be about 700 px wide. */
const LONG_BARCODE = '836600000011234567890123456789012345678901234567';

/** The page never scrolls sideways, and nothing in the widget sticks out of it. */
function fitsWidth(shopper: Shopper, where: string): void {
  const page = document.documentElement;
  expect(page.scrollWidth, `page width at ${where}`).to.be.at.most(innerWidth);
  const right = shopper.el.getBoundingClientRect().right;
  for (const node of shopper.root.querySelectorAll<HTMLElement>('[part~=base] *')) {
    const box = node.getBoundingClientRect();
    if (box.width === 0 || node.closest('.visually-hidden')) continue;
    expect(box.right, `${node.tagName}.${node.className} "${node.textContent!.trim().slice(0, 30)}" at ${where}`).to.be.at.most(right + 0.5);
  }
}

for (const [width, height] of [[360, 740], [1280, 800]] as const) {
  describe(`<recharge-widget> at ${width}×${height} in pt-BR`, () => {
    before(() => setViewport({ width, height }));
    after(() => setViewport({ width: 800, height: 600 }));
    afterEach(() => sessionStorage.clear()); // a pending recharge would come back in the next widget

    it('fits every step of a card top-up, with errors shown', async () => {
      const shopper = await Shopper.visit({ grant: undefined });
      fitsWidth(shopper, 'type');
      await shopper.click(m.continue);
      await shopper.reach('dealer');
      await shopper.click(m.continue);
      fitsWidth(shopper, 'dealer with its error');
      await shopper.chooseDealer('Vivo', undefined, m.dealerLabel.normal, m);
      await shopper.reach('phone');
      await shopper.click(m.continue);
      fitsWidth(shopper, 'phone with its errors');
      await shopper.enterPhoneIn(m, '(11) 98765-4321');
      await shopper.reach('amount');
      fitsWidth(shopper, 'amount');
      // Amounts are chips two by two: R$ 15,00 and R$ 30,00 share a row.
      const [fifteen, thirty] = [...shopper.root.querySelectorAll('[part~=chip]')].map((chip) => chip.getBoundingClientRect());
      expect(thirty!.top).to.equal(fifteen!.top);
      expect(thirty!.left).to.be.above(fifteen!.right);
      await shopper.chooseAmount('R$ 15,00', m);
      await shopper.reach('card');
      await shopper.click(m.continue);
      fitsWidth(shopper, 'card with its errors');
      await shopper.enterCard(TEST_CARD, m);
      await shopper.reach('review');
      fitsWidth(shopper, 'review');
      if (width === 360) {
        // Each term over its value: the phone number keeps one line.
        const phone = [...shopper.root.querySelectorAll('dd')].find((dd) => dd.textContent === '(11) 98765-4321')!;
        expect(phone.getBoundingClientRect().height, 'one line').to.be.below(30);
      }
      await shopper.click(m.payAndTopUp('R$ 15,00'));
      await shopper.reach('result');
      fitsWidth(shopper, 'result');
      // The summary's phone number is never broken at its hyphen ("(11) 98765-" / "4321").
      const summaryPhone = shopper.root.querySelector('.done .nowrap')!;
      expect(summaryPhone.textContent).to.equal('(11) 98765-4321');
      expect(summaryPhone.getClientRects(), 'one line').to.have.length(1);
    });

    it('fits a PIN product\'s confirmation question, review and PIN, a TV package and a failure', async () => {
      const pin = await Shopper.visit({ type: 'others' });
      await pin.reach('dealer');
      fitsWidth(pin, 'provider');
      await pin.chooseDealer('Game Store', 'Game card R$ 20', m.dealerLabel.others, m);
      await pin.reach('amount');
      await pin.click(m.continue); // one price, chosen for the shopper
      await pin.reach('questions');
      fitsWidth(pin, 'questions');
      // The confirmation is a checkbox beside its words, not a box of its own.
      const box = pin.field(m.confirmationLabel).closest('label')!.getBoundingClientRect();
      expect(box.height, 'the checkbox\'s label keeps one line').to.be.below(40);
      await pin.check(m.confirmationLabel);
      await pin.click(m.continue);
      await pin.reach('review');
      fitsWidth(pin, 'PIN review');
      await pin.click(m.topUp.others);
      await pin.reach('result');
      fitsWidth(pin, 'PIN result');

      const tv = await Shopper.visit({ type: 'normal', dealer: '005', ddd: '11', amount: '1500' });
      await tv.topUpPresetToReview(m);
      tv.proxy.next('recharge', { status: 200, body: TV_ASKS });
      await tv.click(m.topUp.normal);
      await tv.reach('tv-package');
      fitsWidth(tv, 'TV package');
      tv.proxy.next('recharge', 'network');
      await tv.choose('PKG-FULL');
      await tv.click(m.continue);
      await tv.reach('failure');
      fitsWidth(tv, 'failure');
    });

    it('fits a bill with a 48-digit bar code, shown in groups', async () => {
      const shopper = await Shopper.visit({ type: 'invoice' });
      await shopper.reach('dealer');
      await shopper.chooseDealer('City Power', 'Electricity bill', m.dealerLabel.invoice, m);
      await shopper.reach('barcode');
      fitsWidth(shopper, 'barcode');
      shopper.proxy.next('branches', { status: 200, body: { ...BILL_DATA, invoice: { ...BILL_DATA.invoice!, barCode: LONG_BARCODE } } });
      await shopper.type(m.barcodeLabel, LONG_BARCODE);
      await shopper.click(m.continue);
      await shopper.reach('review');
      fitsWidth(shopper, 'bill review');
      expect(shopper.text()).to.contain('83660000001-1 23456789012-3 45678901234-5 67890123456-7');
      shopper.proxy.next('recharge', 'pending');
      await shopper.click(m.topUp.invoice);
      await shopper.reach('pending');
      fitsWidth(shopper, 'pending');
    });
  });
}

describe('<recharge-widget>: focus while a request runs', () => {
  it('never drops to <body> while the phone step asks the proxy (every step shares this busy button; "Pagar": card-payment spec)', async () => {
    const shopper = await Shopper.visit({ type: 'normal', dealer: '001' });
    await shopper.reach('phone');
    await shopper.type(m.phoneLabel, '(11) 98765-4321');
    const release = shopper.proxy.hold('branches');
    const go = shopper.button(m.continue);
    go.focus();
    go.click();
    await shopper.el.updateComplete;
    await shopper.root.querySelector<HTMLElement & { updateComplete: Promise<unknown> }>('recharge-phone-step')!.updateComplete;
    expect(document.activeElement).to.equal(shopper.el);
    expect(shopper.root.activeElement!.textContent).to.equal(m.busy);
    expect(shopper.root.activeElement!.getAttribute('aria-disabled')).to.equal('true');
    go.click(); // a second press while busy sends nothing more
    release();
    await shopper.reach('amount');
    expect(shopper.proxy.of('branches')).to.have.length(1);
    expect(document.activeElement).to.equal(shopper.el);
    expect(shopper.root.activeElement).to.equal(shopper.heading());
  });
});

describe('<recharge-widget>: focus while the product and bar-code steps ask the proxy', () => {
  /** Presses the step's Continue and, while the call is held, finds focus on it, busy. */
  async function busyKeepsFocus(shopper: Shopper, route: 'branches'): Promise<void> {
    const release = shopper.proxy.hold(route);
    const go = shopper.button(m.continue);
    go.focus();
    go.click();
    await shopper.el.updateComplete;
    await (shopper.root.querySelector('[data-step] > *') as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(document.activeElement, 'not <body>').to.equal(shopper.el);
    expect(shopper.root.activeElement).to.equal(go);
    expect(go.getAttribute('aria-disabled')).to.equal('true');
    expect(go.textContent).to.equal(m.busy);
    release();
  }

  it('keeps focus on the busy Continuar of the product (PIN) and of the bar code (bill)', async () => {
    const pin = await Shopper.visit({ type: 'others' });
    await pin.reach('dealer');
    await pin.select(m.branchLabel.others, 'Game card R$ 20');
    await busyKeepsFocus(pin, 'branches');
    await pin.reach('amount');

    const bill = await Shopper.visit({ type: 'invoice' });
    await bill.reach('dealer');
    await bill.chooseDealer('City Power', 'Electricity bill', m.dealerLabel.invoice, m);
    await bill.reach('barcode');
    await bill.type(m.barcodeLabel, BARCODE);
    await busyKeepsFocus(bill, 'branches');
    await bill.reach('review');
  });
});

describe('<recharge-widget>: no layout shift', () => {
  before(() => setViewport({ width: 360, height: 740 }));
  after(() => setViewport({ width: 800, height: 600 }));

  it('keeps its height from the type step through the skeleton to the operators, and the heading of the step to come', async () => {
    const shopper = await Shopper.visit();
    const height = () => shopper.el.getBoundingClientRect().height;
    const first = height();
    expect(first).to.be.at.least(320);
    const release = shopper.proxy.hold('create');
    const top = shopper.el.getBoundingClientRect().top;
    shopper.button(m.continue).click();
    await shopper.el.updateComplete;
    expect(shopper.root.querySelector('.skeleton'), 'a skeleton while the session opens').to.exist;
    expect(shopper.root.querySelector('.skeleton .visually-hidden')!.textContent, 'said to screen readers only').to.equal(m.loading);
    expect(shopper.heading().textContent).to.equal(m.dealerHeading.normal);
    // Right after the click (no layout shift then), the widget reaches the bottom of the screen while it waits.
    const waiting = height();
    expect(waiting).to.be.at.least(first);
    expect(top + waiting, 'down to the bottom of the screen').to.be.at.least(innerHeight - 1);
    release();
    await shopper.reach('dealer');
    expect(shopper.heading().textContent).to.equal(m.dealerHeading.normal);
    expect(height(), 'the step that comes by itself moves nothing').to.equal(waiting);
  });

  it('never gets shorter when a step comes by itself, and takes its own height again at the shopper\'s next move', async () => {
    // Paid by card: the result offers "Nova recarga" (a granted widget's order is complete).
    const shopper = await Shopper.visit({ type: 'normal', dealer: '001', ddd: '11', amount: '1500', grant: undefined });
    await shopper.topUpPresetByCardToReview(m);
    const height = () => shopper.el.getBoundingClientRect().height;
    const review = height();
    const release = shopper.proxy.hold('recharge');
    shopper.button(m.payAndTopUp('R$ 15,00')).click();
    await shopper.el.updateComplete;
    const waiting = height();
    expect(waiting).to.be.at.least(review);
    release();
    await shopper.reach('result');
    expect(height(), 'the shorter result keeps the height').to.equal(waiting);
    await shopper.click(m.again.normal); // a new session: it waits again, as tall
    await shopper.reach('phone');
    await shopper.click(m.back); // no call: the operators at once, at their own height
    await shopper.reach('dealer');
    expect(height(), 'after the shopper\'s click, its own height').to.be.below(waiting);
  });

  it('lets the page reserve its height before the script loads, with the documented rule', () => {
    const style = document.createElement('style');
    style.textContent = 'recharge-later:not(:defined) { display: block; min-height: 20rem; }';
    const later = document.createElement('recharge-later');
    document.body.append(style, later);
    expect(later.getBoundingClientRect().height).to.equal(320);
    later.remove();
    style.remove();
  });
});

