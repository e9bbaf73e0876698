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
  // Split on separators outside parentheses: "13(5,125)" is one collect id, not two entries.
  if (typeof available === 'string') return available.match(/(?:[^,;\s(]|\([^)]*\))+/g) ?? [];
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
 * Our choice for `used_payment_methods` (sent on confirmation when Carat asked for it with
 * send_payment_methods "true", for a bill, and always for TIM, §3.6; on the do-recharge too when
 * the branch data asked): one entry for the whole amount, so never more than payment_methods.max.
 * The shopper paid the merchant online, which is none of the point-of-sale methods, so "99"
 * (other forms) is the honest type: "99:<amountCents>". Only a type Carat listed as available is
 * used: 99 when listed; else the first listed type that needs nothing collected (e.g. "00"); else
 * the first listed type, without the data we cannot collect. With no list at all, "99" (Carat's
 * own default for TIM).
 */
export function usedPaymentMethodsFor(methods: CaratPaymentMethods, amountCents: number, paidByCard = false): string[] {
  const { max, available } = parsePaymentMethods(methods);
  const listed = rawEntries(methods).length > 0;
  // A monthly charge (proxy/schedules/) was a credit card's: 03 EFT credit, else 50 EFT cards, when listed.
  const card = paidByCard ? (listed ? available.find((method) => method.type === '03') ?? available.find((method) => method.type === '50') : { type: '03' }) : undefined;
  const type = card ? card.type : !listed
    ? '99'
    : (available.find((method) => method.type === '99')
      ?? available.find((method) => method.collect.length === 0 && method.networks === undefined)
      ?? available[0])?.type;
  return type === undefined ? [] : [`${type}:${amountCents}`].slice(0, max);
}
