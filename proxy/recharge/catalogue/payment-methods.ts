/**
 * Carat's payment-method strings (§3.4.1, §3.5.1): reading `payment_methods.available` for the
 * browser, and writing `used_payment_methods` for the confirmation.
 */
import type { PaymentMethod, PaymentMethods } from '../../browser-api.ts';
import type { CaratPaymentMethods } from '../../carat/responses.ts';

const KNOWN_TYPES = new Set(['00', '01', '02', '03', '10', '11', '12', '13', '50', '99']);
const KNOWN_COLLECT_IDS = new Set(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '14', '15']);

/** The raw entries, whatever form Carat used (Q16: a string or an array of {name}). */
function rawEntries(methods: CaratPaymentMethods): string[] {
  const available = methods?.available;
  if (available === undefined) return [];
  if (typeof available === 'string') return available.split(/[;,\s]+/).filter(Boolean);
  return available.map((entry) => entry.name);
}

/** "02:03-07-13(5,125)" → {type:"02", collect:["03","07"], networks:["5","125"]}; unknown parts skipped. */
function parsePaymentMethod(entry: string): PaymentMethod | undefined {
  const match = /^(\d{2})(?::(.*))?$/.exec(entry.trim());
  if (!match || !KNOWN_TYPES.has(match[1]!)) return undefined;
  const method: PaymentMethod = { type: match[1]!, collect: [] };
  for (const id of (match[2] ?? '').split('-').filter(Boolean)) {
    const networks = /^13\(([\d,]*)\)$/.exec(id);
    if (networks) method.networks = networks[1]!.split(',').filter(Boolean);
    else if (KNOWN_COLLECT_IDS.has(id)) method.collect.push(id);
  }
  return method;
}

export function parsePaymentMethods(methods: CaratPaymentMethods): PaymentMethods {
  const max = Number(methods?.max);
  const available = rawEntries(methods).map(parsePaymentMethod).filter((method): method is PaymentMethod => method !== undefined);
  return { max: Number.isInteger(max) && max > 0 ? max : 1, available };
}

/**
 * Our choice for `used_payment_methods` (sent on confirmation when do-recharge answered
 * send_payment_methods "true", and always for TIM, §3.6): one entry for the whole amount.
 * The shopper paid the merchant online, which is none of the point-of-sale methods, so
 * "99" (other forms) is the honest type: "99:<amountCents>". If Carat lists methods and 99 is not
 * among those needing nothing collected, we use the first listed one that needs nothing
 * collected (e.g. "00:<amountCents>"); if there is none, "99" still (Carat's own default for TIM).
 */
export function usedPaymentMethodsFor(methods: CaratPaymentMethods, amountCents: number): string[] {
  const entries = rawEntries(methods);
  const plain = entries.filter((entry) => /^\d{2}$/.test(entry.trim()) && KNOWN_TYPES.has(entry.trim())).map((entry) => entry.trim());
  const type = entries.length === 0 || plain.includes('99') || plain.length === 0 ? '99' : plain[0]!;
  return [`${type}:${amountCents}`];
}
