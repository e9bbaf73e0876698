/**
 * A session whose NIT Carat does not know is given up instead of being queried on every recovery
 * pass forever: when the status query was refused as such (Carat answered, HTTP 200, with a non-zero
 * esitef.code such as "unknown transaction") and the session is older than abandonUnknownAfterMs
 * (RECOVERY_ABANDON_AFTER_MS, default a day), it is marked settled as abandoned in the journal and
 * one warning names it (by its session id, never its NIT).
 *
 * Why this is safe: money only ever sits under a NIT Carat knows. A NIT it does not know holds no
 * top-up to confirm and no payment to undo, so there is nothing left for recovery to settle; asking
 * again can only repeat the refusal. The refusal has to be Carat's own answer, not a timeout, a 5xx
 * or a 4xx (those say nothing about the NIT), and the age bound keeps a passing refusal (a merchant
 * key being rotated, a gateway incident) from giving up a recent session that may still hold a PPC:
 * such a session stays unsettled and is queried on the next pass. The warning lets an operator look
 * the session up in the journal if the refusal had another cause.
 */
import type { RechargeDeps } from '../recharge/recharge-deps.ts';
import type { SessionRecord } from '../store/session-store.ts';

/** Carat's business code if the status query just journaled for this session was refused as such. */
async function refusedStatusQuery(deps: RechargeDeps, sessionId: string): Promise<string | undefined> {
  const last = (await deps.store.get(sessionId))?.steps.at(-1);
  return last?.step === 'status' && last.outcome === 'refused' ? last.esitefCode : undefined;
}

/** After a failed status query: gives the session up when Carat refused it and it is old enough. True when it did. */
export async function abandonIfUnknownToCarat(deps: RechargeDeps, session: SessionRecord): Promise<boolean> {
  const esitefCode = await refusedStatusQuery(deps, session.id);
  if (esitefCode === undefined) return false;
  const ageMs = deps.now() - Date.parse(session.createdAt);
  if (!(ageMs >= deps.abandonUnknownAfterMs)) return false;

  const abandonedAt = new Date(deps.now()).toISOString();
  await deps.store.update(session.id, (record) => ({ ...record, abandonedAt }));
  deps.logger.warn(
    { sessionId: session.id, esitefCode, ageHours: Math.floor(ageMs / 3_600_000), lastStatus: session.status },
    'recovery gave up a session: Carat does not know its transaction (it refused the status query), so no money is held under it',
  );
  return true;
}
