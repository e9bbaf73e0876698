/**
 * The form Carat POSTs to our status URL for each schedule execution and each REST payment (§4.5),
 * parsed. It is a claim, not a fact: anyone can POST it, so it only tells us which NIT to ask Carat
 * about (GET /v1/transactions/{nit}) — never act on its status alone. Lenient about fields Carat adds
 * or leaves out, strict about the NIT and the status; a repeated field is malformed (one form, one
 * value). Card data (binCartao, the BIN) is not kept, nor is the transaction id `tid`.
 */
import { z } from 'zod';

const optional = (max: number) => z.string().max(max).optional();

const StatusFormSchema = z.object({
  nit: z.string().regex(/^[A-Za-z0-9]{64}$/),
  status: z.string().regex(/^[A-Z]{3}$/),
  pedido: optional(20),
  nsu: optional(12),
  nsuSitef: optional(20),
  nsuHost: optional(20),
  nsuesitef: optional(20),
  cupom: optional(4000),
  cupomEstabelecimento: optional(4000),
  autorizadora: optional(10),
  tipoPagamento: optional(1),
  dataSitef: optional(19),
  dataEfetivacao: optional(19),
  parcelas: optional(2),
  tipoFinanciamento: optional(1),
  mensagem: optional(1024),
  codigoRespostaAutorizadora: optional(1024),
  rede: optional(500),
  numeroAutorizacao: optional(6),
});

/** The notice in our words; empty fields are left out. */
export interface StatusNotification {
  nit: string;
  /** §5: CON, NEG, … — Carat's claim, to be verified. */
  status: string;
  orderId?: string;
  merchantUsn?: string;
  esitefUsn?: string;
  sitefUsn?: string;
  hostUsn?: string;
  authorizerId?: string;
  /** C credit, D debit, B boleto. */
  paymentType?: string;
  /** `DD/MM/YYYY hh:mm:SS`, dataSitef or else dataEfetivacao. */
  effectedAt?: string;
  installments?: string;
  financingType?: string;
  authorizerMessage?: string;
  authorizerResponseCode?: string;
  network?: string;
  authorizationNumber?: string;
  customerReceipt?: string;
  merchantReceipt?: string;
}

function flatForm(form: unknown): Record<string, unknown> | undefined {
  if (form instanceof URLSearchParams) {
    const keys = [...form.keys()];
    if (new Set(keys).size !== keys.length) return undefined;
    return Object.fromEntries(form);
  }
  return typeof form === 'object' && form !== null && !Array.isArray(form) ? (form as Record<string, unknown>) : undefined;
}

/** The notice, or undefined when the form is not one (missing or malformed NIT or status, a repeated field). */
export function parseStatusNotification(form: unknown): StatusNotification | undefined {
  const flat = flatForm(form);
  const parsed = flat && StatusFormSchema.safeParse(flat);
  if (!parsed?.success) return undefined;
  const f = parsed.data;
  const notice: Record<string, string | undefined> = {
    nit: f.nit,
    status: f.status,
    orderId: f.pedido,
    merchantUsn: f.nsu,
    esitefUsn: f.nsuesitef,
    sitefUsn: f.nsuSitef,
    hostUsn: f.nsuHost,
    authorizerId: f.autorizadora,
    paymentType: f.tipoPagamento,
    effectedAt: f.dataSitef || f.dataEfetivacao,
    installments: f.parcelas,
    financingType: f.tipoFinanciamento,
    authorizerMessage: f.mensagem,
    authorizerResponseCode: f.codigoRespostaAutorizadora,
    network: f.rede,
    authorizationNumber: f.numeroAutorizacao,
    customerReceipt: f.cupom,
    merchantReceipt: f.cupomEstabelecimento,
  };
  return Object.fromEntries(Object.entries(notice).filter(([, v]) => v !== undefined && v !== '')) as unknown as StatusNotification;
}
