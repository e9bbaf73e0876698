/**
 * A bill's bar code as printed under it, in groups that can wrap on a narrow screen. A 48-digit
 * "arrecadação" line is four blocks of 11 digits and a check digit; a 47-digit boleto line is
 * 5.5 5.6 5.6 1 14; a 44-digit bar code read from the bars is four blocks of 11.
 */
export function barcodeGroups(digits: string): string[] {
  if (/^\d{48}$/.test(digits)) return [0, 12, 24, 36].map((at) => `${digits.slice(at, at + 11)}-${digits[at + 11]}`);
  if (/^\d{47}$/.test(digits)) {
    const s = (from: number, to: number) => digits.slice(from, to);
    return [`${s(0, 5)}.${s(5, 10)}`, `${s(10, 15)}.${s(15, 21)}`, `${s(21, 26)}.${s(26, 32)}`, s(32, 33), s(33, 47)];
  }
  if (/^\d{44}$/.test(digits)) return [0, 11, 22, 33].map((at) => digits.slice(at, at + 11));
  return digits.match(/.{1,5}/g) ?? [];
}
