/**
 * `npm run ops -- <command>`: the operator's commands, reading DATA_DIR (default ./data) as the
 * proxy does.
 *   attention [--json]   what needs a person (ops/attention.ts); exit code 0 either way.
 */
import { parseArgs } from 'node:util';
import { formatAttention, listAttention } from './attention.ts';

const USAGE = 'usage: npm run ops -- attention [--json]   (reads DATA_DIR, default ./data)';

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
if (command !== 'attention' || rest.length > 0) fail(USAGE);

const dataDir = process.env.DATA_DIR || './data';
const items = listAttention(dataDir);
console.log(parsed.values.json ? JSON.stringify(items, null, 2) : formatAttention(items));
