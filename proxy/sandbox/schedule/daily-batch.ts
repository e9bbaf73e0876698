/**
 * Carat's daily batch (§6.5) on the sandbox's simulated calendar: every ATV schedule whose next date
 * has come is charged once, as a new execution transaction with its own NIT; confirmed and denied
 * charges both count, a denied one is not retried; after number_of_times executions the schedule is
 * FIN. Each execution is then form-POSTed to the merchant's status URL (status-notifier.ts).
 * Charges are made before any notification goes out, as a batch would, so a slow merchant does not
 * hold up the others' charges. Choice: a schedule that missed days (the batch was not run) is
 * charged once per run, date after date, not all at once.
 */
import { randomInt } from 'node:crypto';
import type { SandboxContext } from '../context.ts';
import { esitefDate, paymentReceipt } from '../receipts.ts';
import type { Payment } from '../payment/payment-book.ts';
import type { IsoDay } from './schedule-calendar.ts';
import type { Schedule } from './schedule-book.ts';
import type { Scheduling } from './scheduling.ts';
import { statusForm } from './status-form.ts';
import type { StatusNotice } from './status-notifier.ts';

export interface ExecutionReport {
  sid: string;
  nit: string;
  number: number;
  day: IsoDay;
  status: 'CON' | 'NEG';
  /** The schedule's status after this charge (FIN after the last). */
  scheduleStatus: string;
  notice: StatusNotice;
}

const sixDigits = (): string => String(randomInt(1_000_000)).padStart(6, '0');

function charge(ctx: SandboxContext, scheduling: Scheduling, schedule: Schedule, day: IsoDay): Payment {
  const denied = scheduling.executionFaults.takeDenial(schedule.sid);
  const card = schedule.card ?? { maskedNumber: '', bin: '', authorizerId: schedule.authorizerId ?? '' };
  const execution = scheduling.payments.create({
    merchantId: schedule.merchantId,
    merchantKey: schedule.merchantKey,
    amountCents: schedule.amountCents,
    orderId: schedule.orderId,
    merchantUsn: schedule.merchantUsn,
    postponeConfirmation: false,
    authorizerId: card.authorizerId,
    installments: 1,
    installmentType: schedule.installmentType ?? '4',
    sid: schedule.sid,
  }, denied ? 'NEG' : 'CON');
  const receipt = (copy: string) => paymentReceipt(copy, card.maskedNumber, schedule.amountCents, 1, !denied);
  execution.authorization = {
    authorizerId: card.authorizerId,
    authorizerCode: denied ? '051' : '000',
    authorizerMessage: denied ? 'Transacao negada' : 'Transacao aprovada',
    authorizationNumber: denied ? '' : sixDigits(),
    esitefUsn: ctx.book.nextUsn(),
    authorizerDate: esitefDate(ctx.now()),
    installments: 1,
    maskedNumber: card.maskedNumber,
    bin: card.bin,
    customerReceipt: receipt('VIA DO CLIENTE'),
    merchantReceipt: receipt('VIA DO ESTABELECIMENTO'),
  };
  schedule.executions.push({
    nit: execution.nit, number: schedule.executions.length + 1, day, status: denied ? 'NEG' : 'CON', amountCents: schedule.amountCents,
  });
  schedule.nextIndex += 1;
  if (schedule.executions.length >= schedule.numberOfTimes) schedule.status = 'FIN';
  return execution;
}

/** Runs the batch for the sandbox's current day. */
export async function runDailyBatch(ctx: SandboxContext, scheduling: Scheduling): Promise<ExecutionReport[]> {
  const { schedules, calendar, notifier } = scheduling;
  const today = calendar.today();
  const charged: Array<{ schedule: Schedule; execution: Payment }> = [];
  for (const schedule of schedules.list()) {
    const next = schedules.nextDay(schedule);
    if (schedule.status !== 'ATV' || next === undefined || next > today) continue;
    charged.push({ schedule, execution: charge(ctx, scheduling, schedule, today) });
  }
  const reports: ExecutionReport[] = [];
  for (const { schedule, execution } of charged) {
    const notice = await notifier.notify(schedule.merchantKey, schedule.sid, statusForm(execution, ctx.now()));
    const number = schedule.executions.findIndex((e) => e.nit === execution.nit) + 1;
    reports.push({
      sid: schedule.sid, nit: execution.nit, number, day: today, status: execution.status as 'CON' | 'NEG', scheduleStatus: schedule.status, notice,
    });
  }
  return reports;
}
