/**
 * PUT /v3/rechargebranches/{nit} — branch data for others and invoice (§3.4). Q3: the body's
 * wrapper key is undocumented; `list_branch_data_request` and an unwrapped body are both accepted.
 */
import type { Request } from 'express';
import { issueQuestions } from '../answers.ts';
import { BARCODE_QUESTION } from '../catalogue-data.ts';
import { categoriesWire, paymentMethodsWire, questionsWire } from '../catalogue-wire.ts';
import { loadTransaction, type SandboxContext } from '../context.ts';
import { lookUpInvoice } from '../invoice-lookup.ts';
import type { Operation } from '../reply.ts';
import {
  GENERAL_HASH_FORMAT, RequestError, answersField, digits, exactDigits, field, isObject, requiredField, type Json,
} from '../request-rules.ts';
import { RESPONSE_WRAPPERS, type WireBody } from '../responses.ts';
import { questionKey, type Transaction } from '../transactions.ts';
import { branchDataBase } from './branches-normal.ts';

const WRAPPER = RESPONSE_WRAPPERS.branches;
export const BRANCHES_REQUEST_WRAPPER = 'list_branch_data_request';

export function listBranchData(ctx: SandboxContext, req: Request): Operation {
  return { responseWrapper: WRAPPER, run: () => branchData(ctx, req) };
}

function unwrap(body: unknown): Json {
  if (!isObject(body)) throw new RequestError(BRANCHES_REQUEST_WRAPPER, 'expected a JSON object body');
  const inner = body[BRANCHES_REQUEST_WRAPPER];
  if (inner === undefined) return body;
  if (!isObject(inner)) throw new RequestError(BRANCHES_REQUEST_WRAPPER, 'expected an object');
  return inner;
}

function branchData(ctx: SandboxContext, req: Request): WireBody {
  const tx = loadTransaction(ctx, req, req.params.nit);
  const body = unwrap(req.body);
  field(body, 'general_hash', GENERAL_HASH_FORMAT);
  if (tx.rechargeType === 'normal') {
    throw new RequestError('recharge_type', 'a normal recharge lists branch data with GET /v3/rechargebranches');
  }
  return tx.rechargeType === 'others' ? othersBranch(ctx, tx, body) : invoiceBranch(ctx, tx, body);
}

function othersBranch(ctx: SandboxContext, tx: Transaction, body: Json): WireBody {
  field(body, 'ddd', exactDigits(2));
  const dealerCode = requiredField(body, 'dealer.code', digits(3));
  const typeCode = requiredField(body, 'dealer.type_code', digits(3));
  const branchCode = requiredField(body, 'dealer.branch.code', digits(11));
  const answers = answersField(body);
  const dealer = ctx.catalogue.othersDealer(dealerCode);
  if (!dealer) throw new RequestError('dealer.code', 'unknown dealer for an others recharge');
  if (dealer.typeCode !== typeCode.padStart(2, '0')) throw new RequestError('dealer.type_code', 'does not match the dealer');
  const branch = ctx.catalogue.othersBranch(dealer, branchCode);
  if (!branch) throw new RequestError('dealer.branch.code', 'unknown branch of this dealer');

  const questions = issueQuestions(tx, questionKey(dealer.code, branch.code), branch.questions, answers);
  return {
    [WRAPPER]: {
      ...branchDataBase(ctx, tx),
      questions: questionsWire(questions),
      general: [{ message: branch.name.toUpperCase() }],
      categories: categoriesWire(branch.categories),
    },
  };
}

function invoiceBranch(ctx: SandboxContext, tx: Transaction, body: Json): WireBody {
  const dealerCode = requiredField(body, 'dealer.code', digits(3));
  const branchCode = requiredField(body, 'dealer.branch.code', digits(11));
  const answers = answersField(body);
  const dealer = ctx.catalogue.invoiceDealer(dealerCode);
  if (!dealer) throw new RequestError('dealer.code', 'unknown dealer for an invoice recharge');
  if (!dealer.branches.some((b) => b.code === branchCode)) throw new RequestError('dealer.branch.code', 'unknown branch of this dealer');

  const barCodeAnswer = answers.find((a) => a.code === BARCODE_QUESTION.id);
  const key = questionKey(dealer.code, branchCode);
  if (!barCodeAnswer) {
    // First lookup: the bill is not known yet, ask for its bar code.
    const questions = issueQuestions(tx, key, [BARCODE_QUESTION], answers);
    return { [WRAPPER]: { ...branchDataBase(ctx, tx), questions: questionsWire(questions) } };
  }
  const invoice = lookUpInvoice(barCodeAnswer.description, ctx.now());
  issueQuestions(tx, key, [BARCODE_QUESTION], answers);
  tx.invoice = { barCode: invoice.barCode, echo: invoice.echo, amountCents: invoice.amountCents };
  return {
    [WRAPPER]: {
      ...branchDataBase(ctx, tx),
      invoice_holder_name: invoice.holderName,
      echo: invoice.echo,
      questions: [],
      categories: categoriesWire([{
        code: '01', description: 'FATURA', amountRanges: [],
        fixedAmounts: [{
          amountKey: '1', amountCents: invoice.amountCents, message: invoice.message, bonusCents: 0,
          bonusPercentHundredths: 0, bonusCategory: '01', validityDays: 0, bonusValidityDays: 0,
        }],
      }]),
      payment_methods: paymentMethodsWire(dealer.paymentMethods),
      invoices: {
        bar_code: invoice.barCode,
        amount: String(invoice.amountCents),
        expiry_date: invoice.expiryDate,
        consumption_reference: invoice.consumptionReference,
        message: invoice.message,
      },
    },
  };
}
