/**
 * Lenient zod schema for Carat's REST Schedule answers (§6): unwrapped like the payment answers
 * (payment-responses.ts), with a `schedule` block beside or instead of `payment`. Unknown fields are
 * dropped, everything but `code` is optional, scalars come out as strings. Q10: the v1 query answer
 * was not captured; `executed_times` and `executions` are what the sandbox answers (its choice), so
 * a Carat that sends neither leaves them empty, and the reconciliation then relies on the counts it
 * can see.
 */
import { z } from 'zod';
import { CaratPaymentBlockSchema } from './payment-responses.ts';

const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const optionalText = text.optional();

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
