/**
 * The rules both sides of the browser API apply (browser-api.ts is the shapes, this is the rules):
 * the widget checks them to tell the shopper at the field, the proxy's zod schemas
 * (browser-schemas.ts) check them again. One copy, so the two cannot drift: a card the widget lets
 * through the card step is one the proxy accepts.
 *
 * Pure TypeScript with no node or DOM import: the widget bundles it. The Carat sandbox
 * (proxy/sandbox/) keeps its own copies on purpose: it stands for Carat, not for us.
 */
export { isRechargeType, RECHARGE_TYPES } from './recharge-types.ts';

/** The answer code that carries a chosen TV package when a recharge is sent again (§3.5). */
export const TV_PACKAGE_ANSWER_CODE = '126';

// ---- Card number and brand --------------------------------------------------------------------

export type CardBrand = 'elo' | 'hipercard' | 'amex' | 'diners' | 'mastercard' | 'visa' | 'discover' | 'jcb' | 'unknown';

/**
 * The brands the widget lets through its card step today. What the proxy can charge is decided by
 * its CARAT_AUTHORIZER_IDS (a brand needs a Carat authorizer id; default Visa only) and sent to the
 * browser as `cardBrands` in the creation answer (browser-api.ts): the widget should refuse at the
 * card field any brand not listed there, as the proxy refuses it (400 naming payment.card.number).
 */
export const ACCEPTED_BRANDS = ['visa', 'mastercard', 'amex'] as const satisfies readonly CardBrand[];
export type AcceptedBrand = (typeof ACCEPTED_BRANDS)[number];

export function isAcceptedBrand(brand: CardBrand): brand is AcceptedBrand {
  return (ACCEPTED_BRANDS as readonly CardBrand[]).includes(brand);
}

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

/** Any card number: 13 to 19 digits (ISO/IEC 7812); each brand allows fewer lengths. */
export const CARD_NUMBER_LENGTH = { min: 13, max: 19 } as const;

function cardLengths(brand: CardBrand): number[] {
  if (brand === 'amex') return [15];
  if (brand === 'diners') return [14, 16];
  if (brand === 'visa') return [13, 16, 19];
  if (brand === 'unknown') return [13, 14, 15, 16, 17, 18, 19];
  return [16];
}

/** Digits only, a length its brand has, and the Luhn check digit (the brand may still be refused). */
export function isValidCardNumber(digits: string): boolean {
  return cardLengths(detectBrand(digits)).includes(digits.length) && passesLuhn(digits);
}

export function securityCodeLength(brand: CardBrand): number {
  return brand === 'amex' ? 4 : 3;
}

// ---- Card holder ------------------------------------------------------------------------------

/**
 * The name on the card: Carat's card.holder is "< 30 AN" (up to 30 characters), so at most 30, for
 * the widget too (it used to allow 60, which Carat would refuse); at least 2, as the widget always
 * asked (no printed name is one letter). Letters, spaces, . ' and -.
 */
export const HOLDER_LENGTH = { min: 2, max: 30 } as const;
export const HOLDER_PATTERN = /^[\p{L} .'-]+$/u;

export function isValidHolder(name: string): boolean {
  return name.length >= HOLDER_LENGTH.min && name.length <= HOLDER_LENGTH.max && HOLDER_PATTERN.test(name);
}

// ---- Money ------------------------------------------------------------------------------------

/**
 * Integer cents → Brazilian real text: 1550 → "R$ 15,50"; 123456 → "R$ 1.234,56". Every language
 * shows BRL the Brazilian way (the shopper pays in reais in Brazil whatever the page language). A
 * plain space follows "R$" so that the text matches what merchants and tests write.
 */
export function formatBrl(amountCents: number): string {
  if (!Number.isSafeInteger(amountCents)) throw new RangeError(`amountCents must be an integer, got ${amountCents}`);
  const sign = amountCents < 0 ? '-' : '';
  const abs = Math.abs(amountCents);
  const reais = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${sign}R$ ${reais},${cents}`;
}
