/** The `payment` block of do_recharge_response (§3.5), as the documented example shapes it. */
import type { CardPayment } from '../cards.ts';
import { esitefDate, paymentReceipt } from '../receipts.ts';
import { randomInt } from 'node:crypto';

const digitsOf = (length: number): string => Array.from({ length }, () => randomInt(10)).join('');

export function paymentWire(card: CardPayment, status: 'PPC' | 'NEG', nowMs: number, usn: string): Record<string, unknown> {
  const approved = status === 'PPC';
  const date = esitefDate(nowMs);
  return {
    status,
    amount: String(card.amountCents),
    type: 'C',
    esitef: { usn, date },
    customer: { receipt: paymentReceipt('VIA DO CLIENTE', card.maskedNumber, card.amountCents, card.installments, approved) },
    merchant: { receipt: paymentReceipt('VIA DO ESTABELECIMENTO', card.maskedNumber, card.amountCents, card.installments, approved) },
    authorizer_id: card.authorizerId,
    acquirer: 'SANDBOX',
    authorization: {
      number: approved ? digitsOf(6) : '',
      sitef_usn: digitsOf(6),
      host_usn: digitsOf(6),
      tid: digitsOf(20),
      eci: '05',
      sitef_date: date.slice(0, 10).replaceAll('/', ''),
    },
    analysis: { status: approved ? 'CON' : 'NEG', code: approved ? '0' : '51', message: approved ? 'aprovado' : 'negado' },
    ...(card.extraParams.length > 0 ? { extra_param: card.extraParams } : {}),
    sitef: { code: approved ? '000' : '051' },
  };
}
