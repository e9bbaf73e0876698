/**
 * Strict zod schemas for everything the browser sends (browser-api.ts types). Unknown fields are
 * refused, and every failure names the field as a dotted path, so the widget can show it in place.
 * Formats follow Carat's tables (§3.4–3.5) so that a bad request never reaches Carat.
 */
import { z } from 'zod';
import type {
  BranchDataRequest, CreateRechargeRequest, PendingRecharge, RechargeRequest, RechargeType, ScheduleSummary, ScheduleView,
} from './browser-api.ts';
import { ApiFailure, invalidRequest } from './api-failure.ts';
import {
  BRAND_NAMES, CARD_NUMBER_LENGTH, detectBrand, HOLDER_LENGTH, HOLDER_PATTERN, isValidCardNumber, RECHARGE_TYPES, type CardBrand,
} from './browser-rules.ts';

const digits = (min: number, max: number, what: string) =>
  z.string({ error: `expected ${what} as a string` }).regex(new RegExp(`^\\d{${min},${max}}$`), `expected ${what}: ${min === max ? min : `${min}–${max}`} digits`);

export const RechargeTypeSchema = z.enum(RECHARGE_TYPES, { error: 'expected "normal", "others" or "invoice"' });
const DealerCodeSchema = digits(1, 3, 'a dealer code');
const TypeCodeSchema = digits(1, 3, 'a type code');
const BranchCodeSchema = digits(1, 11, 'a branch code');
export const DddSchema = z.string({ error: 'expected an area code (DDD) as a string' }).regex(/^[1-9][1-9]$/, 'expected an area code (DDD): two digits, 11–99');

const AnswerSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9]{1,20}$/, 'expected a question id: 1–20 letters or digits'),
  description: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters')
    .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), 'must not contain control characters'),
});
const AnswersSchema = z.array(AnswerSchema).max(20, 'at most 20 answers');

export const CreateRechargeRequestSchema = z.strictObject({
  type: RechargeTypeSchema,
  // Read as a JWT by grants/order-grant.ts; bounded here so a huge string is refused before that.
  grant: z.string({ error: 'expected an order grant (a JWT) as a string' }).min(1, 'must not be empty').max(4096, 'is too long for an order grant').optional(),
});

export const BranchDataRequestSchema = z.strictObject({
  dealerCode: DealerCodeSchema,
  typeCode: TypeCodeSchema.optional(),
  branchCode: BranchCodeSchema.optional(),
  ddd: DddSchema.optional(),
  answers: AnswersSchema.optional(),
});

/** "MM/YY" not before the current month (cards are valid through the end of their month). */
function isUnexpired(expiry: string, now = new Date()): boolean {
  const month = Number(expiry.slice(0, 2));
  const year = 2000 + Number(expiry.slice(3, 5));
  return year * 12 + month >= now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
}

const CardPaymentSchema = z.strictObject({
  card: z.strictObject({
    number: digits(CARD_NUMBER_LENGTH.min, CARD_NUMBER_LENGTH.max, 'a card number')
      .refine(isValidCardNumber, 'is not a valid card number (length for its brand, check digit)')
      // Which known brands are charged depends on CARAT_AUTHORIZER_IDS: parseRechargeRequest checks that.
      .refine((number) => detectBrand(number) !== 'unknown', 'this card brand is not known'),
    expiry: z.string().regex(/^(0[1-9]|1[0-2])\/\d{2}$/, 'expected MM/YY').refine((value) => isUnexpired(value), 'the card has expired'),
    securityCode: digits(3, 4, 'a security code'),
    holder: z.string().min(HOLDER_LENGTH.min, `must be at least ${HOLDER_LENGTH.min} characters`)
      .max(HOLDER_LENGTH.max, `must be at most ${HOLDER_LENGTH.max} characters`)
      .regex(HOLDER_PATTERN, 'expected letters and spaces only').optional(),
  }),
  installments: z.int({ error: 'expected a whole number of installments' }).min(1, 'at least 1').max(12, 'at most 12'),
});

