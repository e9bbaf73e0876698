/**
 * Card input the shopper meets before anything is sent: masks, expiry, security code, installments.
 * The number, brand and holder rules the proxy applies too are in proxy/browser-rules.ts.
 */

import type { CardPayment } from '../proxy/browser-api.ts';
import {
  ACCEPTED_BRANDS, BRAND_NAMES, detectBrand, isValidCardNumber, isValidHolder, securityCodeLength, type CardBrand,
} from '../proxy/browser-rules.ts';

export type CardField = 'number' | 'expiry' | 'securityCode' | 'holder' | 'installments';
export type CardProblem = 'number' | 'brand' | 'expiry-format' | 'expired' | 'security-code' | 'holder';

/**
 * The brands the shopper's card may be of: those the session says the proxy can charge
 * (cardBrands, brand ids as in browser-rules.ts; ids this widget does not know are left out), or,
 * from an older proxy that does not say, browser-rules.ts' ACCEPTED_BRANDS.
 */
export function chargeableBrands(cardBrands: readonly string[] | undefined): CardBrand[] {
  if (!cardBrands) return [...ACCEPTED_BRANDS];
  return cardBrands.filter((id): id is CardBrand => id !== 'unknown' && Object.hasOwn(BRAND_NAMES, id));
}

/**
 * Every problem of a card as the shopper typed it, in the order of the form; empty when the card
 * may go to the proxy. The number, brand and holder rules are the proxy's own (browser-rules.ts):
 * a card that passes here passes the proxy's schema.
 */
export function checkCard(card: CardPayment['card'], now: Date, brands: readonly CardBrand[] = ACCEPTED_BRANDS): Array<[CardField, CardProblem]> {
  const problems: Array<[CardField, CardProblem]> = [];
  const brand = detectBrand(card.number);
  if (!isValidCardNumber(card.number)) problems.push(['number', 'number']);
  // Only brands the proxy can charge pass: a card it has no authorizer for must not fail after the review.
  else if (!brands.includes(brand)) problems.push(['number', 'brand']);
  const expiry = checkExpiry(card.expiry, now);
  if (expiry !== 'ok') problems.push(['expiry', expiry === 'expired' ? 'expired' : 'expiry-format']);
  if (!isValidSecurityCode(card.securityCode, brand)) problems.push(['securityCode', 'security-code']);
  if (!isValidHolder(card.holder ?? '')) problems.push(['holder', 'holder']);
  return problems;
}

/** Groups as printed on the card: 4-6-5 for Amex, fours otherwise. */
export function formatCardNumber(digits: string): string {
  const d = digits.slice(0, 19);
  if (detectBrand(d) === 'amex') return [d.slice(0, 4), d.slice(4, 10), d.slice(10, 15)].filter(Boolean).join(' ');
  return d.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Input mask while typing: "1" → "1", "12" → "12/", "1228" → "12/28". */
export function maskExpiry(text: string, deleting = false): string {
  const d = text.replace(/\D/g, '').slice(0, 4);
  if (d.length === 2 && !deleting) return `${d}/`;
  return d.length > 2 ? `${d.slice(0, 2)}/${d.slice(2)}` : d;
}

/**
 * "MM/YY" → valid when the month is 1–12 and the card is valid through the end of that month, as
 * cards are. `now` comes in so that the rule is testable.
 */
export function checkExpiry(text: string, now: Date): 'ok' | 'format' | 'expired' {
  const m = /^(\d{2})\/(\d{2})$/.exec(text.trim());
  if (!m) return 'format';
  const month = Number(m[1]);
  const year = 2000 + Number(m[2]);
  if (month < 1 || month > 12) return 'format';
  const thisMonth = now.getFullYear() * 12 + now.getMonth();
  return year * 12 + (month - 1) < thisMonth ? 'expired' : 'ok';
}

export function isValidSecurityCode(code: string, brand: CardBrand): boolean {
  return new RegExp(`^\\d{${securityCodeLength(brand)}}$`).test(code);
}

/**
 * Installment counts offered for an amount: 1 to the proxy's MAX_INSTALLMENTS, each installment at
 * least its MIN_INSTALLMENT_CENTS (the session tells both: the proxy refuses anything else). Without
 * them (an older proxy): 1 to 12 of at least R$ 5,00. A top-up is small, so most shoppers see only "1x".
 */
export const MIN_INSTALLMENT_CENTS = 500;
export function installmentOptions(amountCents: number, limits: { max: number; minCents: number } = { max: 12, minCents: MIN_INSTALLMENT_CENTS }): number[] {
  const max = Math.max(1, Math.min(12, limits.max, Math.floor(amountCents / Math.max(1, limits.minCents))));
  return Array.from({ length: max }, (_, i) => i + 1);
}
