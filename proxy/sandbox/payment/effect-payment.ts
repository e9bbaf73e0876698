/**
 * POST /v1/payments/{nit} — payment effectuation with the card (§4.2). The sandbox's documented
 * test cards decide (cards.ts): 4000000000000002 is denied (NEG), any other Luhn-valid number
 * approves: PPC when the transaction asked for late confirmation, else CON. Stored-card tokens are
 * not simulated. Messages never repeat the card number.
 */
import type { Request } from 'express';
import { randomInt } from 'node:crypto';
import { DENIED_TEST_CARD, expiryProblem, luhnValid, maskedPan } from '../cards.ts';
import type { SandboxContext } from '../context.ts';
import { esitefDate, paymentReceipt } from '../receipts.ts';
import { RequestError, digits, exactDigits, field, objectField, requiredField, text, type Json } from '../request-rules.ts';
import { ESITEF_CODES, type WireBody } from '../responses.ts';
import { paymentBlock, paymentOk, paymentRefusal } from './payment-answers.ts';
import type { Payment, PaymentBook } from './payment-book.ts';
import { checkInstallments, jsonBody, loadPayment, merchantOf } from './payment-checks.ts';

interface CheckedCard {
  number: string;
  maskedNumber: string;
}

function checkCard(body: Json, nowMs: number): CheckedCard {
  const card = objectField(body, 'card', true);
  if (field(card, 'token', text(100), { prefix: 'card' }) !== undefined) {
    throw new RequestError('card.token', 'no card is stored under this token in the sandbox');
  }
  const number = requiredField(card, 'number', digits(19), 'card');
  if (!luhnValid(number)) throw new RequestError('card.number', 'invalid card number (Luhn check failed)');
  const expiry = requiredField(card, 'expiry_date', exactDigits(4), 'card');
  const expiryIssue = expiryProblem(expiry, nowMs);
  if (expiryIssue) throw new RequestError('card.expiry_date', expiryIssue);
  field(card, 'security_code', digits(5), { prefix: 'card' });
  field(card, 'holder', text(30), { prefix: 'card' });
  return { number, maskedNumber: maskedPan(number) };
}

/** The number of installments: the payment call's, else the creation's, else 1; at least 1 cent each. */
function installmentsOf(body: Json, payment: Payment): number {
  const sent = field(body, 'installments', digits(2));
  checkInstallments(sent, field(body, 'installment_type', exactDigits(1)));
  const installments = sent === undefined ? (payment.installments ?? 1) : Number(sent);
  if (installments > payment.amountCents) throw new RequestError('installments', 'more installments than cents in the amount');
  return installments;
}

const sixDigits = (): string => String(randomInt(1_000_000)).padStart(6, '0');

export function effectPayment(ctx: SandboxContext, payments: PaymentBook, req: Request): WireBody {
  const merchant = merchantOf(ctx, req);
  const payment = loadPayment(payments, merchant, req.params.nit);
  const body = jsonBody(req.body);
  const authorizerId = field(body, 'authorizer_id', digits(3)) ?? payment.authorizerId;
  if (authorizerId === undefined) throw new RequestError('authorizer_id', 'is required (it was not sent at creation)');
  field(body, 'mcc', digits(4));
  const nowMs = ctx.now();
  const card = checkCard(body, nowMs);
  const installments = installmentsOf(body, payment);
  if (payment.status !== 'NOV') {
    throw new RequestError('status', `transaction is ${payment.status}; a payment needs NOV`, ESITEF_CODES.wrongState, payment.status);
  }

  const approved = card.number !== DENIED_TEST_CARD;
  const receipt = (copy: string) => paymentReceipt(copy, card.maskedNumber, payment.amountCents, installments, approved);
  payment.status = !approved ? 'NEG' : payment.postponeConfirmation ? 'PPC' : 'CON';
  payment.authorization = {
    authorizerId,
    authorizerCode: approved ? '000' : '051',
    authorizerMessage: approved ? 'Transacao aprovada' : 'Transacao negada',
    authorizationNumber: approved ? sixDigits() : '',
    esitefUsn: ctx.book.nextUsn(),
    authorizerDate: esitefDate(nowMs),
    installments,
    maskedNumber: card.maskedNumber,
    customerReceipt: receipt('VIA DO CLIENTE'),
    merchantReceipt: receipt('VIA DO ESTABELECIMENTO'),
  };
  if (!approved) {
    return { ...paymentRefusal(ESITEF_CODES.cardDenied, 'Transacao negada: cartao recusado pelo emissor'), payment: paymentBlock(payment) };
  }
  return paymentOk(paymentBlock(payment));
}
