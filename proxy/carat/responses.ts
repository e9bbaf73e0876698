/**
 * Lenient zod schemas for Carat's recharge responses. Carat adds fields without notice (§1), so
 * objects drop unknown keys instead of failing, and almost everything is optional: we require only
 * what a step cannot do without. Values travel as strings, but a few appear as bare numbers in the
 * documented examples, so scalars accept both and come out as strings.
 */
import { z } from 'zod';
import type { CaratStatus } from '../browser-api.ts';

/** A Carat scalar: a string, or a bare number/boolean in some examples; always a string here. */
export const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
export const optionalText = text.optional();

const EsitefSchema = z.object({ code: text, message: optionalText, usn: optionalText });
const HashesSchema = z.object({ general: optionalText }).optional();
const ReceiptSchema = z.object({ receipt: optionalText, total_copies: optionalText }).optional();

/** Every recharge response: wrapper → {esitef, status?, …}. */
const caratResponse = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ esitef: EsitefSchema, status: optionalText, ...shape });

export const BeginRechargeResponseSchema = caratResponse({
  nit: optionalText,
  merchant_id: optionalText,
  order_id: optionalText,
  merchant_usn: optionalText,
  general_hash: optionalText,
});

const CaratBranchSchema = z.object({ code: text, name: optionalText });
export const CaratDealerSchema = z.object({
  code: text,
  name: optionalText,
  type_code: optionalText,
  type_name: optionalText,
  branches: z.array(CaratBranchSchema).optional(),
});

export const ListDealersResponseSchema = caratResponse({
  hashes: HashesSchema,
  dealers: z.array(CaratDealerSchema).default([]),
});

const amountTerms = {
  message: optionalText,
  amount_key: optionalText,
  bonus_in_percentage: optionalText,
  bonus: optionalText,
  payment_amount: optionalText,
  bonus_category: optionalText,
  expiry_date: optionalText,
  bonus_expiry_date: optionalText,
};

export const CaratCategorySchema = z.object({
  code: optionalText,
  description: optionalText,
  fixed_amounts: z.array(z.object({ amount: text, ...amountTerms })).default([]),
  amount_ranges: z.array(z.object({ min_amount: text, max_amount: text, ...amountTerms })).default([]),
});

export const CaratQuestionSchema = z.object({
  id: text,
  display: optionalText,
  rule: optionalText,
  min: optionalText,
  max: optionalText,
  type: optionalText,
  min_value: optionalText,
  max_value: optionalText,
});

/** Q16: `available` is a string or an array of {name}; `max` a string or a number. */
export const CaratPaymentMethodsSchema = z
  .object({
    max: optionalText,
    available: z.union([z.array(z.object({ name: text })), text]).optional(),
  })
  .optional();

export const ListBranchDataResponseSchema = caratResponse({
  hashes: HashesSchema,
  invoice_holder_name: optionalText,
  echo: optionalText,
  resubmit_transaction: optionalText,
  // "true": used_payment_methods go with the do-recharge too, not only with the confirmation.
  send_payment_methods: optionalText,
  questions: z.array(CaratQuestionSchema).default([]),
  general: z.array(z.object({ message: optionalText })).default([]),
  categories: z.array(CaratCategorySchema).default([]),
  payment_methods: CaratPaymentMethodsSchema,
  invoices: z
    .object({
      bar_code: optionalText,
      amount: optionalText,
      expiry_date: optionalText,
      consumption_reference: optionalText,
      message: optionalText,
    })
    .optional(),
});

const CaratPaymentSchema = z
  .object({
    status: optionalText,
    amount: optionalText,
    customer: ReceiptSchema,
    merchant: ReceiptSchema,
  })
  .optional();

export const DoRechargeResponseSchema = caratResponse({
  tv_package_subscription_codes: z.array(text).optional(),
  resubmit_transaction: optionalText,
  send_payment_methods: optionalText,
  customer: ReceiptSchema,
  merchant: ReceiptSchema,
  payment_methods: CaratPaymentMethodsSchema,
  payment: CaratPaymentSchema,
});

export const ConfirmRechargeResponseSchema = caratResponse({
  customer: ReceiptSchema,
  merchant: ReceiptSchema,
  payment: CaratPaymentSchema,
});

export const RechargeStatusResponseSchema = caratResponse({
  order_id: optionalText,
  // §3.7: the receipts (never a PIN) let recovery give the shopper a receipt for a confirmed recharge.
  customer: ReceiptSchema,
  merchant: ReceiptSchema,
  payment: CaratPaymentSchema,
});

export type BeginRechargeResponse = z.infer<typeof BeginRechargeResponseSchema>;
export type CaratDealer = z.infer<typeof CaratDealerSchema>;
export type ListDealersResponse = z.infer<typeof ListDealersResponseSchema>;
export type CaratCategory = z.infer<typeof CaratCategorySchema>;
export type CaratQuestion = z.infer<typeof CaratQuestionSchema>;
export type CaratPaymentMethods = z.infer<typeof CaratPaymentMethodsSchema>;
export type ListBranchDataResponse = z.infer<typeof ListBranchDataResponseSchema>;
export type DoRechargeResponse = z.infer<typeof DoRechargeResponseSchema>;
export type ConfirmRechargeResponse = z.infer<typeof ConfirmRechargeResponseSchema>;
export type RechargeStatusResponse = z.infer<typeof RechargeStatusResponseSchema>;

/** Carat's numeric strings (cents, days, lengths); anything else counts as absent rather than as a wrong number. */
export function wholeNumber(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

// A record, so the compiler checks it names exactly the CaratStatus union.
const KNOWN_STATUSES: Record<CaratStatus, true> = {
  NOV: true, INV: true, PPC: true, PPN: true, PEN: true, CON: true, NEG: true, ERR: true, BLQ: true, EXP: true, EST: true, AGU: true, ABA: true, CAN: true, RET: true,
};

/** Carat's status as our union; an unknown code is kept out (browser-api: treat unknown ones as failures). */
export function caratStatus(value: string | undefined): CaratStatus | undefined {
  return value !== undefined && Object.hasOwn(KNOWN_STATUSES, value) ? (value as CaratStatus) : undefined;
}
