/** What the recharge steps need, injected by createApp; and the small helpers they share. */
import type { Logger } from 'pino';
import type { CaratStatus } from '../browser-api.ts';
import { ApiFailure } from '../api-failure.ts';
import type { CatalogueCache } from '../catalogue-cache.ts';
import type { CaratClient } from '../carat/client.ts';
import { GatewayFailure } from '../carat/http.ts';
import type { CaratAuth } from '../config.ts';
import type { AuthenticityGuard } from '../carat/authenticity-guard.ts';
import type { GatewayStep, SessionRecord, SessionStore, StepOutcome } from '../store/session-store.ts';

export interface RechargeDeps {
  carat: CaratClient;
  store: SessionStore;
  cache: CatalogueCache;
  auth: CaratAuth;
  /** Authenticity mode: hands each creation the NIT that Carat form-POSTs to us. */
  authenticity: AuthenticityGuard;
  merchantKey: string;
  now: () => number;
  /** The app's logger (secrets redacted): for what happens outside a request, such as recovery. */
  logger: Logger;
  /** Recovery gives up a session whose NIT Carat does not know once it is this old (RECOVERY_ABANDON_AFTER_MS). */
  abandonUnknownAfterMs: number;
}

const KNOWN_STATUSES = new Set<string>(['NOV', 'INV', 'PPC', 'PPN', 'PEN', 'CON', 'NEG', 'ERR', 'BLQ', 'EXP', 'EST', 'AGU', 'ABA', 'CAN', 'RET']);

/** Carat's status as our union; an unknown code is kept out (browser-api: treat unknown ones as failures). */
export function caratStatus(value: string | undefined): CaratStatus | undefined {
  return value !== undefined && KNOWN_STATUSES.has(value) ? (value as CaratStatus) : undefined;
}

export function stepOutcome(deps: RechargeDeps, step: GatewayStep, outcome: StepOutcome['outcome'], status?: string): StepOutcome {
  const entry: StepOutcome = { step, outcome, at: new Date(deps.now()).toISOString() };
  if (status !== undefined) entry.caratStatus = status;
  return entry;
}

export async function loadSession(deps: RechargeDeps, id: string): Promise<SessionRecord> {
  const session = await deps.store.get(id);
  if (!session) throw new ApiFailure('not_found', 'There is no such recharge. Please start a new one.');
  if (session.status === 'EXP') throw expiredSession();
  return session;
}

export function expiredSession(): ApiFailure {
  return new ApiFailure('session_expired', 'This recharge has expired. Please start a new one.');
}

/**
 * Records a failed gateway call on the session and returns what the browser should get: an expired
 * transaction becomes session_expired (410), anything else passes through.
 */
export async function recordFailure(deps: RechargeDeps, session: SessionRecord, step: GatewayStep, error: unknown): Promise<unknown> {
  if (!(error instanceof GatewayFailure)) return error;
  const expired = error.caratStatus === 'EXP';
  await deps.store.update(session.id, (record) => ({
    ...record,
    ...(expired ? { status: 'EXP' as const } : {}),
    steps: [...record.steps, stepOutcome(deps, step, error.outcomeUnknown ? 'unknown' : 'refused', error.caratStatus)],
  }));
  return expired ? expiredSession() : error;
}
