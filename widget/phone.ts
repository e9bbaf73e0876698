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

/**
 * A whole number as Brazilians write, paste or autofill it → area code and number:
 * "(11) 98765-4321", "11 98765 4321", "+55 11 98765-4321", "5511987654321", "011 98765-4321".
 * The country code is dropped only when it is certain ("+55", or 55 before eleven more digits):
 * 55 is also an area code (Rio Grande do Sul).
 */
export function splitPhone(text: string): { ddd: string; number: string } {
  let d = digitsOf(text);
  if (/^\s*\+\s*55/.test(text) || (d.length > 11 && d.startsWith('55'))) d = d.slice(2);
  if (d.length === 12 && d.startsWith('0')) d = d.slice(1); // a long-distance 0 before the area code
  return { ddd: d.slice(0, 2), number: d.slice(2, 11) };
}

/**
 * The mask while typing: "11987654321" → "(11) 98765-4321", partial input stays partial. Deleting
 * back to the area code leaves "(11", so that backspace does not bounce off the ") ".
 */
export function maskPhone(text: string, deleting = false): string {
  const { ddd, number } = splitPhone(text);
  if (!ddd) return '';
  if (ddd.length < 2 || (deleting && !number)) return `(${ddd}`;
  return `(${ddd}) ${maskMobileNumber(number)}`;
}

export type PhoneProblem = 'ddd' | 'number';

/** What is wrong with a number as split by splitPhone, the area code first; empty when all is well. */
export function checkPhone(ddd: string, number: string): PhoneProblem[] {
  const problems: PhoneProblem[] = [];
  if (!isValidDdd(ddd)) problems.push('ddd');
  if (!isValidMobileNumber(number)) problems.push('number');
  return problems;
}
