/**
 * Carat's authenticity POST for a creation started on instance A may reach instance B (several
 * proxies behind a balancer). The creation waits in A's memory (carat/authenticity-guard.ts), so B,
 * finding no creation of its own waiting for the notice (onUnmatched), records it in the shared
 * database and NOTIFYs every instance; each hands it to its own guard (deliver(form, 'relayed')),
 * and the one whose creation waits for it accepts it and deletes the row.
 *
 * The choice, LISTEN/NOTIFY rather than a poll: the creation is on the shopper's path, and a poll
 * short enough not to slow it (tens of ms) would cost every instance a query that often, waiting
 * or not. NOTIFY is delivered only to connected listeners, so the notice is also a row: a listener
 * whose connection broke reconnects, LISTENs again and re-reads the rows of the last minutes. A row
 * nobody accepted (a prober's, a creation that gave up) is deleted after NOTICE_KEEP_MS.
 *
 * Only the fields we use are relayed (the guard's NoticeForm); the listener has a connection of its
 * own, outside the pool, held for the process's life.
 */
import pg from 'pg';
import type { Pool } from './pool.ts';

/** Well past a creation's wait for its notice (twice CARAT_TIMEOUT_MS, at most 20 minutes). */
export const NOTICE_KEEP_MS = 30 * 60_000;
const CHANNEL = 'carat_authenticity';
const RECONNECT_MS = 1000;

export type RelayedForm = Record<string, string | undefined>;

export interface NoticeRelay {
  /** Records a notice no creation here waits for, and tells every instance (this one included). */
  relay(form: RelayedForm): Promise<void>;
  /** Where relayed notices go in this process: the guard's deliver(form, 'relayed'). Set once, by createApp. */
  deliverTo(deliver: (form: RelayedForm) => 'accepted' | 'ignored'): void;
  /** Stops listening (at shutdown). */
  close(): Promise<void>;
}

export interface NoticeRelayOptions {
  url: string;
  pool: Pool;
  /** The listening connection broke or could not reconnect (it tries again every second). */
  onListenerLost?: (error: Error) => void;
}

interface Notification {
  id: string;
  form: RelayedForm;
}

export async function openNoticeRelay(options: NoticeRelayOptions): Promise<NoticeRelay> {
  const { pool } = options;
  let deliver: ((form: RelayedForm) => 'accepted' | 'ignored') | undefined;
  let listener: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const handle = async ({ id, form }: Notification) => {
    if (deliver?.(form) !== 'accepted') return;
    await pool.query('DELETE FROM relayed_notices WHERE id = $1', [id]);
  };

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: options.url, application_name: 'recharge-proxy notices' });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      void handle(JSON.parse(message.payload) as Notification).catch(() => {});
    });
    client.on('error', (error) => {
      // Before it listened, the failure is listen()'s to report (its promise rejects).
      if (listener !== client) return;
      options.onListenerLost?.(error);
      void client.end().catch(() => {});
      if (listener === client) listener = undefined;
      if (!closed) retry = setTimeout(reconnect, RECONNECT_MS).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
    // Notices relayed while no connection listened (a reconnect): the guard ignores what nobody waits for.
    const { rows } = await pool.query<{ id: string; form: RelayedForm }>(
      'SELECT id::text, form FROM relayed_notices WHERE channel = $1 AND received_at > $2 ORDER BY id',
      [CHANNEL, new Date(Date.now() - NOTICE_KEEP_MS)],
    );
    for (const row of rows) await handle(row);
  }

  function reconnect(): void {
    if (closed) return;
    listen().catch((error: Error) => {
      options.onListenerLost?.(error);
      if (!closed) retry = setTimeout(reconnect, RECONNECT_MS).unref();
    });
  }

  await listen();

  return {
    async relay(form) {
      // One statement, one round trip on the creation's path: record, prune the old rows, notify.
      // The payload is built like the Notification the listeners parse ({ id, form }).
      const now = Date.now();
      await pool.query(
        `WITH recorded AS (
           INSERT INTO relayed_notices (channel, form, received_at) VALUES ($1, $2, $3) RETURNING id
         ), pruned AS (
           DELETE FROM relayed_notices WHERE received_at < $4
         )
         SELECT pg_notify($1, json_build_object('id', id::text, 'form', $2::jsonb)::text) FROM recorded`,
        [CHANNEL, JSON.stringify(form), new Date(now), new Date(now - NOTICE_KEEP_MS)],
      );
    },
    deliverTo(handler) {
      deliver = handler;
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await listener?.end().catch(() => {});
      listener = undefined;
    },
  };
}
