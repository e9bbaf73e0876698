/**
 * "Print receipt" prints the receipt alone, not the merchant's page around the widget. A print
 * dialog cannot be driven from a test, so the test records what each print() call would print: the
 * document of the window it was called on, at that moment.
 */
import { expect } from '@open-wc/testing';
import { messagesFor } from './languages.ts';
import { DONE } from './catalogue.ts';
import { Shopper } from './shopper.ts';

interface Printed { page: boolean; text: string; children: string[]; lang: string; title: string }

/** Runs `act` with every window's print() recorded instead of opening a dialog. */
async function recordingPrints(act: () => Promise<void>): Promise<Printed[]> {
  const printed: Printed[] = [];
  const record = (view: Window, page: boolean) => () => {
    const doc = view.document;
    printed.push({ page, text: doc.body.textContent ?? '', children: [...doc.body.children].map((c) => c.tagName), lang: doc.documentElement.lang, title: doc.title });
  };
  const pagePrint = window.print;
  const frameWindow = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!;
  window.print = record(window, true);
  Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', {
    configurable: true,
    get(this: HTMLIFrameElement) {
      const view = frameWindow.get!.call(this) as Window | null;
      if (view) view.print = record(view, false);
      return view;
    },
  });
  try {
    await act();
  } finally {
    window.print = pagePrint;
    Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', frameWindow);
  }
  return printed;
}

/** `paidByCard`: no grant, so the result offers "Nova recarga" (a granted widget's order is complete). */
async function toReceipt(lang: string, paidByCard = false): Promise<Shopper> {
  const shopper = await Shopper.visit({ lang, type: 'normal', dealer: '001', ddd: '11', amount: '1500', ...(paidByCard ? { grant: undefined } : {}) });
  const m = messagesFor(lang);
  if (paidByCard) {
    await shopper.topUpPresetByCardToReview(m);
    await shopper.click(m.payAndTopUp('R$ 15,00'));
  } else {
    await shopper.topUpPresetToReview(m);
    await shopper.click(m.topUp.normal);
  }
  await shopper.reach('result');
  return shopper;
}

describe('<recharge-widget>: printing the receipt', () => {
  it('prints a document that holds the customer receipt and nothing else, not the page', async () => {
    const shopper = await toReceipt('en');
    const printed = await recordingPrints(() => shopper.click('Print receipt'));
    expect(printed).to.have.length(1);
    expect(printed[0]).to.deep.equal({ page: false, text: DONE.receipt.customer, children: ['PRE'], lang: 'en', title: 'Receipt' });
    // The frame is out of the shopper's way: no focus, no screen reader, no room on screen.
    const frame = shopper.root.querySelector('iframe')!;
    expect(frame.getAttribute('aria-hidden')).to.equal('true');
    expect(frame.tabIndex).to.equal(-1);
    expect(frame.getBoundingClientRect().width).to.equal(0);
    await expect(shopper.el).to.be.accessible();
  });

  it('gives focus back to "Print receipt" once printed (the frame took it to print)', async () => {
    const shopper = await toReceipt('en');
    const button = shopper.button('Print receipt');
    button.focus();
    await recordingPrints(() => shopper.click('Print receipt'));
    expect(document.activeElement, 'not left in the print frame').to.equal(shopper.el);
    expect(shopper.root.activeElement).to.equal(button);
  });

  it('prints again with one frame only, in the widget\'s language, and the frame leaves with the receipt', async () => {
    const shopper = await toReceipt('pt-BR', true);
    const printed = await recordingPrints(async () => {
      await shopper.click('Imprimir comprovante');
      await shopper.click('Imprimir comprovante');
    });
    expect(printed.map((p) => [p.page, p.text, p.lang, p.title])).to.deep.equal([
      [false, DONE.receipt.customer, 'pt-BR', 'Comprovante'], [false, DONE.receipt.customer, 'pt-BR', 'Comprovante'],
    ]);
    expect(shopper.root.querySelectorAll('iframe')).to.have.length(1);
    await shopper.click('Nova recarga');
    expect(shopper.root.querySelectorAll('iframe')).to.have.length(0);
  });
});
