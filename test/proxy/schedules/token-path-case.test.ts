/**
 * Express matches routes regardless of letter case, so /API/SCHEDULES/<token> opens the schedule
 * like /api/schedules/<token>: the request line must mask the token in either spelling.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import { createLogger } from '../../../proxy/hardening/logger.ts';
import { waitForLogLines } from '../support/log-lines.ts';
import { startScheduleStack } from './schedule-stack.ts';

test('a token route spelled in capitals answers and still logs no token', async () => {
  const lines: string[] = [];
  const stack = await startScheduleStack({ logger: createLogger({ level: 'info', destination: new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }) }) });
  try {
    const token = (await stack.schedule(2, stack.dayAhead(3))).body.schedule.token as string;
    const upper = await stack.call('GET', `/API/SCHEDULES/${token}`);
    assert.equal(upper.status, 200, 'Express routes case-insensitively: the capitals open the schedule');
    await stack.call('GET', `/Schedules/${token}`);
    await waitForLogLines(() => lines.filter((line) => line.includes('request completed') && /schedules/i.test(line)).length >= 2, 'the token routes');
    assert.ok(!lines.join('\n').includes(token), 'no token in the log');
  } finally {
    await stack.close();
  }
});
