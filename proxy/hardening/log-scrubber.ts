/**
 * The last line of defence before a log line is written: finds secrets by what they look like,
 * wherever they hide (a message, an error's stack, a header, a nested body), and masks them.
 *
 *   card number  13–19 digits, optionally grouped by single spaces or dashes → all but the last 4
 *                digits become "*" (the last 4 stay: support needs them to find a payment)
 *   NIT          exactly 64 letters/digits (Carat's transaction bearer) → "[REDACTED NIT]"
 *   JWT          three base64url segments whose first decodes to a JSON object → "[REDACTED JWT]"
 *   private key  a PEM PRIVATE KEY block → "[REDACTED PRIVATE KEY]"
 *   secrets      each configured value (the merchant key), verbatim → "[REDACTED SECRET]"
 *
 * A security code has no recognisable shape (3–4 digits); it is caught by its key (log-redaction.ts).
 * Only whole digit runs count as card numbers: a 44–48 digit bill bar code or a 64-digit NIT is
 * never half-masked into something that looks like a card.
 */
import { passesLuhn } from '../browser-rules.ts';

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;
const JWT_LIKE = /(?<![A-Za-z0-9_-])([A-Za-z0-9_-]{8,})\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const NIT_LIKE = /(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])/g;
// A whole run of digits, not a piece of a longer token: a request id (UUID) holds digit runs
// joined by dashes that must stay readable, so no letter or digit may touch the run, directly or
// across a dash, and no digit across a space.
const PAN_LIKE = /(?<![A-Za-z0-9]|[A-Za-z0-9]-|\d )\d(?:[ -]?\d){12,18}(?![A-Za-z0-9]|-[A-Za-z0-9]| \d)/g;

/** "4111 1111 1111 1111" → "************1111". */
export function maskCardNumber(text: string): string {
  const digits = text.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 4) + digits.slice(-4);
}

function isJwtHeader(segment: string): boolean {
  try {
    return Buffer.from(segment, 'base64url').toString('utf8').trimStart().startsWith('{');
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface Scrubber {
  /** Masks everything secret-looking in a piece of text. */
  scrubText(text: string): string;
  /** Same, applied to each string of one serialised JSON line; long bare numbers that pass Luhn become masked strings. */
  scrubJsonLine(line: string): string;
}

// A JSON string token, or a bare integer token (a number outside any string).
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * `secrets`: values to remove verbatim wherever they appear. Values shorter than 4 characters are
 * skipped: masking every "1" in the logs would hide more than it protects.
 */
export function createScrubber(secrets: readonly string[] = []): Scrubber {
  const usable = [...new Set(secrets.filter((secret) => secret.length >= 4))].sort((a, b) => b.length - a.length);
  const secretPattern = usable.length ? new RegExp(usable.map(escapeRegExp).join('|'), 'g') : undefined;
  // Shorter string tokens (quotes included) can hold no card number, NIT, JWT or secret.
  const shortestToken = Math.min(15, ...usable.map((secret) => secret.length + 2));

  function scrubText(text: string): string {
    let out = text.replace(PRIVATE_KEY, '[REDACTED PRIVATE KEY]');
    out = out.replace(JWT_LIKE, (match, header: string) => (isJwtHeader(header) ? '[REDACTED JWT]' : match));
    if (secretPattern) out = out.replace(secretPattern, '[REDACTED SECRET]');
    out = out.replace(NIT_LIKE, '[REDACTED NIT]');
    return out.replace(PAN_LIKE, maskCardNumber);
  }

  function scrubJsonLine(line: string): string {
    return line.replace(JSON_TOKEN, (token) => {
      if (token.startsWith('"')) {
        if (token.length < shortestToken) return token;
        const value = JSON.parse(token) as string;
        const scrubbed = scrubText(value);
        return scrubbed === value ? token : JSON.stringify(scrubbed);
      }
      // Logged as a number: only an integer of card length that passes Luhn is masked (a 13-digit
      // epoch-milliseconds timestamp passes only one time in ten, and pino's own time is ISO text).
      const digits = token.replace(/^-/, '');
      if (/^\d{13,19}$/.test(digits) && passesLuhn(digits)) return JSON.stringify(maskCardNumber(digits));
      return token;
    });
  }

  return { scrubText, scrubJsonLine };
}
