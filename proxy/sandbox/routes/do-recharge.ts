/**
 * PUT /v3/recharge/{nit} with do_recharge_request (§3.5): NOV → PPC, or AGU for a TV dealer's
 * first call (resubmit with the package as answer "126"), or NEG for a denied card.
 */
import type { Request } from 'express';
import { requireAnswers } from '../answers.ts';
import { TV_PACKAGE_ANSWER_CODE, TV_PACKAGE_CODES } from '../catalogue-data.ts';
import { loadTransaction, type SandboxContext } from '../context.ts';
import { planInvoice, planNormal, planOthers, type CommonFields, type RechargePlan } from '../recharge-plan.ts';
import { authorizationBlock, newPin, rechargeReceipts } from '../receipts.ts';
import type { Operation } from '../reply.ts';
import {
  GENERAL_HASH_FORMAT, RequestError, answersField, arrayField, digits, exactDigits, field, requiredField, text, wrapperOf,
  type AnswerInput, type Json,
} from '../request-rules.ts';
import { ESITEF_CODES, RESPONSE_WRAPPERS, esitefOk, type WireBody } from '../responses.ts';
import { canDoRecharge, type Transaction } from '../transactions.ts';
import { paymentWire } from './payment-wire.ts';
import { invoiceRechargeWire, rechargeWire } from './recharge-wire.ts';

const WRAPPER = RESPONSE_WRAPPERS.do;

export function doRecharge(ctx: SandboxContext, req: Request): Operation {
  return { responseWrapper: WRAPPER, run: () => run(ctx, req) };
}

function commonFields(body: Json): CommonFields {
  const amountCents = Number(requiredField(body, 'amount', digits(12)));
  if (amountCents <= 0) throw new RequestError('amount', 'expected a positive amount in cents');
  const amountKey = field(body, 'amount_key', text(10));
  field(body, 'terminal_type', exactDigits(2));
  field(body, 'cpf', text(20));
  field(body, 'cnpj', text(20));
  field(body, 'zip_code', text(9));
  field(body, 'hashes.general', GENERAL_HASH_FORMAT);
  usedPaymentMethods(body);
  return { amountCents, amountKey, dealerCode: requiredField(body, 'dealer.code', digits(3)) };
}

/** used_payment_methods[]: strings starting with a 2-digit type (§3.5.1; the example sends "11"). */
export function usedPaymentMethods(body: Json): void {
  (arrayField(body, 'used_payment_methods') ?? []).forEach((entry, i) => {
    if (typeof entry !== 'string' || !/^\d{2}(:[^\u0000-\u001f]*)?$/.test(entry)) {
      throw new RequestError(`used_payment_methods[${i}]`, 'expected "TypeN:ValueN[:ID:Data-…]"');
    }
  });
}

function plan(ctx: SandboxContext, tx: Transaction, body: Json, common: CommonFields): RechargePlan {
  switch (tx.rechargeType) {
    case 'normal': return planNormal(ctx, tx, body, common);
    case 'others': return planOthers(ctx, body, common);
    case 'invoice': return planInvoice(ctx, tx, body, common);
  }
}

function echoes(tx: Transaction): Record<string, string> {
  return { order_id: tx.orderId ?? '', merchant_usn: tx.merchantUsn ?? '' };
}

function tvPackage(answers: AnswerInput[]): string | undefined {
  return answers.find((a) => a.code === TV_PACKAGE_ANSWER_CODE)?.description;
}

function run(ctx: SandboxContext, req: Request): WireBody {
  const tx = loadTransaction(ctx, req, req.params.nit);
  const body = wrapperOf(req.body, 'do_recharge_request');
  const common = commonFields(body);
  const answers = answersField(body);
  if (!canDoRecharge(tx)) {
    throw new RequestError('status', `transaction is ${tx.status}; do-recharge needs NOV (or AGU)`, ESITEF_CODES.wrongState, tx.status);
  }
  const p = plan(ctx, tx, body, common);
  requireAnswers(tx, p.questionKey, answers);

  if (p.kind === 'tv') {
    const chosen = tvPackage(answers);
    if (chosen === undefined) {
      // First call: the dealer wants the package; the shopper picks one and the store resubmits.
      tx.status = 'AGU';
      return { [WRAPPER]: { status: 'AGU', ...echoes(tx), esitef: esitefOk(), resubmit_transaction: 'true', tv_package_subscription_codes: TV_PACKAGE_CODES } };
    }
    if (!TV_PACKAGE_CODES.includes(chosen)) throw new RequestError('answers', `answer ${TV_PACKAGE_ANSWER_CODE} must be one of tv_package_subscription_codes`);
  } else if (tx.status === 'AGU') {
    throw new RequestError('status', 'transaction is AGU', ESITEF_CODES.wrongState, tx.status);
  }

  const nowMs = ctx.now();
  const usn = ctx.book.nextUsn();
  const authorization = authorizationBlock(nowMs);
  const card = p.card;
  if (card && !card.approved) {
    tx.status = 'NEG';
    tx.paymentStatus = 'NEG';
    return {
      [WRAPPER]: {
        status: 'NEG', ...echoes(tx),
        esitef: { message: 'Transacao negada: cartao recusado pelo emissor', code: ESITEF_CODES.cardDenied, usn },
        payment: paymentWire(card, 'NEG', nowMs, usn),
      },
    };
  }

  const pin = p.kind === 'pin' ? newPin() : undefined;
  const receipts = rechargeReceipts({
    dealerName: p.dealerName, product: p.product, phone: p.phone, amountCents: common.amountCents, usn,
    authorizationNumber: authorization.number ?? '', nowMs,
  }, pin);
  tx.status = 'PPC';
  if (card) tx.paymentStatus = 'PPC';
  tx.recharge = {
    dealerName: p.dealerName, amountCents: common.amountCents, usn, authorization,
    customerReceipt: receipts.customerStored, merchantReceipt: receipts.merchant, paymentAmountCents: card?.amountCents,
  };

  const approved = { usn, authorization, customerReceipt: receipts.customer, merchantReceipt: receipts.merchant };
  const response = p.kind === 'invoice'
    ? invoiceRechargeWire(p, approved, ctx.catalogue.generalHash())
    : rechargeWire(p, approved);
  if (card) response.payment = paymentWire(card, 'PPC', nowMs, usn);
  return { [WRAPPER]: { status: 'PPC', ...echoes(tx), ...response } };
}
