/**
 * Carat's daily batch (§6.5) on the sandbox's simulated calendar: every ATV schedule whose next date
 * has come is charged once, as a new execution transaction with its own NIT; confirmed and denied
 * charges both count, a denied one is not retried; after number_of_times executions the schedule is
 * FIN. Each execution is then form-POSTed to the merchant's status URL (status-notifier.ts).
 * Charges are made before any notification goes out, as a batch would, so a slow merchant does not
 * hold up the others' charges. Choice: a schedule that missed days (the batch was not run) is
 * charged once per run, date after date, not all at once.
 *
 * A late execution (the late-execution fault) is left PEN, "awaiting payment: waiting for the
 * financial institution" (§5): the one status of a REST Payment transaction that is neither final
 * nor waiting on the merchant (PPC awaits the merchant's confirmation, which no batch charge asks
 * for; ERR means "retry"; AGU a user). It is notified PEN, shows PEN in GET /v1/transactions/{nit} and
 * in the schedule's listing, and counts as an execution at once (it ends confirmed or denied, the two
 * §6.5 counts), so a last one leaves the schedule FIN. Choice: the next day's batch (advanceDays)
 * makes it CON before it charges, with a second notice unless the fault dropped it.
 */
import { randomInt } from 'node:crypto';
import type { SandboxContext } from '../context.ts';
import { esitefDate, paymentReceipt } from '../receipts.ts';
import type { Payment } from '../payment/payment-book.ts';
import type { IsoDay } from './schedule-calendar.ts';
import type { Execution, ExecutionStatus, Schedule } from './schedule-book.ts';
import type { Scheduling } from './scheduling.ts';
import { statusForm } from './status-form.ts';
import type { StatusNotice } from './status-notifier.ts';

export interface ExecutionReport {
  sid: string;
  nit: string;
  number: number;
  /** The day it was charged. */
  day: IsoDay;
  status: ExecutionStatus;
  /** The schedule's status after this charge (FIN after the last). */
  scheduleStatus: string;
  notice: StatusNotice;
}

const sixDigits = (): string => String(randomInt(1_000_000)).padStart(6, '0');

function charge(ctx: SandboxContext, scheduling: Scheduling, schedule: Schedule, day: IsoDay): Payment {
  const denied = scheduling.executionFaults.takeDenial(schedule.sid);
  const late = denied ? undefined : scheduling.executionFaults.takeLateness(schedule.sid);
  const status: ExecutionStatus = denied ? 'NEG' : late ? 'PEN' : 'CON';
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
  }, status);
  const receipt = (copy: string) => paymentReceipt(copy, card.maskedNumber, schedule.amountCents, 1, !denied);
  execution.authorization = {
    authorizerId: card.authorizerId,
    authorizerCode: denied ? '051' : '000',
    authorizerMessage: denied ? 'Transacao negada' : 'Transacao aprovada',
    // Given when the institution answers: a late one's at its CON.
    authorizationNumber: status === 'CON' ? sixDigits() : '',
    esitefUsn: ctx.book.nextUsn(),
    authorizerDate: esitefDate(ctx.now()),
    installments: 1,
    maskedNumber: card.maskedNumber,
    bin: card.bin,
    customerReceipt: receipt('VIA DO CLIENTE'),
    merchantReceipt: receipt('VIA DO ESTABELECIMENTO'),
  };
  schedule.executions.push({
    nit: execution.nit, number: schedule.executions.length + 1, day, status, amountCents: schedule.amountCents,
    ...(late?.dropFinalNotice ? { dropFinalNotice: true } : {}),
  });
  schedule.nextIndex += 1;
  if (schedule.executions.length >= schedule.numberOfTimes) schedule.status = 'FIN';
  return execution;
}

/** A late execution charged before today turns CON (the institution answered). */
function confirmLate(scheduling: Scheduling, record: Execution): Payment | undefined {
  const execution = scheduling.payments.get(record.nit);
  if (!execution) return undefined;
  execution.status = 'CON';
  if (execution.authorization) execution.authorization.authorizationNumber = sixDigits();
  record.status = 'CON';
  return execution;
}

/** Runs the batch for the sandbox's current day: late executions of earlier days turn CON, then due schedules are charged. */
export async function runDailyBatch(ctx: SandboxContext, scheduling: Scheduling): Promise<ExecutionReport[]> {
  const { schedules, calendar, notifier } = scheduling;
  const today = calendar.today();
  const charged: Array<{ schedule: Schedule; execution: Payment; drop?: boolean }> = [];
  for (const schedule of schedules.list()) {
    for (const record of schedule.executions) {
      if (record.status !== 'PEN' || record.day >= today) continue;
      const execution = confirmLate(scheduling, record);
      if (execution) charged.push({ schedule, execution, drop: record.dropFinalNotice === true });
    }
  }
  for (const schedule of schedules.list()) {
    const next = schedules.nextDay(schedule);
    if (schedule.status !== 'ATV' || next === undefined || next > today) continue;
    charged.push({ schedule, execution: charge(ctx, scheduling, schedule, today) });
  }
  const reports: ExecutionReport[] = [];
  for (const { schedule, execution, drop } of charged) {
    const notice = await notifier.notify(schedule.merchantKey, schedule.sid, statusForm(execution, ctx.now()), { drop: drop === true });
    const record = schedule.executions.find((e) => e.nit === execution.nit);
    reports.push({
      sid: schedule.sid, nit: execution.nit, number: record?.number ?? 0, day: record?.day ?? today, status: record?.status ?? 'CON', scheduleStatus: schedule.status, notice,
    });
  }
  return reports;
}
