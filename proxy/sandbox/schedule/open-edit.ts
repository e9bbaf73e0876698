/**
 * POST /v1/schedules/edits {sid, merchant_data} — opens an edit of an ATV or INA schedule (§6.6).
 * Inside the call the sandbox form-POSTs seid, merchant_data and sid to the merchant's authenticity
 * URL; only a 200 keeps the SEID (anything else invalidates it and fails the call). The answer
 * carries no SEID: the form POST is its only way to the merchant.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../context.ts';
import { jsonBody, merchantOf } from '../payment/payment-checks.ts';
import { RequestError, alnum, field, requiredField } from '../request-rules.ts';
import { ESITEF_CODES, OK_MESSAGE, type WireBody } from '../responses.ts';
import { postForm } from './form-post.ts';
import { loadSchedule } from './schedule-checks.ts';
import type { Scheduling } from './scheduling.ts';

export async function openEdit(ctx: SandboxContext, scheduling: Scheduling, req: Request): Promise<WireBody> {
  const merchant = merchantOf(ctx, req);
  const body = jsonBody(req.body);
  const sid = requiredField(body, 'sid', alnum(64));
  const merchantData = field(body, 'merchant_data', alnum(20)) ?? '';
  const schedule = loadSchedule(scheduling, merchant, sid);
  if (schedule.status !== 'ATV' && schedule.status !== 'INA') {
    throw new RequestError('sid', `schedule is ${schedule.status}; editing needs ATV or INA`, ESITEF_CODES.wrongState, schedule.status);
  }
  if (merchant.authenticityUrl === undefined) {
    throw new RequestError('merchant', 'no authenticity URL is registered for the SEID', ESITEF_CODES.authenticityPost);
  }
  const edit = scheduling.edits.open(schedule.sid, merchant.key);
  const delivered = (await postForm(merchant.authenticityUrl, { seid: edit.seid, merchant_data: merchantData, sid: schedule.sid }, ctx.authenticityTimeoutMs)) === 200;
  if (!delivered) {
    edit.status = 'INV';
    throw new RequestError('merchant', 'the authenticity URL did not answer 200: the edit was not opened', ESITEF_CODES.authenticityPost);
  }
  return { code: ESITEF_CODES.ok, message: OK_MESSAGE };
}