/** Issue 10's monthly top-ups; whether the day is ahead and within 60 days is checked with the clock (proxy/schedules/repeat-rules.ts). */
export const RepeatRequestSchema = z.strictObject({
  every: z.literal('month', { error: 'expected "month"' }),
  times: z.int({ error: 'expected a whole number of times' }).min(2, 'at least 2').max(12, 'at most 12'),
  startDate: z.string({ error: 'expected a date YYYY-MM-DD as a string' }).regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a date YYYY-MM-DD').optional(),
});

export const RechargeRequestSchema = z.strictObject({
  dealerCode: DealerCodeSchema,
  typeCode: TypeCodeSchema.optional(),
  branchCode: BranchCodeSchema.optional(),
  phone: z.strictObject({ ddd: DddSchema, number: digits(8, 9, 'a phone number') }).optional(),
  amountCents: z.int({ error: 'expected a whole number of cents' }).min(1, 'must be positive').max(99_999_999_999, 'is too large'),
  amountKey: z.string().regex(/^[A-Za-z0-9]{1,10}$/, 'expected an amount key: 1–10 letters or digits').optional(),
  answers: AnswersSchema.optional(),
  // Carat's documented bar-code lengths disagree (44 vs 48, Q6): accept any length up to 48.
  invoice: z.strictObject({ barCode: digits(1, 48, 'a bar code') }).optional(),
  payment: CardPaymentSchema.optional(),
  repeat: RepeatRequestSchema.optional(),
});

/** Which optional fields each recharge type requires or refuses (§3.4, §3.5, Q5). */
interface TypeRule {
  required: string[];
  refused: string[];
}
const BRANCH_RULES: Record<RechargeType, TypeRule> = {
  normal: { required: ['ddd'], refused: ['answers'] },
  others: { required: ['typeCode', 'branchCode'], refused: [] },
  invoice: { required: ['branchCode'], refused: ['typeCode', 'ddd'] },
};
const RECHARGE_RULES: Record<RechargeType, TypeRule> = {
  normal: { required: ['phone'], refused: ['branchCode', 'invoice'] },
  // A PIN or a bill takes its card through REST Payment (recharge/card-payment-sale.ts), when the proxy has it;
  // a monthly top-up (repeat) is for phone top-ups only.
  others: { required: ['typeCode', 'branchCode'], refused: ['phone', 'invoice', 'repeat'] },
  invoice: { required: ['branchCode', 'invoice'], refused: ['phone', 'typeCode', 'repeat'] },
};

function applyTypeRule(body: object, type: RechargeType, rule: TypeRule): void {
  for (const field of rule.required) {
    if (!(field in body) || (body as Record<string, unknown>)[field] === undefined) {
      throw invalidRequest(field, `is required for a ${type} recharge`);
    }
  }
  for (const field of rule.refused) {
    if ((body as Record<string, unknown>)[field] !== undefined) throw invalidRequest(field, `is not allowed for a ${type} recharge`);
  }
}

/** Turns the first zod issue into a 400 that names the field ("phone.number", "payment.card.expiry"). */
export function failureFromZod(error: z.ZodError, root = 'body'): ApiFailure {
  const issue = error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') path.push(issue.keys[0]!);
  const field = path.length ? path.join('.') : root;
  const message = issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message;
  return invalidRequest(field, message);
}

function parseWith<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('body', 'expected a JSON object (Content-Type: application/json)');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw failureFromZod(parsed.error);
  return parsed.data;
}

export function parseCreateRechargeRequest(body: unknown): CreateRechargeRequest {
  return parseWith(CreateRechargeRequestSchema, body);
}

export function parseBranchDataRequest(body: unknown, type: RechargeType): BranchDataRequest {
  const request = parseWith(BranchDataRequestSchema, body);
  applyTypeRule(request, type, BRANCH_RULES[type]);
  return request;
}

/**
 * `cardBrands`: the brands this proxy can charge for this type (those with a Carat authorizer id; none
 * for a PIN or a bill without REST Payment); a card of another is refused here.
 */
