/**
 * The shared database's migrations: applied once when several instances start at once (the
 * advisory lock), each version once, a later one on top of the earlier, and a failed one leaves
 * nothing half-applied.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { migrate, MIGRATIONS, type Migration } from '../../../../proxy/store/postgres/migrations.ts';
import { openPool, type Pool } from '../../../../proxy/store/postgres/pool.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../support/throwaway-postgres.ts';

let server: ThrowawayPostgres;
const pools: Pool[] = [];
before(async () => {
  server = await startThrowawayPostgres();
});
after(async () => {
  for (const pool of pools) await pool.end();
  await server.stop();
});

function pool(url: string): Pool {
  const opened = openPool(url);
  pools.push(opened);
  return opened;
}

const tables = async (db: Pool) =>
  (await db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((row) => row.name);

test('four instances starting at once: one applies the migrations, the others find them applied', async () => {
  const url = await server.freshDatabase();
  const instances = [1, 2, 3, 4].map(() => pool(url));
  const applied = await Promise.all(instances.map((instance) => migrate(instance)));
  const latest = MIGRATIONS.map((migration) => migration.version);
  assert.deepEqual(applied.filter((versions) => versions.length > 0), [latest]);
  const present = await tables(instances[0]!);
  for (const table of ['schema_migrations', 'sessions', 'results', 'used_grants', 'relayed_notices', 'rate_limit_hits', 'card_attempts']) assert.ok(present.includes(table), table);
  const { rows } = await instances[0]!.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  assert.deepEqual(rows.map((row) => row.version), latest, 'each version once');
  assert.deepEqual(await migrate(instances[1]!), [], 'a restart applies nothing');
});

test('a later migration is applied on top; a failing one leaves no trace', async () => {
  const url = await server.freshDatabase();
  const db = pool(url);
  await migrate(db);
  const next = MIGRATIONS.at(-1)!.version + 1;
  const added: Migration = { version: next, name: 'a table of a later issue', sql: 'CREATE TABLE later_things (id text PRIMARY KEY)' };
  const broken: Migration = { version: next + 1, name: 'broken', sql: 'CREATE TABLE half_done (id text); SELECT no_such_function()' };
  await assert.rejects(migrate(db, [...MIGRATIONS, added, broken]), /no_such_function/);
  assert.ok(!(await tables(db)).includes('later_things'), 'the run is one transaction: nothing of it stays');
  assert.ok(!(await tables(db)).includes('half_done'));
  assert.deepEqual(await migrate(db, [...MIGRATIONS, added]), [next]);
  assert.ok((await tables(db)).includes('later_things'));
  const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  assert.deepEqual(rows.map((row) => row.version), [...MIGRATIONS.map((migration) => migration.version), next]);
});
