/**
 * The fields of one execution's status notification (§4.5), as Carat's documented sample names
 * them (plus binCartao and tid, seen in the recurring sample). Choice: no schedule identifier — the
 * sample is cut off where one might be; a merchant finds the schedule by querying the NIT
 * (GET /v1/transactions/{nit} answers with the schedule block) or by its own order id (`pedido`).
 */
import { randomInt } from 'node:crypto';
import type { Payment } from '../payment/payment-book.ts';

const pad = (n: number): string => String(n).padStart(2, '0');
const digitsOf = (length: number): string => Array.from({ length }, () => randomInt(10)).join('');

/** `DD/MM/YYYY hh:mm:SS`. */
function sitefDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function statusForm(execution: Payment, chargedAtMs: number): Record<string, string> {
  const a = execution.authorization;
  const approved = execution.status === 'CON';
  return {
    nit: execution.nit,
    pedido: execution.orderId ?? '',
    nsu: execution.merchantUsn ?? '',
    nsuSitef: digitsOf(6),
    nsuHost: digitsOf(9),
    nsuesitef: a?.esitefUsn ?? '',
    status: execution.status,
    cupom: a?.customerReceipt ?? '',
    cupomEstabelecimento: a?.merchantReceipt ?? '',
    autorizadora: a?.authorizerId ?? '',
    tipoPagamento: 'C',
    // "confirmed and SiTef-routed only": the sandbox stands for a SiTef routing.
    ...(approved ? { dataSitef: sitefDate(chargedAtMs) } : {}),
    parcelas: String(a?.installments ?? 1),
    tipoFinanciamento: '4',
    mensagem: a?.authorizerMessage ?? '',
    codigoRespostaAutorizadora: a?.authorizerCode ?? '',
    rede: 'SANDBOX',
    numeroAutorizacao: a?.authorizationNumber ?? '',
    binCartao: a?.bin ?? '',
    tid: digitsOf(20),
  };
}
