/** Builds Carat's do_recharge_request (§3.5) from the checked browser request and the proxy's own data. */
import type { CardPayment, RechargeRequest, RechargeType } from '../browser-api.ts';
import { invalidRequest } from '../api-failure.ts';
import { GatewayFailure } from '../carat/http.ts';
import type { ListBranchDataResponse } from '../carat/responses.ts';
import type { SessionRecord } from '../store/session-store.ts';
import { BRAND_NAMES, detectBrand, type CardBrand } from '../browser-rules.ts';
import { usedPaymentMethodsFor } from './catalogue/payment-methods.ts';
import type { AgreedAmount } from './recharge-checks.ts';

/** §3.5 terminal_type: "04" is Internet, which a web shop is. */
const TERMINAL_TYPE_INTERNET = '04';

/** What the do-recharge takes from the proxy's configuration. */
export interface DoRequestOptions {
  merchantKey: string;
  /** Carat's authorizer_id per card brand (CARAT_AUTHORIZER_IDS). */
  authorizerIds: Partial<Record<CardBrand, string>>;
  /** payment.card.holder is sent only when set (CARAT_SEND_CARD_HOLDER): the recharge's card table has no holder field. */
  sendCardHolder: boolean;
}

/** The brands this proxy can charge: those with an authorizer id, in a stable order. */
export function chargeableBrands(authorizerIds: Partial<Record<CardBrand, string>>): CardBrand[] {
  return (Object.keys(BRAND_NAMES) as CardBrand[]).filter((brand) => brand !== 'unknown' && authorizerIds[brand] !== undefined);
}

/** Whether this proxy takes a card for this type: a normal top-up always (in the do), a PIN or a bill through REST Payment (CARAT_API_URL). */
export function cardPayable(deps: { payments?: unknown }, type: RechargeType): boolean {
  return type === 'normal' || deps.payments !== undefined;
}

function authorizerId(cardNumber: string, authorizerIds: DoRequestOptions['authorizerIds']): string {
  const brand = detectBrand(cardNumber);
  const id = authorizerIds[brand];
  // parseRechargeRequest refused such a card already; never send one under a guessed code.
  if (!id) throw invalidRequest('payment.card.number', `${BRAND_NAMES[brand] || 'this'} cards cannot be charged here`);
  return id;
}

function paymentBlock(payment: CardPayment, agreed: AgreedAmount, options: DoRequestOptions) {
  const { card } = payment;
  return {
    amount: String(agreed.paymentAmountCents),
    authorizer_id: authorizerId(card.number, options.authorizerIds),
    merchant_key: options.merchantKey,
    // Type 4: store-financed, interest-free; the one to use for a single payment (§3.5).
    installment: { number: String(payment.installments), type: '4' },
    card: {
      number: card.number,
      expiry_date: card.expiry.replace('/', ''),
      security_code: card.securityCode,
      ...(card.holder && options.sendCardHolder ? { holder: card.holder } : {}),
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
  options: DoRequestOptions,
): Record<string, unknown> {
  // The dealer list's type code, when it gave one (normal recharges: the browser does not send it).
  const listed = session.dealers.find((candidate) => candidate.code === request.dealerCode)?.type_code;
  const typeCode = request.typeCode ?? listed;
  const dealer = {
    code: request.dealerCode,
    ...(typeCode ? { type_code: typeCode } : {}),
    ...(session.type !== 'normal' && request.branchCode ? { branch: { code: request.branchCode } } : {}),
  };
  // Branch data may ask for the payment methods on the do itself (send_payment_methods).
  const usedPaymentMethods = branchData.send_payment_methods === 'true'
    ? usedPaymentMethodsFor(branchData.payment_methods, agreed.paymentAmountCents, session.grant?.paidBy === 'schedule')
    : undefined;
  return {
    amount: String(request.amountCents),
    ...(agreed.amountKey ? { amount_key: agreed.amountKey } : {}),
    terminal_type: TERMINAL_TYPE_INTERNET,
    hashes: { general: session.generalHash },
    dealer,
    ...(request.phone ? { phone: { ddd: request.phone.ddd, number: request.phone.number } } : {}),
    ...(request.answers?.length ? { answers: request.answers } : {}),
    ...(session.type === 'invoice' ? { invoice: invoiceBlock(branchData) } : {}),
    ...(request.payment ? { payment: paymentBlock(request.payment, agreed, options) } : {}),
    ...(usedPaymentMethods ? { used_payment_methods: usedPaymentMethods } : {}),
  };
}
