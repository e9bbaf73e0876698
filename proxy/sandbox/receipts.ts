/**
 * The approval data and receipts of a recharge. A PIN product's PIN is printed once, in the
 * customer receipt of the do-recharge response; the copy kept for queries has it masked, because
 * Carat does not store PINs (§3.5).
 */
import { randomInt } from 'node:crypto';

const brl = (cents: number): string => `R$ ${(cents / 100).toFixed(2).replace('.', ',')}`;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const digitsOf = (length: number): string => Array.from({ length }, () => randomInt(10)).join('');

/** Acquirer codes of the sandbox's fictitious recharge network. */
export const ACQUIRER = { branch_code: '00001', merchant_code: '302800000000000' };

export function authorizationBlock(nowMs: number): Record<string, string> {
  const d = new Date(nowMs);
  return {
    confirmation_data: `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${digitsOf(6)}A6`,
    authorizer_date: `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`,
    authorizer_time: `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`,
    host_usn: digitsOf(9),
    sitef_usn: digitsOf(6),
    number: digitsOf(6),
  };
}

export function newPin(): string {
  return `${digitsOf(4)}-${digitsOf(4)}-${digitsOf(4)}`;
}

export interface ReceiptFacts {
  dealerName: string;
  product?: string;
  phone?: { ddd: string; number: string };
  amountCents: number;
  usn: string;
  authorizationNumber: string;
  nowMs: number;
}

function receiptLines(copy: string, facts: ReceiptFacts): string[] {
  const d = new Date(facts.nowMs);
  return [
    '----- COMPROVANTE DE RECARGA -----',
    copy,
    `DATA: ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    `OPERADORA: ${facts.dealerName}`,
    ...(facts.product ? [`PRODUTO: ${facts.product}`] : []),
    ...(facts.phone ? [`TELEFONE: (${facts.phone.ddd}) ${facts.phone.number}`] : []),
    `VALOR: ${brl(facts.amountCents)}`,
    `NSU: ${facts.usn}`,
    `AUTORIZACAO: ${facts.authorizationNumber}`,
  ];
}

export interface Receipts {
  /** What the do-recharge response prints (with the PIN, once). */
  customer: string;
  merchant: string;
  /** The customer receipt as later queries show it. */
  customerStored: string;
}

export function rechargeReceipts(facts: ReceiptFacts, pin?: string): Receipts {
  const customer = receiptLines('VIA DO CLIENTE', facts);
  const merchant = receiptLines('VIA DO ESTABELECIMENTO', facts).join('\n');
  if (!pin) return { customer: customer.join('\n'), merchant, customerStored: customer.join('\n') };
  return {
    customer: [...customer, `PIN: ${pin}`].join('\n'),
    merchant,
    customerStored: [...customer, 'PIN: ****-****-**** (exibido apenas uma vez)'].join('\n'),
  };
}

export function paymentReceipt(copy: string, maskedCard: string, amountCents: number, installments: number, approved: boolean): string {
  return [
    '----- COMPROVANTE DE PAGAMENTO -----',
    copy,
    `CARTAO: ${maskedCard}`,
    `VALOR: ${brl(amountCents)} EM ${installments}X`,
    approved ? 'TRANSACAO APROVADA' : 'TRANSACAO NEGADA',
  ].join('\n');
}

export function esitefDate(nowMs: number): string {
  const d = new Date(nowMs);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
