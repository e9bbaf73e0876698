/**
 * Printing the customer receipt, and only it. window.print() prints the merchant's whole page, and
 * the page's print stylesheet cannot hide the rest of the page for us (nor can ours, from inside the
 * shadow root). So the receipt goes into a hidden frame of its own, whose document is the receipt
 * and nothing else, and that frame is printed. The frame stays until the next print (some browsers
 * print after print() returns) and leaves with the result step.
 */

export interface PrintOptions {
  /** The printed document's title (browsers print it in the page header). */
  title: string;
  lang: string;
  /** Where focus goes back after printing (the frame took it to print): the shopper's button. */
  returnFocus?: HTMLElement;
}

const FRAME = 'iframe[data-receipt-print]';

export function printReceipt(container: Element, receipt: string, options: PrintOptions): void {
  container.querySelector(FRAME)?.remove();
  const frame = document.createElement('iframe');
  frame.dataset['receiptPrint'] = '';
  frame.title = options.title;
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  // Out of sight but laid out (a display:none frame does not print in every browser).
  Object.assign(frame.style, { position: 'fixed', insetInlineStart: '-10000px', width: '0', height: '0', border: '0' });
  container.append(frame);
  const view = frame.contentWindow;
  const doc = frame.contentDocument;
  if (!view || !doc) return; // not in a document: nothing to print
  doc.documentElement.lang = options.lang;
  doc.title = options.title;
  // Styles through the CSSOM, not a <style>: a merchant's CSP may forbid inline style elements.
  doc.body.style.margin = '0';
  const pre = doc.createElement('pre');
  Object.assign(pre.style, { margin: '0', whiteSpace: 'pre-wrap', font: '11pt/1.4 ui-monospace, Menlo, Consolas, monospace' });
  pre.textContent = receipt;
  doc.body.replaceChildren(pre);
  const back = () => options.returnFocus?.focus();
  view.addEventListener('afterprint', back, { once: true });
  view.focus();
  view.print();
  back(); // print() returns once the dialog closes in most browsers; afterprint covers the others
}
