/**
 * How many installments a card payment may be split into (issue 8 §3): at most MAX_INSTALLMENTS
 * (default 1: a R$ 15 top-up split in twelve is a card tester's cheapest probe and no shopper's
 * need), each at least MIN_INSTALLMENT_CENTS. Checked against what the shopper pays, before Carat.
 */
import type { CardPayment } from '../browser-api.ts';
import { invalidRequest } from '../api-failure.ts';
import { formatBrl } from '../browser-rules.ts';

export interface InstallmentLimits {
  maxInstallments: number;
  minInstallmentCents: number;
}

export function checkInstallments(payment: CardPayment, paymentAmountCents: number, limits: InstallmentLimits): void {
  const { installments } = payment;
  if (installments > limits.maxInstallments) {
    throw invalidRequest('payment.installments', limits.maxInstallments === 1 ? 'must be 1: this shop takes single payments only' : `must be at most ${limits.maxInstallments}`);
  }
  if (installments > 1 && Math.floor(paymentAmountCents / installments) < limits.minInstallmentCents) {
    throw invalidRequest('payment.installments', `each installment must be at least ${formatBrl(limits.minInstallmentCents)}`);
  }
}
