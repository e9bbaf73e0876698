/**
 * Lenient zod schema for Carat's REST Payment answers (§4): unwrapped, a top-level `code` ("0" =
 * success) and `message`, and the payment's data in `payment`. As for recharges (responses.ts),
 * unknown fields are dropped, almost everything is optional, and scalars come out as strings. Q10:
 * the v1 payment and query answers are only partly documented; the fields are those of §4.2.
 */
import { z } from 'zod';
import { optionalText, text } from './responses.ts';


export const CaratPaymentBlockSchema = z.object({
  status: optionalText,
  nit: optionalText,
  order_id: optionalText,
  merchant_usn: optionalText,
  amount: optionalText,
  authorizer_code: optionalText,
  authorizer_message: optionalText,
  authorizer_id: optionalText,
  authorization_number: optionalText,
  customer_receipt: optionalText,
  merchant_receipt: optionalText,
});

/** Every payment answer: creation, effectuation, confirmation and the status query. */
export const PaymentResponseSchema = z.object({
  code: text,
  message: optionalText,
  payment: CaratPaymentBlockSchema.optional(),
});

export type CaratPaymentBlock = z.infer<typeof CaratPaymentBlockSchema>;
export type PaymentResponse = z.infer<typeof PaymentResponseSchema>;
