/**
 * The bill behind a bar code, as the invoice dealer's branch data returns it. Deterministic: the
 * same bar code always gives the same holder, amount, due date and echo.
 */
import { createHash } from 'node:crypto';
import { RequestError } from './request-rules.ts';
import type { InvoiceLookup } from './transactions.ts';

const HOLDERS = ['MARIA DA SILVA', 'JOSE DOS SANTOS', 'ANA PEREIRA', 'CARLOS OLIVEIRA', 'FERNANDA SOUZA'];
const DAY_MS = 86_400_000;

export interface InvoiceDetails extends InvoiceLookup {
  holderName: string;
  /** YYYYMMDD */
  expiryDate: string;
  /** MMYYYY */
  consumptionReference: string;
  message: string;
}

export function lookUpInvoice(barCode: string, nowMs: number): InvoiceDetails {
  // Q6: the documented lengths disagree (44 vs 48); bills here have 44 to 48 digits.
  if (!/^\d{44,48}$/.test(barCode)) throw new RequestError('answers.BARCODE', 'expected a bar code of 44 to 48 digits');
  const digest = createHash('sha256').update(barCode).digest();
  // Utility bills (starting with 8) carry their value in digits 5–15; absurd values fall back to the digest.
  const printed = barCode.startsWith('8') ? Number(barCode.slice(4, 15)) : 0;
  const amountCents = printed >= 100 && printed <= 10_000_000 ? printed : 1000 + (digest.readUInt32BE(0) % 99_000);
  const due = new Date(Math.floor(nowMs / DAY_MS) * DAY_MS + (5 + (digest[4]! % 20)) * DAY_MS);
  const reference = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() - 1, 1));
  return {
    barCode,
    amountCents,
    holderName: HOLDERS[digest[5]! % HOLDERS.length]!,
    echo: String(10_000_000_000 + (digest.readUInt32BE(6) % 89_999_999_999)).slice(0, 11),
    expiryDate: `${due.getUTCFullYear()}${pad(due.getUTCMonth() + 1)}${pad(due.getUTCDate())}`,
    consumptionReference: `${pad(reference.getUTCMonth() + 1)}${reference.getUTCFullYear()}`,
    message: 'FATURA DE ASSINATURA',
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
