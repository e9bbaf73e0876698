/**
 * A request's summary line is written when the server sees the response finish, which can be a
 * moment after the client already holds the response: tests wait for the lines they expect.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export async function waitForLogLines(ready: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for the log lines of ${what}`);
    await sleep(5);
  }
}
