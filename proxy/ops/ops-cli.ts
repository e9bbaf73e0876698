/**
 * `npm run ops -- <command>`: the operator's commands, reading the journal the proxy does: with
 * DATABASE_URL the shared PostgreSQL, else the SQLite files under DATA_DIR (default ./data).
 *   attention [--json]   what needs a person (ops/attention.ts), read-only; exit code 0 either way
 *                        (1 when the database cannot be read).
 *   copy-schedules       with DATABASE_URL: copies the SQLite journal's schedules to PostgreSQL
 *                        (store/postgres/copy-schedules.ts; README, "Moving from SQLite").
 * Errors are one line naming the variable and a code, never DATABASE_URL's value (it may hold the password).
 */
import { parseArgs } from 'node:util';
import { formatAttention, type AttentionItem } from './attention.ts';
import { AttentionUnreadable, listAttention, listAttentionInPostgres } from './attention-readers.ts';

const USAGE = 'usage: npm run ops -- attention [--json] | copy-schedules   (reads DATABASE_URL if set, else DATA_DIR, default ./data; copy-schedules copies DATA_DIR to DATABASE_URL)';

function fail(message: string): never {
  console.error(`ops: ${message}`);
  process.exit(1);
}

let parsed: ReturnType<typeof parseArgs<{ options: { json: { type: 'boolean' } }; allowPositionals: true }>>;
try {
  parsed = parseArgs({ options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const [command, ...rest] = parsed.positionals;
if ((command !== 'attention' && command !== 'copy-schedules') || rest.length > 0) fail(USAGE);

const dataDir = process.env.DATA_DIR || './data';
const databaseUrl = process.env.DATABASE_URL || undefined;
if (command === 'copy-schedules') {
  const { copySchedulesToPostgres } = await import('../store/postgres/copy-schedules-cli.ts');
  try {
    const copied = await copySchedulesToPostgres(dataDir, databaseUrl);
    console.log(`copied ${copied.schedules} schedule(s), ${copied.executions} new execution(s), ${copied.notices} unverified notice(s)`);
    process.exit(0);
  } catch (error) {
    fail(error instanceof Error ? error.message : 'copy failed');
  }
}
let items: AttentionItem[];
try {
  items = databaseUrl ? await listAttentionInPostgres(databaseUrl) : listAttention(dataDir);
} catch (error) {
  if (!(error instanceof AttentionUnreadable)) throw error;
  fail(error.message);
}
console.log(parsed.values.json ? JSON.stringify(items, null, 2) : formatAttention(items));
