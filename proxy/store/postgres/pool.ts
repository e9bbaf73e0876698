/**
 * The connection pool to the shared PostgreSQL (DATABASE_URL) and the one way this proxy runs a
 * transaction on it. node-postgres reads everything from the URL (host, port, database, user,
 * password, sslmode); nothing of the URL ever reaches a log or an error message of ours, since it
 * may hold the password.
 */
import pg from 'pg';

export type Pool = pg.Pool;
export type Queryable = pg.Pool | pg.PoolClient;

export interface PoolOptions {
  /** Connections per process; default 10 (node-postgres's). N instances hold up to N × this. */
  max?: number;
  /** An idle connection broke (the server restarted, a network cut): told the error, never the URL. */
  onIdleError?: (error: Error) => void;
}

export function openPool(url: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: 'recharge-proxy',
    // A server that does not answer must not hang the start or a request for ever.
    connectionTimeoutMillis: 10_000,
  });
  // Without a listener, a broken idle connection would crash the process; the pool drops it and
  // opens another at the next query.
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when
 * it throws (and the error passed on).
 */
export async function inTransaction<T>(pool: Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot roll back is dropped (release(error)): the server ends its transaction with it.
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

/** A connection failure's code (ECONNREFUSED, 28P01…), for a start-up message: never the URL or the server's text. */
export function connectionFailureCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : error instanceof Error ? error.name : 'error';
}
