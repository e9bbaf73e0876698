/**
 * The per-type rules of do_recharge_request (§3.5, §8): what a normal, others or invoice recharge
 * must carry, checked against the catalogue. Produces the plan the do-recharge route executes.
 */
import { checkCardPayment, type CardPayment } from './cards.ts';
import { amountOffered, isAreaCode } from './catalogue.ts';
import type { Category, PaymentMethods, ProductKind } from './catalogue-data.ts';
import type { SandboxContext } from './context.ts';
import { RequestError, anyDigits, digits, exactDigits, field, objectField, requiredField, text, type Json } from './request-rules.ts';
import { ESITEF_CODES } from './responses.ts';
import { questionKey, type Transaction } from './transactions.ts';

export interface RechargePlan {
  kind: ProductKind | 'phone' | 'invoice';
  dealerName: string;
  product?: string;
  phone?: { ddd: string; number: string };
  questionKey: string;
  paymentMethods?: PaymentMethods;
  sendPaymentMethods: boolean;
  card?: CardPayment;
}

export interface CommonFields {
  amountCents: number;
  amountKey?: string;
  dealerCode: string;
}

function checkAmount(categories: Category[], common: CommonFields, where: string): void {
  if (!amountOffered(categories, common.amountCents, common.amountKey)) {
    const field = common.amountKey === undefined ? 'amount' : 'amount_key';
    throw new RequestError(field, `amount not offered ${where}`, ESITEF_CODES.amountNotOffered);
  }
}

function noPayment(body: Json, type: string): void {
  if (body.payment !== undefined) throw new RequestError('payment', `not allowed on an ${type} recharge (only normal recharges are paid through Carat)`);
}

export function planNormal(ctx: SandboxContext, tx: Transaction, body: Json, common: CommonFields): RechargePlan {
  const dealer = ctx.catalogue.normalDealer(common.dealerCode);
  if (!dealer) throw new RequestError('dealer.code', 'unknown dealer for a normal recharge');
  // Q5: optional on normal; the documented example also sends a branch code there, which is ignored.
  field(body, 'dealer.type_code', digits(3));
  field(body, 'dealer.branch.code', digits(11));
  if (objectField(body, 'phone', false) === undefined) throw new RequestError('phone', 'is required on a normal recharge');
  const ddd = requiredField(body, 'phone.ddd', exactDigits(2));
  if (!isAreaCode(ddd)) throw new RequestError('phone.ddd', 'unknown area code (expected 11 to 99)');
  const number = requiredField(body, 'phone.number', digits(9));
  checkAmount(ctx.catalogue.normalCategories(dealer, ddd), common, `by ${dealer.name} in DDD ${ddd}`);
  const payment = objectField(body, 'payment', false);
  return {
    kind: 'phone',
    dealerName: dealer.name,
    phone: { ddd, number },
    questionKey: questionKey(dealer.code),
    paymentMethods: dealer.paymentMethods,
    sendPaymentMethods: false,
    card: payment ? checkCardPayment(payment, tx.merchantKey, ctx.now()) : undefined,
  };
}

export function planOthers(ctx: SandboxContext, body: Json, common: CommonFields): RechargePlan {
  noPayment(body, 'others');
  // Q5: type_code is required for others (and optional for normal).
  const typeCode = requiredField(body, 'dealer.type_code', digits(3));
  const branchCode = requiredField(body, 'dealer.branch.code', digits(11));
  const dealer = ctx.catalogue.othersDealer(common.dealerCode);
  if (!dealer) throw new RequestError('dealer.code', 'unknown dealer for an others recharge');
  if (dealer.typeCode !== typeCode.padStart(2, '0')) throw new RequestError('dealer.type_code', 'does not match the dealer');
  const branch = ctx.catalogue.othersBranch(dealer, branchCode);
  if (!branch) throw new RequestError('dealer.branch.code', 'unknown branch of this dealer');
  checkAmount(branch.categories, common, `by ${branch.name}`);
  return {
    kind: branch.kind,
    dealerName: dealer.name,
    product: branch.name,
    questionKey: questionKey(dealer.code, branch.code),
    sendPaymentMethods: false,
  };
}

export function planInvoice(ctx: SandboxContext, tx: Transaction, body: Json, common: CommonFields): RechargePlan {
  noPayment(body, 'invoice');
  const branchCode = requiredField(body, 'dealer.branch.code', digits(11));
  const dealer = ctx.catalogue.invoiceDealer(common.dealerCode);
  if (!dealer) throw new RequestError('dealer.code', 'unknown dealer for an invoice recharge');
  if (!dealer.branches.some((b) => b.code === branchCode)) throw new RequestError('dealer.branch.code', 'unknown branch of this dealer');
  if (objectField(body, 'invoice', false) === undefined) throw new RequestError('invoice', 'is required on an invoice recharge');
  // Q6: bar code and echo lengths are contradictory in the reference; only digits are enforced.
  const barCode = requiredField(body, 'invoice.bar_code', anyDigits);
  requiredField(body, 'invoice.description', text(64));
  requiredField(body, 'invoice.expiry_date', exactDigits(8));
  requiredField(body, 'invoice.reference_data', text(32));
  const echo = requiredField(body, 'invoice.echo', anyDigits);
  // A bill looked up on this NIT must be the one paid, for its amount.
  if (tx.invoice) {
    if (barCode !== tx.invoice.barCode) throw new RequestError('invoice.bar_code', 'does not match the bill looked up');
    if (echo !== tx.invoice.echo) throw new RequestError('invoice.echo', 'does not match the echo of branch data');
    if (common.amountCents !== tx.invoice.amountCents) {
      throw new RequestError('amount', 'must be the amount of the bill', ESITEF_CODES.amountNotOffered);
    }
  }
  return {
    kind: 'invoice',
    dealerName: dealer.name,
    product: dealer.branches.find((b) => b.code === branchCode)?.name,
    questionKey: questionKey(dealer.code, branchCode),
    paymentMethods: dealer.paymentMethods,
    sendPaymentMethods: true,
  };
}
