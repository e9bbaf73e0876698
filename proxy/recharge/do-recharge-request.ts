/** Builds Carat's do_recharge_request (§3.5) from the checked browser request and the proxy's own data. */
import type { CardPayment, RechargeRequest } from '../browser-api.ts';
import { invalidRequest } from '../api-failure.ts';
import { GatewayFailure } from '../carat/http.ts';
import type { ListBranchDataResponse } from '../carat/responses.ts';
import type { SessionRecord } from '../store/session-store.ts';
import { detectBrand, type AcceptedBrand } from '../browser-rules.ts';
import type { AgreedAmount } from './recharge-checks.ts';

/** §3.5 terminal_type: "04" is Internet, which a web shop is. */
const TERMINAL_TYPE_INTERNET = '04';

/**
 * Carat authorizer codes for the card brands we accept (ACCEPTED_BRANDS, browser-rules.ts). Our
 * reference copy shows only "1" (the Visa example); 2 and 3 follow e-SiTef's authorizer table.
 * Other brands are refused up front (the schema) rather than sent under a guessed code.
 */
const AUTHORIZER_IDS: Record<AcceptedBrand, string> = { visa: '1', mastercard: '2', amex: '3' };

function authorizerId(cardNumber: string): string {
  const id = (AUTHORIZER_IDS as Partial<Record<string, string>>)[detectBrand(cardNumber)];
  if (!id) throw invalidRequest('payment.card.number', 'this card brand is not accepted; use Visa, Mastercard or American Express');
  return id;
}

function paymentBlock(payment: CardPayment, agreed: AgreedAmount, merchantKey: string) {
  const { card } = payment;
  return {
    amount: String(agreed.paymentAmountCents),
    authorizer_id: authorizerId(card.number),
    merchant_key: merchantKey,
    // Type 4: store-financed, interest-free; the one to use for a single payment (§3.5).
    installment: { number: String(payment.installments), type: '4' },
    card: {
      number: card.number,
      expiry_date: card.expiry.replace('/', ''),
      security_code: card.securityCode,
      ...(card.holder ? { holder: card.holder } : {}),
    },
  };
}

/** The bill's details come from the proxy's copy of the branch data, never from the browser. */
function invoiceBlock(data: ListBranchDataResponse) {
  const bill = data.invoices;
  const due = /^(\d{4})(\d{2})(\d{2})$/.exec(bill?.expiry_date ?? '');
  if (!bill?.bar_code || !due || data.echo === undefined) {
    throw new GatewayFailure('gateway_unavailable', 'The payment gateway did not give the full details of this bill. Please look it up again.', false);
  }
  return {
    bar_code: bill.bar_code,
    description: (bill.message || 'Pagamento de conta').slice(0, 64),
    expiry_date: `${due[3]}${due[2]}${due[1]}`, // DDMMYYYY
    reference_data: (bill.consumption_reference ?? '').slice(0, 32),
    echo: data.echo,
  };
}

export function buildDoRechargeRequest(
  session: SessionRecord,
  request: RechargeRequest,
  branchData: ListBranchDataResponse,
  agreed: AgreedAmount,
  merchantKey: string,
): Record<string, unknown> {
  const dealer = {
    code: request.dealerCode,
    ...(request.typeCode ? { type_code: request.typeCode } : {}),
    ...(session.type !== 'normal' && request.branchCode ? { branch: { code: request.branchCode } } : {}),
  };
  return {
    amount: String(request.amountCents),
    ...(agreed.amountKey ? { amount_key: agreed.amountKey } : {}),
    terminal_type: TERMINAL_TYPE_INTERNET,
    hashes: { general: session.generalHash },
    dealer,
    ...(request.phone ? { phone: { ddd: request.phone.ddd, number: request.phone.number } } : {}),
    ...(request.answers?.length ? { answers: request.answers } : {}),
    ...(session.type === 'invoice' ? { invoice: invoiceBlock(branchData) } : {}),
    ...(request.payment ? { payment: paymentBlock(request.payment, agreed, merchantKey) } : {}),
  };
}
