/**
 * POST /v1/payments/{nit} — payment effectuation with the card (§4.2). The sandbox's documented
 * test cards decide (cards.ts): 4000000000000002 is denied (NEG), any other Luhn-valid number
 * approves: PPC when the transaction asked for late confirmation, else CON. Stored-card tokens are
 * not simulated. Messages never repeat the card number. For a schedule with payment (§6.3) the
 * answer also shows the schedule, which the payment has just activated (CON), left pending (PPC) or
 * failed (NEG).
 */
import type { Request } from 'express';
import { randomInt } from 'node:crypto';
import { DENIED_TEST_CARD, expiryProblem, luhnValid, maskedPan } from '../cards.ts';
import type { SandboxContext } from '../context.ts';
import { esitefDate, paymentReceipt } from '../receipts.ts';
import { RequestError, digits, exactDigits, field, objectField, requiredField, text, type Json } from '../request-rules.ts';
import { ESITEF_CODES, type WireBody } from '../responses.ts';
import { paymentBlock, paymentOk, paymentRefusal } from './payment-answers.ts';
import { scheduleOfPayment } from '../schedule/schedule-answers.ts';
import type { Scheduling } from '../schedule/scheduling.ts';
import type { Payment } from './payment-book.ts';
import { checkInstallments, jsonBody, loadPayment, merchantOf } from './payment-checks.ts';

export interface CheckedCard {
  /** Kept only for the denied-test-card check and the BIN; never stored or answered. */
  number: string;
  maskedNumber: string;
}

/** The card of a payment or a schedule activation (§4.2, §6.4). */
export function checkCard(body: Json, nowMs: number): CheckedCard {
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

export function effectPayment(ctx: SandboxContext, scheduling: Scheduling, req: Request): WireBody {
  const merchant = merchantOf(ctx, req);
  const payment = loadPayment(scheduling.payments, merchant, req.params.nit);
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
    bin: card.number.slice(0, 6),
    customerReceipt: receipt('VIA DO CLIENTE'),
    merchantReceipt: receipt('VIA DO ESTABELECIMENTO'),
  };
  // A schedule with payment follows its payment (schedule-book.ts): ATV, PEN or ERR from here on.
  const schedule = scheduleOfPayment(scheduling.schedules, payment.sid, 'answer');
  if (!approved) {
    return { ...paymentRefusal(ESITEF_CODES.cardDenied, 'Transacao negada: cartao recusado pelo emissor'), payment: paymentBlock(payment), ...schedule };
  }
  return { ...paymentOk(paymentBlock(payment)), ...schedule };
}
