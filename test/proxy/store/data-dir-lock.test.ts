/**
 * One proxy process per DATA_DIR (store/data-dir-lock.ts): a second proxy on the same DATA_DIR
 * refuses to start and says why; the lock is the operating system's, so a SIGKILLed holder leaves
 * none behind and the next proxy starts.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startRig, type Rig } from '../recovery/proxy-process.ts';

let rig: Rig | undefined;
after(async () => {
  await rig?.close();
});

test('a second proxy on one DATA_DIR is refused with a message saying so; after a SIGKILL of the first, a new one starts', async () => {
  rig = await startRig();
  const first = await rig.startProxy();
  await assert.rejects(rig.startProxy(), /Cannot start: DATA_DIR: another recharge proxy uses this DATA_DIR/);

  first.child.kill('SIGKILL');
  assert.equal((await first.exited).signal, 'SIGKILL');
  const next = await rig.startProxy();
  await next.waitFor(/recovery at start: /);
  next.child.kill('SIGTERM');
  assert.equal((await next.exited).code, 0);
});
