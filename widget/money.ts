/**
 * Money as the shopper types it: Brazilian real text → integer cents, and Carat's bonus percentage.
 * Amounts stay integer cents end to end; no float ever carries money. Cents → text (formatBrl) is
 * in proxy/browser-rules.ts, shared with the proxy; the style sheet keeps "R$ 15,00" from wrapping.
 */

/**
 * What a shopper types into an amount field → cents, or undefined when it is not an amount.
 * Accepts "15", "15,5", "15,50", "R$ 1.234,56" and also "15.50" (a dot followed by one or two
 * digits at the end reads as decimals, since shoppers on English keyboards type it so).
 */
export function parseBrl(text: string): number | undefined {
  let t = text.trim().replace(/^R\$\s*/i, '').replace(/\s/g, '');
  if (t === '') return undefined;
  if (/^\d+\.\d{1,2}$/.test(t)) t = t.replace('.', ',');
  const match = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(t);
  if (!match) return undefined;
  const reais = Number(match[1]!.replace(/\./g, ''));
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  const total = reais * 100 + cents;
  return Number.isSafeInteger(total) ? total : undefined;
}

/**
 * The bonus an amount brings, in cents: Carat's own figure, else its percentage of the amount
 * (rounded down: never promise a cent more than the operator credits).
 */
export function bonusCentsOf(amountCents: number, terms: { bonusCents?: number; bonusBasisPoints?: number }): number {
  if (terms.bonusCents) return terms.bonusCents;
  return terms.bonusBasisPoints ? Math.floor((amountCents * terms.bonusBasisPoints) / 10_000) : 0;
}

/** What the shopper pays for an amount: its own price when Carat gives one (fees), else the amount. */
export function chargedCents(amount: { amountCents: number; paymentAmountCents?: number }): number {
  return amount.paymentAmountCents ?? amount.amountCents;
}

/** Carat's bonus percentage has two implied decimals: 1050 → "10,5%". */
export function formatBasisPoints(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const fraction = (basisPoints % 100).toString().padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole},${fraction}%` : `${whole}%`;
}
