/**
 * `npm run ops -- <command>`: the operator's commands, on the journal the proxy uses: with
 * DATABASE_URL the shared PostgreSQL, else the SQLite files under DATA_DIR (default ./data).
 *   attention [--json] [--all]   what needs a person (ops/attention.ts), read-only; exit code 0
 *                                either way. --all: the items resolved too, with who, when, why.
 *   resolve <id> --by <name> --note <text>
 *                                marks one item handled (ops/resolve-attention.ts): <id> as listed
 *                                (a card sale's session id, a schedule charge's id). Never acts on money.
 *   copy-schedules               with DATABASE_URL: copies the SQLite journal's schedules to
 *                                PostgreSQL (store/postgres/copy-schedules.ts; README, "Moving from SQLite").
 * Errors are one line (exit code 1) naming the variable and a code, never DATABASE_URL's value (it may hold the password).
 */
import { parseArgs } from 'node:util';
import { attentionToList, formatAttention, type AttentionItem } from './attention.ts';
import { AttentionUnreadable, listAttention, listAttentionInPostgres } from './attention-readers.ts';
import { connectionFailureCode } from '../store/postgres/pool.ts';

const USAGE = 'usage: npm run ops -- attention [--json] [--all] | resolve <id> --by <name> --note <text> | copy-schedules'
  + '   (the journal of DATABASE_URL if set, else of DATA_DIR, default ./data; copy-schedules copies DATA_DIR to DATABASE_URL)';

function fail(message: string): never {
  console.error(`ops: ${message}`);
  process.exit(1);
}

const OPTIONS = { json: { type: 'boolean' }, all: { type: 'boolean' }, by: { type: 'string' }, note: { type: 'string' } } as const;
let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
try {
  parsed = parseArgs({ options: OPTIONS, allowPositionals: true, strict: true });
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const [command, ...rest] = parsed.positionals;
const arity: Record<string, number> = { attention: 0, resolve: 1, 'copy-schedules': 0 };
if (command === undefined || arity[command] !== rest.length) fail(USAGE);

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

if (command === 'resolve') {
  const { by, note } = parsed.values;
  if (!by?.trim() || !note?.trim()) fail(`resolve needs --by (who) and --note (what was done)\n${USAGE}`);
  const { NoJournal, openOpsJournal } = await import('./ops-journal.ts');
  const { resolveAttention } = await import('./resolve-attention.ts');
  const id = rest[0]!;
  let result: Awaited<ReturnType<typeof resolveAttention>>;
  try {
    const journal = openOpsJournal(dataDir, databaseUrl);
    try {
      result = await resolveAttention(journal, id, { by: by.trim(), at: new Date().toISOString(), note: note.trim() });
    } finally {
      await journal.close();
    }
  } catch (error) {
    if (error instanceof NoJournal) fail(error.message);
    if (!databaseUrl) throw error;
    fail(`DATABASE_URL: cannot update the PostgreSQL journal (${connectionFailureCode(error)})`);
  }
  if (result.outcome === 'unknown') fail(`resolve: no attention item ${id} (ids as \`attention\` lists them)`);
  if (result.outcome === 'already resolved') fail(`resolve: ${id} was resolved by ${result.resolved.by} at ${result.resolved.at}: ${result.resolved.note}`);
  console.log(`resolved ${result.kind} ${id}: listed by \`attention --all\` only`);
  process.exit(0);
}

let items: AttentionItem[];
try {
  items = attentionToList(databaseUrl ? await listAttentionInPostgres(databaseUrl) : listAttention(dataDir), parsed.values.all);
} catch (error) {
  if (!(error instanceof AttentionUnreadable)) throw error;
  fail(error.message);
}
console.log(parsed.values.json ? JSON.stringify(items, null, 2) : formatAttention(items));
