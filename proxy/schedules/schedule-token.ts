/**
 * A schedule's token: the shopper's only key to see or cancel it (issue 10). 32 random bytes (256
 * bits), base64url; the store keeps only its SHA-256, so a copy of the journal opens no schedule.
 * The hash is also the name error logs and the ops listing use for a schedule.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ScheduleTokenSchema } from '../browser-schemas.ts';

export function newScheduleToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashScheduleToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** True when the text can be a token at all (checked before any lookup). */
export function looksLikeScheduleToken(text: unknown): text is string {
  return ScheduleTokenSchema.safeParse(text).success;
}
