/**
 * The body of an approved do_recharge_response. Phone and PIN recharges follow the normal/others
 * examples; invoice follows its own example, which differs (no host, acquirer without branch_code,
 * receipts without total_copies, payment_methods.max as a string, hashes and send_payment_methods):
 * clients must accept both forms (Q16), so the sandbox reproduces each as documented.
 */
import { paymentMethodsWire } from '../catalogue-wire.ts';
import type { RechargePlan } from '../recharge-plan.ts';
import { ACQUIRER } from '../receipts.ts';
import { esitefOk } from '../responses.ts';

export interface Approval {
  usn: string;
  authorization: Record<string, string>;
  customerReceipt: string;
  merchantReceipt: string;
}

export function rechargeWire(p: RechargePlan, a: Approval): Record<string, unknown> {
  const body: Record<string, unknown> = {
    esitef: { ...esitefOk(), usn: a.usn },
    sitef: { message: 'Transacao Aprovada', code: '000' },
    host: { message: p.dealerName.toUpperCase().slice(0, 16), code: '0' },
    acquirer: ACQUIRER,
    authorization: a.authorization,
    customer: { total_copies: 1, receipt: a.customerReceipt },
    merchant: { total_copies: 1, receipt: a.merchantReceipt },
  };
  if (p.paymentMethods) body.payment_methods = paymentMethodsWire(p.paymentMethods);
  return body;
}

export function invoiceRechargeWire(p: RechargePlan, a: Approval, generalHash: string): Record<string, unknown> {
  const methods = p.paymentMethods ? paymentMethodsWire(p.paymentMethods) : { max: 1, available: [{ name: '00' }] };
  return {
    esitef: { ...esitefOk(), usn: a.usn },
    sitef: { message: 'Transacao Aprovada', code: '000' },
    acquirer: { merchant_code: ACQUIRER.merchant_code },
    authorization: a.authorization,
    customer: { receipt: a.customerReceipt },
    merchant: { receipt: a.merchantReceipt },
    payment_methods: { max: String(methods.max), available: methods.available },
    hashes: { general: generalHash, wallet: '' },
    send_payment_methods: p.sendPaymentMethods ? 'true' : 'false',
  };
}
