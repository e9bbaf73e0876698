/**
 * Card checks of the payment block and the sandbox's deterministic outcomes. Documented test cards:
 *   4111111111111111 (Visa) and 5555555555554444 (Mastercard) approve; 4000000000000002 is denied;
 *   any other Luhn-valid number approves.
 * Messages never contain the card number.
 */
import { RequestError, arrayField, digits, exactDigits, field, isObject, requiredField, text, type Json } from './request-rules.ts';
import { ESITEF_CODES } from './responses.ts';

export const DENIED_TEST_CARD = '4000000000000002';

// The sandbox stands for Carat: it keeps its own copy on purpose, not proxy/browser-rules.ts.
export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i += 1) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** MMYY; a card is valid through the last day of its month. */
export function expiryProblem(mmyy: string, nowMs: number): string | undefined {
  const month = Number(mmyy.slice(0, 2));
  if (month < 1 || month > 12) return 'expected a month 01–12 (MMYY)';
  const year = 2000 + Number(mmyy.slice(2, 4));
  const firstDayAfter = Date.UTC(year, month, 1);
  return nowMs >= firstDayAfter ? 'card expired' : undefined;
}

export function maskedPan(number: string): string {
  return `${'*'.repeat(Math.max(0, number.length - 4))}${number.slice(-4)}`;
}

export interface CardPayment {
  amountCents: number;
  authorizerId: string;
  installments: number;
  installmentType: string;
  maskedNumber: string;
  approved: boolean;
  /** payment.extra_param[], echoed in the response as the documented example does. */
  extraParams: Array<{ key: string; value: string }>;
}

const INSTALLMENT_TYPES = new Set(['3', '4', '6', '7']);

/** Validates `payment` of do_recharge_request and decides its outcome. */
export function checkCardPayment(payment: Json, merchantKey: string, nowMs: number): CardPayment {
  const amount = requiredField(payment, 'amount', digits(12), 'payment');
  const authorizerId = requiredField(payment, 'authorizer_id', digits(5), 'payment');
  field(payment, 'customer_id', { chars: 'alnum', max: 20 }, { prefix: 'payment' });
  const key = requiredField(payment, 'merchant_key', { chars: 'alnum', max: 80 }, 'payment');
  if (key !== merchantKey) {
    throw new RequestError('payment.merchant_key', 'must be the merchant of the recharge', ESITEF_CODES.merchant);
  }
  const installments = Number(requiredField(payment, 'installment.number', digits(2), 'payment'));
  if (installments < 1 || installments > 12) throw new RequestError('payment.installment.number', 'expected 1 to 12 installments');
  const installmentType = requiredField(payment, 'installment.type', exactDigits(1), 'payment');
  if (!INSTALLMENT_TYPES.has(installmentType)) throw new RequestError('payment.installment.type', 'expected 3, 4, 6 or 7');

  const token = field(payment, 'card.token', { chars: 'alnum', exact: 88 }, { prefix: 'payment' });
  if (token !== undefined) throw new RequestError('payment.card.token', 'no card is stored under this token in the sandbox');
  const number = requiredField(payment, 'card.number', digits(19), 'payment');
  if (!luhnValid(number)) throw new RequestError('payment.card.number', 'invalid card number (Luhn check failed)');
  const expiry = requiredField(payment, 'card.expiry_date', exactDigits(4), 'payment');
  const expiryIssue = expiryProblem(expiry, nowMs);
  if (expiryIssue) throw new RequestError('payment.card.expiry_date', expiryIssue);
  field(payment, 'card.security_code', digits(5), { prefix: 'payment' });

  return {
    amountCents: Number(amount),
    authorizerId,
    installments,
    installmentType,
    maskedNumber: maskedPan(number),
    approved: number !== DENIED_TEST_CARD,
    extraParams: extraParams(payment),
  };
}

function extraParams(payment: Json): Array<{ key: string; value: string }> {
  return (arrayField(payment, 'extra_param') ?? []).map((item, i) => {
    const prefix = `payment.extra_param[${i}]`;
    if (!isObject(item)) throw new RequestError(prefix, 'expected an object');
    return { key: requiredField(item, 'key', text(50), prefix), value: requiredField(item, 'value', text(200), prefix) };
  });
}
