/**
 * Money as the shopper reads it: integer cents ↔ Brazilian real text.
 *
 * Amounts stay integer cents end to end; no float ever carries money. Every language shows BRL the
 * Brazilian way ("R$ 1.234,56"): the shopper pays in reais in Brazil whatever the page language,
 * and the labels are a contract ("Pay R$ 15,00 and top up"). A plain space follows "R$" so that the
 * text matches what merchants and tests write; the style sheet keeps it from wrapping.
 */

/** 1550 → "R$ 15,50"; 123456 → "R$ 1.234,56". */
export function formatBrl(amountCents: number): string {
  if (!Number.isSafeInteger(amountCents)) throw new RangeError(`amountCents must be an integer, got ${amountCents}`);
  const sign = amountCents < 0 ? '-' : '';
  const abs = Math.abs(amountCents);
  const reais = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${sign}R$ ${reais},${cents}`;
}

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

/** Carat's bonus percentage has two implied decimals: 1050 → "10,5%". */
export function formatBasisPoints(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const fraction = (basisPoints % 100).toString().padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole},${fraction}%` : `${whole}%`;
}
