/**
 * Brazilian mobile numbers: area code (DDD) and subscriber number, their masks and checks.
 */

/**
 * The DDDs Anatel assigns. The gateway's format is only "two digits"; checking the real list here
 * catches a typo (e.g. 20) before it costs a round trip.
 */
const DDDS = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69,
  71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
]);

export function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

export function isValidDdd(ddd: string): boolean {
  return /^\d{2}$/.test(ddd) && DDDS.has(Number(ddd));
}

/**
 * A mobile number has nine digits and starts with 9 (Anatel, since 2016). Carat's field allows
 * "up to 9 digits", but a normal recharge is always a mobile line, so we ask for the full nine.
 */
export function isValidMobileNumber(number: string): boolean {
  return /^9\d{8}$/.test(number);
}

/** Input mask while typing: "912345678" → "91234-5678"; partial input stays partial. */
export function maskMobileNumber(text: string): string {
  const d = digitsOf(text).slice(0, 9);
  return d.length > 5 ? `${d.slice(0, 5)}-${d.slice(5)}` : d;
}

/** For the review and the receipt: ("11", "912345678") → "(11) 91234-5678". */
export function formatPhone(ddd: string, number: string): string {
  return `(${ddd}) ${maskMobileNumber(number)}`;
}

export type PhoneProblem = 'ddd' | 'number' | 'confirmation';

/** Every field that is wrong, in the order the shopper fills them; empty when all is well. */
export function checkPhone(ddd: string, number: string, confirmation: string): PhoneProblem[] {
  const problems: PhoneProblem[] = [];
  if (!isValidDdd(digitsOf(ddd))) problems.push('ddd');
  if (!isValidMobileNumber(digitsOf(number))) problems.push('number');
  // A mismatch is only worth saying once the number itself is right.
  else if (digitsOf(confirmation) !== digitsOf(number)) problems.push('confirmation');
  return problems;
}
