/** The session a browser request names: one the journal knows, and not expired. */
import { ApiFailure } from '../api-failure.ts';
import type { SessionRecord } from '../store/session-store.ts';
import type { RechargeDeps } from './recharge-deps.ts';

export const noSuchSession = () => new ApiFailure('not_found', 'There is no such recharge. Please start a new one.');

export const expiredSession = () => new ApiFailure('session_expired', 'This recharge has expired. Please start a new one.');

export async function loadSession(deps: Pick<RechargeDeps, 'store'>, id: string): Promise<SessionRecord> {
  const session = await deps.store.get(id);
  if (!session) throw noSuchSession();
  if (session.status === 'EXP') throw expiredSession();
  return session;
}
