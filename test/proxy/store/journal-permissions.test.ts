/** The journal is its owner's only: DATA_DIR 0700 when the proxy creates it, the journal and its -wal/-shm files 0600. */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createSqliteSessionStore, JOURNAL_FILE } from '../../../proxy/store/sqlite-session-store.ts';

const root = mkdtempSync(join(tmpdir(), 'journal-mode-'));
after(() => rmSync(root, { recursive: true, force: true }));

const modeOf = (path: string) => statSync(path).mode & 0o777;

test('a DATA_DIR the proxy creates is 0700, and the journal, -wal and -shm are 0600', async () => {
  const dataDir = join(root, 'fresh', 'data');
  const store = createSqliteSessionStore({ dataDir });
  await store.put({ id: 's1', type: 'normal', nit: 'N'.repeat(64), status: 'NOV', createdAt: new Date().toISOString(), generalHash: '0000000000000000', dealers: [], branchData: {}, steps: [] });
  try {
    assert.equal(modeOf(dataDir), 0o700);
    for (const suffix of ['', '-wal', '-shm']) assert.equal(modeOf(join(dataDir, JOURNAL_FILE + suffix)).toString(8), '600', `journal.sqlite${suffix}`);
  } finally {
    await store.close();
  }
});

test('an existing journal left readable by others is made 0600 again when opened', async () => {
  const dataDir = join(root, 'existing');
  await createSqliteSessionStore({ dataDir }).close();
  const path = join(dataDir, JOURNAL_FILE);
  chmodSync(path, 0o644);
  const store = createSqliteSessionStore({ dataDir });
  try {
    assert.equal(modeOf(path).toString(8), '600');
  } finally {
    await store.close();
  }
});
