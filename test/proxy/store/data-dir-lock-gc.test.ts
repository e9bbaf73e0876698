/**
 * The DATA_DIR lock (store/data-dir-lock.ts) must hold for the life of the process, whether or not
 * its caller keeps the handle: better-sqlite3 closes a database that is garbage-collected, and
 * closing it releases the OS lock, so a dropped handle let a second proxy start on the same DATA_DIR.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { after, test } from 'node:test';
import { DataDirInUse, lockDataDir } from '../../../proxy/store/data-dir-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'data-dir-lock-gc-'));
after(() => rmSync(dir, { recursive: true, force: true }));

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

test('a lock whose handle was dropped still refuses a second holder after a garbage collection', async () => {
  lockDataDir(dir);
  for (let round = 0; round < 3; round++) {
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.throws(() => lockDataDir(dir), DataDirInUse);
});

test('the same DATA_DIR named through a symlink or a relative path is the same lock', () => {
  const real = join(dir, 'real');
  const lock = lockDataDir(real);
  try {
    symlinkSync(real, join(dir, 'alias'));
    assert.throws(() => lockDataDir(join(dir, 'alias')), DataDirInUse);
    assert.throws(() => lockDataDir(relative(process.cwd(), real)), DataDirInUse);
  } finally {
    lock.release();
  }
  lockDataDir(join(dir, 'alias')).release();
});
