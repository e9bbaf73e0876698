/**
 * The embed entry (`recharge-widget` on npm, and the script tag's dist/recharge-widget.js): the
 * element, registered as <recharge-widget>. Registration is guarded, so a second copy of the script
 * on the page (two plugins) reuses the first and does not throw, and so does an import on a server
 * without a custom element registry (server-side rendering). widget/element.ts has the class alone.
 */
import { RechargeWidget } from './recharge-widget.ts';

export { RechargeWidget };
export type { CompleteDetail, ErrorDetail, StepChangeDetail } from './events.ts';

if (typeof customElements !== 'undefined' && !customElements.get('recharge-widget')) {
  try {
    customElements.define('recharge-widget', RechargeWidget);
  } catch {
    // The page registered the class under a name of its own, and a registry takes a constructor once.
    customElements.define('recharge-widget', class extends RechargeWidget {});
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'recharge-widget': RechargeWidget;
  }
}
