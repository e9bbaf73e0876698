/**
 * Schedules of the REST Schedule API (§6) and their state machine (§5):
 *   without payment: NOV --POST /v1/schedules/{sid}--> ATV
 *   with payment:    NOV --payment PPC--> PEN --confirm--> ATV | --undo--> DES
 *                    NOV --payment CON--> ATV;  payment NEG --> ERR;  payment EXP --> EXP
 *   ATV --batch, number_of_times executions--> FIN;  ATV <--edit--> INA;  NOV --lifetime--> EXP
 * A schedule with payment follows its payment: every read derives the schedule's status from the
 * payment's, so the two change together (§6.1: "atomic") and no call can see one without the other.
 * Choices (the documentation is silent): a denied first payment leaves the schedule ERR ("activation
 * error") for good, as the NEG payment cannot be paid again; an undone one leaves it DES.
 */
import { randomBytes } from 'node:crypto';
import type { Payment, PaymentBook, PaymentStatus } from '../payment/payment-book.ts';
import type { IsoDay, ScheduleCalendar } from './schedule-calendar.ts';

export type ScheduleStatus = 'NOV' | 'PEN' | 'DES' | 'ATV' | 'INA' | 'ERR' | 'FIN' | 'EXP';

/** The card the executions charge: masked, never the number (the sandbox keeps no PAN). */
export interface ScheduleCard {
  maskedNumber: string;
  bin: string;
  authorizerId: string;
}

/** One charge of the daily batch: its own payment NIT (queried with GET /v1/transactions/{nit}). */
export interface Execution {
  nit: string;
  /** 1-based: the n-th execution of the schedule. */
  number: number;
  day: IsoDay;
  /** PEN: a late execution (execution-faults.ts), made CON by the next day's batch. */
  status: ExecutionStatus;
  amountCents: number;
  /** A late execution's CON is not notified (the fault's dropFinalNotice). */
  dropFinalNotice?: boolean;
}

export type ExecutionStatus = 'CON' | 'NEG' | 'PEN';

export interface Schedule {
  sid: string;
  merchantId: string;
  merchantKey: string;
  orderId?: string;
  merchantUsn?: string;
  amountCents: number;
  initialDay: IsoDay;
  numberOfTimes: number;
  interval: number;
  softDescriptor?: string;
  showTimesInvoice?: string;
  installmentType?: string;
  authorizerId?: string;
  /** The immediate payment that activates it (§6.1 variant A); absent for do_payment_now "false". */
  paymentNit?: string;
  createdAtMs: number;
  status: ScheduleStatus;
  scheduleUsn?: string;
  card?: ScheduleCard;
  /** Index of the next execution date (0 = the initial date). */
  nextIndex: number;
  executions: Execution[];
}

export type NewSchedule = Omit<Schedule, 'sid' | 'createdAtMs' | 'status' | 'nextIndex' | 'executions' | 'scheduleUsn' | 'card'>;

const FOLLOWS_PAYMENT: Partial<Record<PaymentStatus, ScheduleStatus>> = {
  NOV: 'NOV', PPC: 'PEN', CON: 'ATV', PPN: 'DES', NEG: 'ERR', EXP: 'EXP',
};

export class ScheduleBook {
  #bySid = new Map<string, Schedule>();
  readonly #now: () => number;
  readonly #lifetimeMs: number;
  readonly #payments: PaymentBook;
  readonly #newUsn: () => string;
  readonly calendar: ScheduleCalendar;

  constructor(options: { now: () => number; lifetimeMs: number; payments: PaymentBook; calendar: ScheduleCalendar; newUsn: () => string }) {
    this.#now = options.now;
    this.#lifetimeMs = options.lifetimeMs;
    this.#payments = options.payments;
    this.#newUsn = options.newUsn;
    this.calendar = options.calendar;
  }

  create(init: NewSchedule): Schedule {
    // = 64 AN, like a NIT.
    const schedule: Schedule = { ...init, sid: randomBytes(32).toString('hex'), createdAtMs: this.#now(), status: 'NOV', nextIndex: 0, executions: [] };
    this.#bySid.set(schedule.sid, schedule);
    return schedule;
  }

  /** The schedule with its payment followed and its expiry applied; undefined for an unknown SID. */
  get(sid: string): Schedule | undefined {
    const schedule = this.#bySid.get(sid);
    if (schedule) this.#refresh(schedule);
    return schedule;
  }

  list(): Schedule[] {
    return [...this.#bySid.keys()].map((sid) => this.get(sid) as Schedule);
  }

  /** ATV with the card the executions will charge; the first execution falls on the initial date. */
  activate(schedule: Schedule, card: ScheduleCard): void {
    schedule.status = 'ATV';
    schedule.card = card;
    schedule.scheduleUsn = this.#newUsn();
  }

  /** The date of the next execution; undefined once all are done. */
  nextDay(schedule: Schedule): IsoDay | undefined {
    if (schedule.executions.length >= schedule.numberOfTimes) return undefined;
    return this.calendar.executionDate(schedule.initialDay, schedule.interval, schedule.nextIndex);
  }

  /**
   * INA → ATV. Choice (§6.6 cut off "rescheduled"): dates missed while inactive are skipped, not
   * charged late; the executions still to do keep their number.
   */
  reactivate(schedule: Schedule): void {
    schedule.status = 'ATV';
    const today = this.calendar.today();
    for (let day = this.nextDay(schedule); day !== undefined && day < today; day = this.nextDay(schedule)) {
      schedule.nextIndex += 1;
    }
  }

  #refresh(schedule: Schedule): void {
    if (schedule.paymentNit !== undefined && (schedule.status === 'NOV' || schedule.status === 'PEN')) {
      const payment = this.#payments.get(schedule.paymentNit);
      const followed = payment && FOLLOWS_PAYMENT[payment.status];
      if (followed === 'ATV' && payment) this.activate(schedule, cardOf(payment));
      else if (followed) schedule.status = followed;
      return;
    }
    if (schedule.status === 'NOV' && this.#now() - schedule.createdAtMs >= this.#lifetimeMs) schedule.status = 'EXP';
  }
}

function cardOf(payment: Payment): ScheduleCard {
  const a = payment.authorization;
  return { maskedNumber: a?.maskedNumber ?? '', bin: a?.bin ?? '', authorizerId: a?.authorizerId ?? '' };
}
