/**
 * `npm run ops -- resolve <id>`: a person marks an attention item handled (refunded, topped up by
 * hand, …), with who, when and a note. The mark is kept on the record (the session's `attention`,
 * or the schedule execution), and `attention` lists the item only with --all from then on.
 *
 * It is a note for people, never a decision for the proxy: the session stays settled and flagged
 * (retention keeps it), the execution stays `attention` (only `charged` is ever topped up), and no
 * money path reads the mark. Written through the stores' own updates, beside live proxies.
 */
import type { ScheduleStore } from '../schedules/schedule-store.ts';
import { executionAttentionId } from '../schedules/attention.ts';
import type { AttentionResolution, SessionStore } from '../store/session-store.ts';

export type ResolveOutcome =
  | { outcome: 'resolved'; kind: string }
  | { outcome: 'already resolved'; resolved: AttentionResolution }
  | { outcome: 'unknown' };

export async function resolveAttention(
  stores: { sessions: SessionStore; schedules: ScheduleStore },
  id: string,
  resolution: AttentionResolution,
): Promise<ResolveOutcome> {
  // The first mark wins, should two people resolve one item at once (each update is a transaction).
  let marked = false;
  const session = await stores.sessions.get(id);
  if (session?.attention) {
    const updated = await stores.sessions.update(id, (record) => {
      if (!record.attention || record.attention.resolved) return record;
      marked = true;
      return { ...record, attention: { ...record.attention, resolved: resolution } };
    });
    return marked ? { outcome: 'resolved', kind: 'card sale' } : { outcome: 'already resolved', resolved: updated.attention!.resolved! };
  }
  const execution = (await stores.schedules.listAttention()).find((candidate) => executionAttentionId(candidate.nit) === id);
  if (!execution) return { outcome: 'unknown' };
  const updated = await stores.schedules.updateExecution(execution.nit, (record) => {
    if (record.state !== 'attention' || record.resolved) return record;
    marked = true;
    return { ...record, resolved: resolution };
  });
  return marked ? { outcome: 'resolved', kind: 'schedule top-up' } : { outcome: 'already resolved', resolved: updated.resolved! };
}
