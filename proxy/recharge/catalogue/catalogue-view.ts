/**
 * The catalogue as the browser sees it: Carat's dealers (§3.3) and list_branch_data_response
 * (§3.4) as Dealer and BranchData, cents as integers.
 */
import type { AmountTerms, BranchData, Dealer, InvoiceDetails, Question } from '../../browser-api.ts';
import { wholeNumber, type CaratCategory, type CaratDealer, type ListBranchDataResponse } from '../../carat/responses.ts';
import { parsePaymentMethods } from './payment-methods.ts';

export function dealerView(dealer: CaratDealer): Dealer {
  const view: Dealer = { code: dealer.code, name: dealer.name ?? dealer.code };
  if (dealer.type_code) view.typeCode = dealer.type_code;
  if (dealer.type_name) view.typeName = dealer.type_name;
  if (dealer.branches?.length) view.branches = dealer.branches.map((branch) => ({ code: branch.code, name: branch.name ?? branch.code }));
  return view;
}

type CaratTerms = CaratCategory['fixed_amounts'][number];

function amountTerms(terms: Omit<CaratTerms, 'amount'>): AmountTerms {
  const view: AmountTerms = {};
  const set = <K extends keyof AmountTerms>(key: K, value: AmountTerms[K] | undefined) => {
    if (value !== undefined && value !== '') view[key] = value;
  };
  set('amountKey', terms.amount_key);
  set('bonusCents', wholeNumber(terms.bonus));
  set('bonusBasisPoints', wholeNumber(terms.bonus_in_percentage));
  set('paymentAmountCents', wholeNumber(terms.payment_amount));
  set('validityDays', wholeNumber(terms.expiry_date));
  set('bonusValidityDays', wholeNumber(terms.bonus_expiry_date));
  set('bonusCategory', terms.bonus_category);
  set('message', terms.message);
  return view;
}

/** YYYYMMDD → YYYY-MM-DD, or undefined when it is not a date. */
function isoDate(yyyymmdd: string | undefined): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

function invoiceDetails(data: ListBranchDataResponse): InvoiceDetails | undefined {
  const amountCents = wholeNumber(data.invoices?.amount);
  const barCode = data.invoices?.bar_code;
  if (!barCode || amountCents === undefined) return undefined;
  const details: InvoiceDetails = { barCode, amountCents };
  if (data.invoice_holder_name) details.holderName = data.invoice_holder_name;
  const dueDate = isoDate(data.invoices?.expiry_date);
  if (dueDate) details.dueDate = dueDate;
  if (data.invoices?.message) details.description = data.invoices.message;
  return details;
}

function question(caratQuestion: ListBranchDataResponse['questions'][number]): Question {
  const view: Question = { id: caratQuestion.id, display: caratQuestion.display ?? caratQuestion.id };
  const minLength = wholeNumber(caratQuestion.min);
  const maxLength = wholeNumber(caratQuestion.max);
  if (minLength !== undefined) view.minLength = minLength;
  if (maxLength !== undefined) view.maxLength = maxLength;
  if (caratQuestion.type) view.type = caratQuestion.type;
  if (caratQuestion.rule) view.rule = caratQuestion.rule;
  return view;
}

export function branchDataView(data: ListBranchDataResponse): BranchData {
  const categories = data.categories.map((category) => ({
    code: category.code ?? '',
    description: category.description ?? '',
    fixedAmounts: category.fixed_amounts.flatMap(({ amount, ...terms }) => {
      const amountCents = wholeNumber(amount);
      return amountCents === undefined ? [] : [{ amountCents, ...amountTerms(terms) }];
    }),
    amountRanges: category.amount_ranges.flatMap(({ min_amount, max_amount, ...terms }) => {
      const minCents = wholeNumber(min_amount);
      const maxCents = wholeNumber(max_amount);
      return minCents === undefined || maxCents === undefined ? [] : [{ minCents, maxCents, ...amountTerms(terms) }];
    }),
  }));
  const view: BranchData = {
    categories,
    questions: data.questions.map(question),
    paymentMethods: parsePaymentMethods(data.payment_methods),
    messages: data.general.map((entry) => entry.message ?? '').filter(Boolean),
  };
  const invoice = invoiceDetails(data);
  if (invoice) view.invoice = invoice;
  return view;
}