export function parseRechargeRequest(body: unknown, type: RechargeType, cardBrands: readonly CardBrand[]): RechargeRequest {
  const request = parseWith(RechargeRequestSchema, body);
  applyTypeRule(request, type, RECHARGE_RULES[type]);
  if (request.payment && cardBrands.length === 0) {
    throw invalidRequest('payment', `is not accepted for a ${type} recharge on this proxy (card payments need CARAT_API_URL): the shop's order grant pays for it`);
  }
  const brand = request.payment && detectBrand(request.payment.card.number);
  if (brand && !cardBrands.includes(brand)) {
    const accepted = cardBrands.map((b) => BRAND_NAMES[b]).join(', ') || 'none';
    throw invalidRequest('payment.card.number', `${BRAND_NAMES[brand]} cards cannot be charged here; accepted brands: ${accepted}`);
  }
  return request;
}

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/**
 * The recharge route's Idempotency-Key header: one key per shopper attempt, checked before anything
 * else runs. Two headers arrive joined by ", " and fail too: one attempt, one key. Replaying a
 * finished result and joining a duplicate in flight are the journal's (recharge/idempotent-recharge.ts).
 */
export const IdempotencyKeySchema = z
  .string({ error: 'this header is required, with a new value for each attempt' })
  .min(1, 'this header is required, with a new value for each attempt')
  .regex(/^[A-Za-z0-9_-]{8,128}$/, 'must be 8–128 characters, each a letter, a digit, "_" or "-"');

/** The header's value, or a 400 naming the header (its value is never echoed back). */
export function parseIdempotencyKey(value: string | undefined): string {
  const parsed = IdempotencyKeySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const code = value === undefined || value === '' ? 'missing_idempotency_key' : 'invalid_request';
  throw new ApiFailure(code, `${IDEMPOTENCY_KEY_HEADER}: ${parsed.error.issues[0]!.message}`, IDEMPOTENCY_KEY_HEADER);
}

/** The 202 answer of the recharge call (browser-api.ts PendingRecharge), checked against the contract below. */
export const PendingRechargeSchema = z.strictObject({ status: z.literal('pending'), id: z.string(), retryAfterMs: z.int().min(0) });

// Compile-time check that the schemas produce exactly the contract's types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemasMatchContract: [
  Same<z.infer<typeof CreateRechargeRequestSchema>, CreateRechargeRequest>,
  Same<z.infer<typeof BranchDataRequestSchema>, BranchDataRequest>,
  Same<z.infer<typeof RechargeRequestSchema>, RechargeRequest>,
  Same<z.infer<typeof PendingRechargeSchema>, PendingRecharge>,
] = [true, true, true, true];
void schemasMatchContract;

const ScheduleStatusSchema = z.enum(['active', 'pending', 'cancelled', 'finished', 'failed']);
const IsoDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The `schedule` a recharge answer adds (browser-api.ts ScheduleSummary), checked against the contract below. */
export const ScheduleSummarySchema = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
  status: ScheduleStatusSchema,
  every: z.literal('month'),
  times: z.int().min(2).max(12),
  nextDate: IsoDaySchema.optional(),
  manageUrl: z.string().optional(),
});

/** GET /api/schedules/:token (browser-api.ts ScheduleView). */
export const ScheduleViewSchema = z.strictObject({
  status: ScheduleStatusSchema,
  dealerCode: z.string(),
  dealerName: z.string(),
  phone: z.strictObject({ ddd: z.string(), number: z.string().regex(/^\*+\d{4}$/) }),
  amountCents: z.int().min(1),
  every: z.literal('month'),
  times: z.int().min(2).max(12),
  done: z.int().min(0),
  nextDate: IsoDaySchema.optional(),
  charges: z.array(z.strictObject({ date: IsoDaySchema, amountCents: z.int().min(1), status: z.enum(['topped_up', 'denied', 'pending', 'attention']) })),
});

/** A schedule's token in a path (proxy/schedules/schedule-token.ts: 32 random bytes, base64url); anything else names no schedule. */
export const ScheduleTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

const scheduleSchemasMatchContract: [
  Same<z.infer<typeof ScheduleSummarySchema>, ScheduleSummary>,
  Same<z.infer<typeof ScheduleViewSchema>, ScheduleView>,
] = [true, true];
void scheduleSchemasMatchContract;
