/**
 * `npm run ops -- <command>`: the operator's commands, reading DATA_DIR (default ./data) as the
 * proxy does.
 *   attention [--json]   what needs a person (ops/attention.ts); exit code 0 either way.
 *   copy-schedules       with DATABASE_URL: copies the SQLite journal's schedules to PostgreSQL
 *                        (store/postgres/copy-schedules.ts; README, "Moving from SQLite").
 */
import { parseArgs } from 'node:util';
import { formatAttention, listAttention } from './attention.ts';

const USAGE = 'usage: npm run ops -- attention [--json] | copy-schedules   (reads DATA_DIR, default ./data; copy-schedules writes to DATABASE_URL)';

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
if (command === 'copy-schedules') {
  const { copySchedulesToPostgres } = await import('../store/postgres/copy-schedules-cli.ts');
  try {
    const copied = await copySchedulesToPostgres(dataDir, process.env.DATABASE_URL);
    console.log(`copied ${copied.schedules} schedule(s), ${copied.executions} new execution(s), ${copied.notices} unverified notice(s)`);
    process.exit(0);
  } catch (error) {
    fail(error instanceof Error ? error.message : 'copy failed');
  }
}
const items = listAttention(dataDir);
console.log(parsed.values.json ? JSON.stringify(items, null, 2) : formatAttention(items));
