/**
 * The embed entry: `<script type="module" src=".../recharge-widget.js">` loads this. Registration
 * is guarded, so a second copy of the script on the page (two plugins) reuses the first and does
 * not throw. Import recharge-widget.ts instead for the class without registering it.
 */
import { RechargeWidget } from './recharge-widget.ts';

export { RechargeWidget };
export type { CompleteDetail, ErrorDetail, StepChangeDetail } from './events.ts';

if (!customElements.get('recharge-widget')) {
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
