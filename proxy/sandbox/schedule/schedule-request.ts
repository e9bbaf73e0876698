/**
 * The `schedule` object of POST /v1/transactions (§6.2), checked. Choices where the field table was
 * cut off: amount, initial_date and number_of_times are required; interval defaults to "1" (the
 * only value documented); do_payment_now absent means "true" (Q11); the initial date may be today
 * or later, never past (the batch charges only from its own day on).
 */
import { RequestError, digits, exactDigits, field, requiredField, text, type Json } from '../request-rules.ts';
import { isoDayOf, type IsoDay } from './schedule-calendar.ts';

export interface ScheduleRequest {
  amountCents: number;
  payNow: boolean;
  initialDay: IsoDay;
  numberOfTimes: number;
  interval: number;
  softDescriptor?: string;
  showTimesInvoice?: string;
  installmentType?: string;
}

const P = 'schedule';

function trueOrFalse(schedule: Json, name: string): string | undefined {
  const value = field(schedule, name, text(5), { prefix: P });
  if (value !== undefined && value !== 'true' && value !== 'false') throw new RequestError(`${P}.${name}`, 'expected "true" or "false"');
  return value;
}

function positive(schedule: Json, name: string, max: number, required: boolean): number | undefined {
  const value = required ? requiredField(schedule, name, digits(max), P) : field(schedule, name, digits(max), { prefix: P });
  if (value === undefined) return undefined;
  if (Number(value) < 1) throw new RequestError(`${P}.${name}`, 'expected at least 1');
  return Number(value);
}

export function checkScheduleRequest(schedule: Json, today: IsoDay): ScheduleRequest {
  const amountCents = positive(schedule, 'amount', 12, true) as number;
  const payNow = trueOrFalse(schedule, 'do_payment_now') !== 'false';
  const wireDay = requiredField(schedule, 'initial_date', text(10), P);
  const initialDay = isoDayOf(wireDay);
  if (initialDay === undefined) throw new RequestError(`${P}.initial_date`, 'expected a date DD/MM/YYYY');
  if (initialDay < today) throw new RequestError(`${P}.initial_date`, 'expected today or a later day');
  const numberOfTimes = positive(schedule, 'number_of_times', 3, true) as number;
  const interval = positive(schedule, 'interval', 3, false) ?? 1;
  const installmentType = field(schedule, 'installment_type', exactDigits(1), { prefix: P });
  if (installmentType !== undefined && installmentType !== '3' && installmentType !== '4') {
    throw new RequestError(`${P}.installment_type`, 'expected 3 or 4');
  }
  return {
    amountCents,
    payNow,
    initialDay,
    numberOfTimes,
    interval,
    softDescriptor: field(schedule, 'soft_descriptor', text(22), { prefix: P }),
    showTimesInvoice: trueOrFalse(schedule, 'show_times_invoice'),
    installmentType,
  };
}
