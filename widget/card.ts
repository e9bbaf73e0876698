/**
 * Card rules the shopper meets before anything is sent: brand, Luhn, expiry, security code,
 * installments. The gateway checks them again; these only spare a round trip and say which field.
 */

export type CardBrand = 'elo' | 'hipercard' | 'amex' | 'diners' | 'mastercard' | 'visa' | 'discover' | 'jcb' | 'unknown';

/** Ranges of the first six digits. Elo and Hipercard come first: their BINs overlap Visa/Discover. */
const ELO_BIN_RANGES: Array<[number, number]> = [
  [401178, 401179], [431274, 431274], [438935, 438935], [451416, 451416], [457393, 457393],
  [457631, 457632], [504175, 504175], [506699, 506778], [509000, 509999], [627780, 627780],
  [636297, 636297], [636368, 636368], [650031, 650033], [650035, 650051], [650405, 650439],
  [650485, 650538], [650541, 650598], [650700, 650718], [650720, 650727], [650901, 650978],
  [651652, 651679], [655000, 655019], [655021, 655058],
];

export function detectBrand(digits: string): CardBrand {
  const bin6 = Number(digits.slice(0, 6));
  if (digits.length >= 6 && ELO_BIN_RANGES.some(([lo, hi]) => bin6 >= lo && bin6 <= hi)) return 'elo';
  if (/^(606282|3841)/.test(digits)) return 'hipercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^3(0[0-5]|[68])/.test(digits)) return 'diners';
  if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(digits)) return 'mastercard';
  if (/^4/.test(digits)) return 'visa';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'discover';
  if (/^35(2[89]|[3-8]\d)/.test(digits)) return 'jcb';
  return 'unknown';
}

export const BRAND_NAMES: Record<CardBrand, string> = {
  elo: 'Elo', hipercard: 'Hipercard', amex: 'American Express', diners: 'Diners Club',
  mastercard: 'Mastercard', visa: 'Visa', discover: 'Discover', jcb: 'JCB', unknown: '',
};

export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function cardLengths(brand: CardBrand): number[] {
  if (brand === 'amex') return [15];
  if (brand === 'diners') return [14, 16];
  if (brand === 'visa') return [13, 16, 19];
  if (brand === 'unknown') return [13, 14, 15, 16, 17, 18, 19];
  return [16];
}

export function isValidCardNumber(digits: string): boolean {
  return cardLengths(detectBrand(digits)).includes(digits.length) && passesLuhn(digits);
}

/** Groups as printed on the card: 4-6-5 for Amex, fours otherwise. */
export function formatCardNumber(digits: string): string {
  const d = digits.slice(0, 19);
  if (detectBrand(d) === 'amex') return [d.slice(0, 4), d.slice(4, 10), d.slice(10, 15)].filter(Boolean).join(' ');
  return d.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export function securityCodeLength(brand: CardBrand): number {
  return brand === 'amex' ? 4 : 3;
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
 * Installment counts offered for an amount: 1 to 12, each installment at least R$ 5,00. The minimum
 * is our choice (acquirers set one; Carat's branch data does not say it); a top-up is small, so most
 * shoppers see only "1x".
 */
export const MIN_INSTALLMENT_CENTS = 500;
export function installmentOptions(amountCents: number): number[] {
  const max = Math.max(1, Math.min(12, Math.floor(amountCents / MIN_INSTALLMENT_CENTS)));
  return Array.from({ length: max }, (_, i) => i + 1);
}
