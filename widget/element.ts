/**
 * `recharge-widget/element`: the element class without registering it, for a page that registers it
 * under a tag of its own or extends it, and the types of its public events. Importing it has no
 * side effect, in a browser or in Node (server-side rendering).
 */
export { RechargeWidget } from './recharge-widget.ts';
export type { CompleteDetail, ErrorDetail, StepChangeDetail } from './events.ts';
