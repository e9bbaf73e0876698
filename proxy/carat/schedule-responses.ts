/**
 * Lenient zod schema for Carat's REST Schedule answers (§6): unwrapped like the payment answers
 * (payment-responses.ts), with a `schedule` block beside or instead of `payment`. Unknown fields are
 * dropped, everything but `code` is optional, scalars come out as strings. Q10: the v1 query answer
 * was not captured; `executed_times` and `executions` are what the sandbox answers (its choice), so
 * a Carat that sends neither leaves them empty, and the reconciliation then relies on the counts it
 * can see. The answers are turned into ScheduleState here: dates YYYY-MM-DD, amounts and counts
 * numbers, missing or malformed values left out.
 */
import { z } from 'zod';
import { optionalText, text } from './responses.ts';
import { CaratPaymentBlockSchema } from './payment-responses.ts';


export const CaratExecutionSchema = z.object({
  nit: optionalText,
  number: optionalText,
  date: optionalText,
  status: optionalText,
  amount: optionalText,
});

export const CaratScheduleBlockSchema = z.object({
  status: optionalText,
  sid: optionalText,
  schedule_usn: optionalText,
  amount: optionalText,
  initial_date: optionalText,
  next_date: optionalText,
  number_of_times: optionalText,
  interval: optionalText,
  order_id: optionalText,
  merchant_usn: optionalText,
  executed_times: optionalText,
  // One malformed entry must not hide the others: entries that are not objects are dropped.
  executions: z.array(z.unknown()).transform((items) => items.flatMap((item) => {
    const parsed = CaratExecutionSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  })).optional(),
});

/** Every schedule answer: creation, activation, the queries and the edit calls. */
export const ScheduleResponseSchema = z.object({
  code: text,
  message: optionalText,
  payment: CaratPaymentBlockSchema.optional(),
  schedule: CaratScheduleBlockSchema.optional(),
});

export type CaratScheduleBlock = z.infer<typeof CaratScheduleBlockSchema>;
export type ScheduleResponse = z.infer<typeof ScheduleResponseSchema>;

export interface ScheduleExecution {
  nit: string;
  status: string;
  number?: number;
  /** YYYY-MM-DD. */
  date?: string;
  amountCents?: number;
}

/** A schedule as Carat reports it. */
export interface ScheduleState {
  sid: string;
  status: string;
  amountCents?: number;
  initialDate?: string;
  /** Undefined when Carat gives none (e.g. FIN). */
  nextDate?: string;
  numberOfTimes?: number;
  executedTimes?: number;
  /** Empty when Carat lists none (Q10). */
  executions: ScheduleExecution[];
  /** The first payment, for a schedule created with one. */
  payment?: { nit?: string; status?: string };
}

const isoDate = (wire: string | undefined): string | undefined => {
  const match = wire === undefined ? null : /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(wire);
  return match ? `${match[3]}-${match[2]}-${match[1]}` : undefined;
};
export const whole = (value: string | undefined): number | undefined => (value !== undefined && /^\d{1,12}$/.test(value) ? Number(value) : undefined);

/** The object without its undefined members (results never carry `key: undefined`). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A schedule block as ScheduleState; undefined when it does not name its SID and status. */
export function scheduleState(block: CaratScheduleBlock, payment?: ScheduleResponse['payment']): ScheduleState | undefined {
  if (!block.sid || !block.status) return undefined;
  return defined({
    sid: block.sid,
    status: block.status,
    amountCents: whole(block.amount),
    initialDate: isoDate(block.initial_date),
    nextDate: isoDate(block.next_date),
    numberOfTimes: whole(block.number_of_times),
    executedTimes: whole(block.executed_times),
    executions: (block.executions ?? []).flatMap((e) => (e.nit && e.status ? [defined({
      nit: e.nit, status: e.status, number: whole(e.number), date: isoDate(e.date), amountCents: whole(e.amount),
    })] : [])),
    payment: payment && (payment.nit || payment.status) ? defined({ nit: payment.nit, status: payment.status }) : undefined,
  });
}
